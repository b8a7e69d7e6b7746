"""Flask-Login wiring: sessions carry the user id and a nonce that rotates on password change."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from extensions import db, login_manager
from models import User


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user for a session id "id:nonce"; a rotated nonce means the session has ended."""
    user_id, _, nonce = session_id.partition(":")
    if not user_id.isdigit() or not nonce:
        return None
    user = db.session.scalar(select(User).where(User.id == int(user_id)))
    if user is None or user.session_nonce != nonce or not user.is_active:
        return None
    return user


def init_app(app: Flask) -> None:
    """Configure the login view and messages."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to moderate comments."
    login_manager.session_protection = "strong"
