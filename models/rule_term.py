"""Rule-list terms added or removed by admins at run time, merged with the list files."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, str_enum, utcnow


class TermAction(StrEnum):
    """ADD puts a term on a category's list; REMOVE takes a file term off; ALLOW allowlists."""

    ADD = "add"
    REMOVE = "remove"
    ALLOW = "allow"


class RuleTerm(Base):
    """One admin change to the rule lists."""

    __tablename__ = "rule_terms"
    __table_args__ = (UniqueConstraint("category", "language", "term", "action"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    term: Mapped[str] = mapped_column(String(200))
    action: Mapped[TermAction] = mapped_column(str_enum(TermAction, "term_action"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<RuleTerm {self.action} {self.category}/{self.language}>"
