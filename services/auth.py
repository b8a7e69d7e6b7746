"""Signing in: password check with throttling and lockout."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from extensions import db
from models import User
from models.base import utcnow
from services.users import find_user

log = logging.getLogger(__name__)

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
_GENERIC = "Wrong email or password."


@dataclass(frozen=True, slots=True)
class SignIn:
    """The outcome of a sign-in attempt: a user, or a message to show."""

    user: User | None
    message: str | None = None


def authenticate(email: str, password: str) -> SignIn:
    """Check credentials; after MAX_FAILURES wrong passwords the account locks for LOCKOUT."""
    user = find_user(email or "")
    now = utcnow()
    if user is None:
        return SignIn(None, _GENERIC)
    if user.locked_until is not None and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        return SignIn(None, f"Too many failed attempts. Try again in {minutes} minutes.")
    if not user.check_password(password or ""):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
            log.warning("user %s locked after %d failed sign-ins", user.id, MAX_FAILURES)
        db.session.commit()
        return SignIn(None, _GENERIC)
    if not user.is_active:
        db.session.commit()
        return SignIn(None, "This account is deactivated.")
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    db.session.commit()
    return SignIn(user)
