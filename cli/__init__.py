"""Operations as `flask` CLI commands, grouped: `flask users ...`, `flask bootstrap`, ..."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register every command group."""
    from cli import bans, moderation, setup, train, users

    app.cli.add_command(users.users)
    app.cli.add_command(bans.bans)
    moderation.moderation.add_command(train.train_command)
    app.cli.add_command(moderation.moderation)
    app.cli.add_command(setup.bootstrap_command)
