"""Server-side sign-in sessions: one row per sign-in, ended by signing out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class AuthSession(Base):
    """One sign-in of one user in one browser. The cookie carries the key; this row says
    whether that sign-in still stands (a copied cookie stops working when it is ended)."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: models.user.hash_token of the key: the database never holds the key itself.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column()

    def __repr__(self) -> str:
        return f"<AuthSession {self.id} user={self.user_id}>"
