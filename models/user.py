"""Moderators and admins, and their API tokens."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from datetime import datetime
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, str_enum, utcnow

# Argon2id with the library's defaults (RFC 9106 "second recommended" profile).
_hasher = PasswordHasher()
#: Verified when an email matches no account, so that answer takes as long as a real check.
_DUMMY_HASH = _hasher.hash("not a password of anyone: the timing twin of a real check")


def verify_dummy_password(password: str) -> None:
    """The argon2 work of a password check, for an account that does not exist."""
    with contextlib.suppress(VerificationError, InvalidHashError):
        _hasher.verify(_DUMMY_HASH, password)


TOKEN_PREFIX = "cmt_"  # noqa: S105 — a public marker, not a secret


class Role(StrEnum):
    """What a signed-in user may do: admins manage users and rule lists; both moderate."""

    ADMIN = "admin"
    MODERATOR = "moderator"


class Scope(StrEnum):
    """What an API token may do."""

    MODERATE = "moderate"
    ADMIN = "admin"


class User(UserMixin, Base):
    """A moderator or an admin of the dashboard and the API."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(str_enum(Role, "user_role"), default=Role.MODERATOR)
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, server_default=true(), default=True)
    # Rotated on password change or deactivation so every existing session ends.
    session_nonce: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))
    # Unused since sign-in throttling moved to the rate limiter (no account is locked any
    # more); kept so that no migration has to rebuild the users table on SQLite.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column()
    last_login_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return bool(self.active)

    @property
    def is_admin(self) -> bool:
        """True for admins."""
        return self.role == Role.ADMIN

    #: The key of the sign-in session this object was loaded for (not a column: set by
    #: services.auth.start_session and by the session loader).
    session_key = None

    def get_id(self) -> str:
        """Session id: user id, nonce (rotating it signs the user out everywhere) and the key of
        this sign-in's server-side session (ending it signs out this browser only)."""
        return f"{self.id}:{self.session_nonce}:{self.session_key or ''}"

    def set_password(self, password: str) -> None:
        """Hash and store a new password, ending every existing session."""
        self.password_hash = _hasher.hash(password)
        self.session_nonce = secrets.token_hex(16)

    def check_password(self, password: str) -> bool:
        """True when the password matches; rehashes transparently when parameters changed."""
        try:
            _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if _hasher.check_needs_rehash(self.password_hash):
            self.password_hash = _hasher.hash(password)
        return True

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


def hash_token(token: str) -> str:
    """SHA-256 of an API token: tokens are 256-bit random, so a fast hash is enough at rest."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiToken(Base):
    """A bearer token for the JSON API: shown once, stored hashed, scoped, revocable."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(16))  # shown in lists to tell tokens apart
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(200))  # space-separated Scope values
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship(back_populates="tokens", lazy="joined")

    @staticmethod
    def generate() -> str:
        """A new random token string (returned to its owner once, never stored)."""
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    @property
    def scope_set(self) -> frozenset[Scope]:
        """The token's scopes."""
        return frozenset(Scope(s) for s in self.scopes.split())

    def matches(self, token: str) -> bool:
        """Constant-time comparison of a presented token against the stored hash."""
        return hmac.compare_digest(self.token_hash, hash_token(token))

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix}>"
