"""Moderator and admin accounts, and their API tokens."""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from extensions import db
from models import ApiToken, Role, Scope, User
from models.base import utcnow
from models.user import hash_token
from services.errors import Conflict, InvalidInput, NotFound

log = logging.getLogger(__name__)

MIN_PASSWORD_CHARS = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def normalise_email(email: str) -> str:
    """Emails are unique case-insensitively; stored lower-case."""
    return email.strip().lower()


def check_password_strength(password: str) -> str | None:
    """An error message for a weak password, or None."""
    if len(password) < MIN_PASSWORD_CHARS:
        return f"must be at least {MIN_PASSWORD_CHARS} characters"
    if password.strip() != password or len(set(password)) < 5:
        return "is too simple"
    return None


def random_password() -> str:
    """A strong random password for bootstrap and resets (shown once)."""
    return secrets.token_urlsafe(15)


def find_user(email: str) -> User | None:
    """The user with this email, or None."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    email: str, password: str, role: Role | str = Role.MODERATOR, display_name: str | None = None
) -> User:
    """Create an active user; refuses a duplicate email or a weak password."""
    email = normalise_email(email)
    errors: dict[str, str] = {}
    if not _EMAIL.match(email) or len(email) > 254:
        errors["email"] = "is not an email address"
    try:
        role = Role(role)
    except ValueError:
        errors["role"] = f"must be one of {', '.join(r.value for r in Role)}"
    weak = check_password_strength(password)
    if weak:
        errors["password"] = weak
    if errors:
        raise InvalidInput("The user could not be created.", errors)
    if find_user(email) is not None:
        raise Conflict(f"a user with email {email} already exists")
    user = User(email=email, role=role, display_name=display_name or email.split("@")[0])
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    log.info("user %s created with role %s", user.id, user.role)
    return user


def get_user(user_id: int) -> User | None:
    """The user with this id, or None."""
    return db.session.get(User, user_id)


def list_users() -> list[User]:
    """All users, admins first, then by email."""
    return list(db.session.scalars(select(User).order_by(User.role, User.email)))


def count_users() -> int:
    """How many users exist."""
    return db.session.scalar(select(func.count(User.id))) or 0


def _active_admins() -> int:
    return int(
        db.session.scalar(
            select(func.count(User.id)).where(User.role == Role.ADMIN, User.active.is_(True))
        )
        or 0
    )


def set_active(email: str, active: bool) -> User:
    """Activate or deactivate a user; deactivation ends their sessions and revokes their tokens."""
    user = find_user(email)
    if user is None:
        raise NotFound(f"no user with email {normalise_email(email)}")
    if not active and user.active and user.role == Role.ADMIN and _active_admins() <= 1:
        raise Conflict(
            "The last active admin cannot be deactivated: make another admin first, "
            "or nobody could manage users any more."
        )
    user.active = active
    if not active:
        user.session_nonce = secrets.token_hex(16)
        now = utcnow()
        for token in user.tokens:
            if token.revoked_at is None:
                token.revoked_at = now
    db.session.commit()
    log.info("user %s active=%s", user.id, active)
    return user


def reset_password(email: str, password: str | None = None) -> tuple[User, str]:
    """Set a new password (random when none given); returns it so it can be shown once."""
    user = find_user(email)
    if user is None:
        raise NotFound(f"no user with email {normalise_email(email)}")
    password = password or random_password()
    weak = check_password_strength(password)
    if weak:
        raise InvalidInput("The password was not changed.", {"password": weak})
    user.set_password(password)
    db.session.commit()
    return user, password


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A new API token: `secret` is shown to its owner once and never stored."""

    token: ApiToken
    secret: str


def issue_token(user: User, name: str, scopes: set[Scope] | set[str]) -> IssuedToken:
    """Create an API token for a user; admin scope needs an admin."""
    try:
        wanted = {Scope(s) for s in scopes}
    except ValueError:
        raise InvalidInput(
            "Unknown scope.", {"scopes": f"allowed: {', '.join(s.value for s in Scope)}"}
        ) from None
    if not wanted:
        raise InvalidInput("A token needs at least one scope.", {"scopes": "choose a scope"})
    if Scope.ADMIN in wanted and user.role != Role.ADMIN:
        raise InvalidInput("Only admins can hold admin tokens.", {"scopes": "admin needs an admin"})
    name = (name or "").strip()[:120] or "API token"
    secret = ApiToken.generate()
    token = ApiToken(
        user_id=user.id,
        name=name,
        prefix=secret[:10],
        token_hash=hash_token(secret),
        scopes=" ".join(sorted(s.value for s in wanted)),
    )
    db.session.add(token)
    db.session.commit()
    log.info("api token %s issued to user %s", token.id, user.id)
    return IssuedToken(token=token, secret=secret)


def revoke_token(token_id: int) -> ApiToken:
    """Revoke a token; later requests with it are refused."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"no API token with id {token_id}")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
    return token


def authenticate_token(secret: str) -> ApiToken | None:
    """The live token for a presented bearer secret, or None (unknown, revoked, inactive user)."""
    if not secret.startswith("cmt_"):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    # The lookup is by hash; compare_digest guards the final equality against timing.
    if token is None or not token.matches(secret) or token.revoked_at is not None:
        return None
    if not token.user.is_active:
        return None
    # At most once a minute, so busy API clients do not write on every request.
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
        db.session.commit()
    return token
