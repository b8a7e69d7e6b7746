"""Flask-Login wiring: sessions carry the user id, a nonce that rotates on password change and
deactivation, and the key of a server-side sign-in session that signing out ends."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from extensions import db, login_manager
from models import User


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user for a session id "id:nonce:key": a rotated nonce (password reset,
    deactivation) ends every session of the user; an ended server-side session (sign-out)
    ends that one, even for a copy of its cookie."""
    from services.auth import session_stands

    user_id, nonce, key = (session_id.split(":") + ["", ""])[:3]
    if not user_id.isdigit() or len(user_id) > 18 or not nonce or not key:
        return None
    user = db.session.scalar(select(User).where(User.id == int(user_id)))
    if user is None or user.session_nonce != nonce or not user.is_active:
        return None
    if not session_stands(user.id, key):
        return None
    user.session_key = key
    return user


def init_app(app: Flask) -> None:
    """Configure the login view and messages."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to moderate comments."
    login_manager.session_protection = "strong"
