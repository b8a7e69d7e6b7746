"""`flask bootstrap`: the embedded default's first run."""

from __future__ import annotations

import click
from flask import current_app

from services.bootstrap import bootstrap


@click.command("bootstrap")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
def bootstrap_command(base_url: str) -> None:
    """Create the first admin (password printed once) and the demo article, if missing."""
    cfg = current_app.config["APP_CONFIG"]
    result = bootstrap(cfg.bootstrap_admin_email, base_url)
    if result.admin_password:
        click.echo("=" * 64)
        click.echo("First run: an admin account was created. The password is shown ONCE:")
        click.echo(f"  email:    {result.admin_email}")
        click.echo(f"  password: {result.admin_password}")
        click.echo("Change it later with: flask users reset-password --email ...")
        click.echo("=" * 64)
    else:
        click.echo("users exist already; no admin created")
    base = base_url.rstrip("/")
    click.echo(
        f"demo article ({'created' if result.demo_created else 'exists'}): "
        f"{result.demo_article.url}"
    )
    click.echo(f"moderator dashboard:  {base}/dashboard/")
    click.echo(f"JSON API:             {base}/api/v1/")
    click.echo(f"health:               {base}/healthz")
