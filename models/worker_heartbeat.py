"""Screening workers report here, so any web process can tell whether screening is healthy."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class WorkerHeartbeat(Base):
    """One row per screening worker (embedded thread or `flask moderation worker` process)."""

    __tablename__ = "worker_heartbeats"

    owner: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    model_available: Mapped[bool] = mapped_column(Boolean, default=False)
    model_name: Mapped[str] = mapped_column(String(120), default="none")
    model_detail: Mapped[str] = mapped_column(String(500), default="")
    fallback: Mapped[bool] = mapped_column(Boolean, default=False)
    rules_version: Mapped[str | None] = mapped_column(String(64))
    screened: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<WorkerHeartbeat {self.owner}>"
