"""Decided comments, searchable: by text, article, moderator, reason and date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from extensions import db
from models import Article, Comment, Decision, User
from moderation.lifecycle import CommentStatus
from services.errors import InvalidInput

#: The dates a search may name (the end date is searched up to the next midnight).
FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(9998, 12, 31)


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    """Search criteria; empty fields do not filter."""

    text: str = ""
    author: str = ""  # a part of the name the comment was posted under
    article: str = ""
    moderator: str = ""  # email
    reason: str = ""
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def parse(cls, args: dict[str, str]) -> HistoryQuery:
        """From query parameters; bad dates and statuses are named."""
        errors: dict[str, str] = {}
        dates: dict[str, date | None] = {}
        for key in ("date_from", "date_to"):
            raw = (args.get(key) or "").strip()
            try:
                dates[key] = date.fromisoformat(raw) if raw else None
            except ValueError:
                errors[key] = "must be a date like 2026-11-27"
                dates[key] = None
            value = dates[key]
            if value is not None and not FIRST_DATE <= value <= LAST_DATE:
                errors[key] = f"must be between {FIRST_DATE} and {LAST_DATE}"
                dates[key] = None
        status = (args.get("status") or "").strip()
        if status and status not in {CommentStatus.APPROVED, CommentStatus.REJECTED}:
            errors["status"] = "must be approved or rejected"
        if errors:
            raise InvalidInput("Invalid search.", errors)
        return cls(
            text=(args.get("q") or "").strip()[:200],
            author=(args.get("author") or "").strip()[:200],
            article=(args.get("article") or "").strip(),
            moderator=(args.get("moderator") or "").strip().lower(),
            reason=(args.get("reason") or "").strip(),
            status=status,
            date_from=dates["date_from"],
            date_to=dates["date_to"],
        )


def search_decided(
    query: HistoryQuery, page: int = 1, per_page: int = 50
) -> tuple[list[Comment], int]:
    """Decided comments matching the query, most recently decided first; (page items, total)."""
    stmt = select(Comment).where(Comment.status != CommentStatus.PENDING)
    if query.text:
        stmt = stmt.where(Comment.body.ilike(f"%{_like(query.text)}%", escape="\\"))
    if query.author:
        stmt = stmt.where(Comment.author_name.ilike(f"%{_like(query.author)}%", escape="\\"))
    if query.article:
        stmt = stmt.join(Article, Article.id == Comment.article_id).where(
            Article.external_id == query.article
        )
    if query.status:
        stmt = stmt.where(Comment.status == query.status)
    if query.reason:
        stmt = stmt.where(Comment.reject_reason == query.reason)
    if query.moderator:
        decided_by = (
            select(Decision.comment_id)
            .join(User, User.id == Decision.moderator_id)
            .where(User.email == query.moderator)
        )
        stmt = stmt.where(Comment.id.in_(decided_by))
    if query.date_from:
        stmt = stmt.where(Comment.decided_at >= datetime.combine(query.date_from, time(), UTC))
    if query.date_to:
        end = datetime.combine(query.date_to + timedelta(days=1), time(), UTC)
        stmt = stmt.where(Comment.decided_at < end)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    items = list(
        db.session.scalars(
            stmt.order_by(Comment.decided_at.desc(), Comment.id.desc())
            .limit(per_page)
            .offset((max(page, 1) - 1) * per_page)
        )
    )
    return items, total


def _like(text: str) -> str:
    """Text for a LIKE pattern, its wildcards escaped."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
