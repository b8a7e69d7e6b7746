"""Banned commenters: by commenter key (what their browser keeps), email address, or client
fingerprint (keyed hash of the IP: everyone on that address, so it always expires)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, str_enum, utcnow


class BanKind(StrEnum):
    """What a ban matches."""

    FINGERPRINT = "fingerprint"
    EMAIL = "email"
    COMMENTER = "commenter"


class Ban(Base):
    """One ban; posts matching it are refused."""

    __tablename__ = "bans"
    __table_args__ = (UniqueConstraint("kind", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[BanKind] = mapped_column(str_enum(BanKind, "ban_kind"))
    value: Mapped[str] = mapped_column(String(254))
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When it lifts itself; None: until a moderator lifts it.
    expires_at: Mapped[datetime | None] = mapped_column()

    def __repr__(self) -> str:
        return f"<Ban {self.id} {self.kind}>"
