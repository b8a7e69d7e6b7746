"""Signing in: one answer for every failure, the same work whether the account exists or not.

Throttling lives in the web layer (web/auth, Flask-Limiter, counting failed attempts only): a
client that fails too often is locked out; an email that fails too often is slowed down for a
minute, whoever tries it. No account is ever locked outright: its owner, signing in from
elsewhere, waits at most a minute.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from extensions import db
from models import AuthSession, User
from models.base import utcnow
from models.user import hash_token, verify_dummy_password
from services.users import find_user

log = logging.getLogger(__name__)

GENERIC = "Wrong email or password."


@dataclass(frozen=True, slots=True)
class SignIn:
    """The outcome of a sign-in attempt: a user, or a message to show."""

    user: User | None
    message: str | None = None


def authenticate(email: str, password: str) -> SignIn:
    """Check credentials. Unknown emails verify a dummy hash (the same argon2 work as a real
    account) and deactivated accounts answer like a wrong password: nothing tells an attacker
    which accounts exist."""
    user = find_user(email or "")
    if user is None:
        verify_dummy_password(password or "")
        return SignIn(None, GENERIC)
    if not user.check_password(password or "") or not user.is_active:
        db.session.rollback()  # a rehash of a deactivated account's password is not kept
        return SignIn(None, GENERIC)
    user.last_login_at = utcnow()
    db.session.commit()
    return SignIn(user)


def start_session(user: User) -> User:
    """A new server-side session for this sign-in; the user object carries its key."""
    key = secrets.token_urlsafe(24)
    db.session.add(AuthSession(user_id=user.id, key_hash=hash_token(key)))
    db.session.commit()
    user.session_key = key
    return user


def _session(key: str | None) -> AuthSession | None:
    """The sign-in session of this key, ended or not."""
    if not key:
        return None
    return db.session.query(AuthSession).filter_by(key_hash=hash_token(key)).one_or_none()


def session_stands(user_id: int, key: str) -> bool:
    """Whether the sign-in session with this key is this user's and has not ended."""
    row = _session(key)
    return row is not None and row.user_id == user_id and row.ended_at is None


def end_session(user: User) -> None:
    """End the sign-in session this user object was loaded for (signing out)."""
    row = _session(user.session_key)
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
        db.session.commit()
