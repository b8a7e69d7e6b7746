"""The append-only audit trail of moderator actions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, str_enum, utcnow
from models.user import User
from moderation.lifecycle import Action, CommentStatus


class Decision(Base):
    """One moderator action on one comment: who, what, why, when. Never updated or deleted."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[Action] = mapped_column(str_enum(Action, "decision_action"))
    from_status: Mapped[CommentStatus] = mapped_column(
        str_enum(CommentStatus, "decision_from_status")
    )
    to_status: Mapped[CommentStatus] = mapped_column(str_enum(CommentStatus, "decision_to_status"))
    reason: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    via: Mapped[str] = mapped_column(String(16), default="dashboard")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    moderator: Mapped[User | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<Decision {self.id} {self.action} comment={self.comment_id}>"
