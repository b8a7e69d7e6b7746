"""Model thresholds an admin applied from the site's own decisions: versioned, undoable."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, utcnow


class ThresholdSet(Base):
    """One applied set of per-category thresholds for one house-model version.

    Rows are never deleted: undoing a set records who undid it and when, and the previous set
    still standing for that model (or the model's own thresholds) applies again.
    """

    __tablename__ = "threshold_sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_version: Mapped[str] = mapped_column(String(120), index=True)
    thresholds: Mapped[dict[str, float]] = mapped_column(JSON)
    #: What the proposal was computed from: window, target precision, per-category figures.
    basis: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    undone_at: Mapped[datetime | None] = mapped_column()

    @classmethod
    def active(cls, session: Session, model_version: str | None) -> ThresholdSet | None:
        """The newest set still standing for this model version (None: the model's own)."""
        if not model_version:
            return None
        return session.scalar(
            select(cls)
            .where(cls.model_version == model_version, cls.undone_at.is_(None))
            .order_by(cls.id.desc())
            .limit(1)
        )

    def __repr__(self) -> str:
        return f"<ThresholdSet {self.id} {self.model_version}>"
