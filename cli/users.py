"""`flask users create|list|deactivate|activate|reset-password`."""

from __future__ import annotations

from typing import NoReturn

import click

from models import Role
from services import users as user_service
from services.errors import ServiceError


def _fail(exc: ServiceError) -> NoReturn:
    raise click.ClickException(exc.describe())


@click.group("users")
def users() -> None:
    """Manage moderators and admins."""


@users.command("create")
@click.option("--email", required=True, help="Sign-in email address.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.MODERATOR.value,
    show_default=True,
)
@click.option("--name", "display_name", default=None, help="Name shown in the audit trail.")
@click.password_option(help="Prompted for (twice) when not given.")
def create(email: str, role: str, display_name: str | None, password: str) -> None:
    """Create a user; the password is prompted for."""
    try:
        user = user_service.create_user(email, password, role, display_name)
    except ServiceError as exc:
        _fail(exc)
    click.echo(f"created {user.role.value} {user.email} (id {user.id})")


@users.command("list")
def list_() -> None:
    """List users with their role and whether they are active."""
    rows = user_service.list_users()
    if not rows:
        click.echo("no users")
        return
    click.echo(f"{'id':>4}  {'email':<40} {'role':<10} active")
    for user in rows:
        click.echo(
            f"{user.id:>4}  {user.email:<40} {user.role.value:<10} {'yes' if user.active else 'no'}"
        )


@users.command("deactivate")
@click.option("--email", required=True)
def deactivate(email: str) -> None:
    """Deactivate a user: their sessions end and their API tokens are revoked."""
    _set_active(email, active=False)


@users.command("activate")
@click.option("--email", required=True)
def activate(email: str) -> None:
    """Re-activate a user."""
    _set_active(email, active=True)


def _set_active(email: str, *, active: bool) -> None:
    try:
        user = user_service.set_active(email, active)
    except ServiceError as exc:
        _fail(exc)
    click.echo(f"{'activated' if active else 'deactivated'} {user.email}")


@users.command("reset-password")
@click.option("--email", required=True)
def reset_password(email: str) -> None:
    """Give a user a new random password, printed once."""
    try:
        user, password = user_service.reset_password(email)
    except ServiceError as exc:
        _fail(exc)
    click.echo(f"new password for {user.email}: {password}")
