"""`flask bans list|add|remove`."""

from __future__ import annotations

import click

from services import bans as ban_service
from services.errors import ServiceError


@click.group("bans")
def bans() -> None:
    """The ban list: refused client fingerprints and email addresses."""


@bans.command("list")
def list_() -> None:
    """Every ban (fingerprints are keyed hashes, never IP addresses)."""
    rows = ban_service.list_bans()
    if not rows:
        click.echo("no bans")
    for ban in rows:
        shown = ban.value if ban.kind.value == "email" else ban.value[:12] + "…"
        click.echo(f"{ban.id:>4}  {ban.kind.value:<11} {shown:<40} {ban.note or ''}")


@bans.command("add")
@click.option("--email", required=True, help="Refuse posts giving this email address.")
@click.option("--note", default=None)
def add(email: str, note: str | None) -> None:
    """Ban an email address (ban a client from a comment's page on the dashboard)."""
    try:
        ban = ban_service.add_ban("email", email, note)
    except ServiceError as exc:
        raise click.ClickException(exc.describe()) from None
    click.echo(f"banned {ban.value} (id {ban.id})")


@bans.command("remove")
@click.argument("ban_id", type=int)
def remove(ban_id: int) -> None:
    """Lift a ban."""
    try:
        ban_service.remove_ban(ban_id)
    except ServiceError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"ban {ban_id} lifted")
