"""The moderation queue: pending comments, filtered, ordered, keyset-paginated.

One implementation for the dashboard and the API. Keyset cursors (never OFFSET) keep a deep page
as fast as the first one: each page continues from the last row's (rank, id) or id.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Select, func, select, tuple_

from extensions import db
from models import Article, Comment, CommentCategory, ScreeningState
from models.base import in_db_range
from moderation.guidelines import Category
from moderation.lifecycle import CommentStatus
from services import cursors
from services.errors import InvalidInput

MAX_PAGE = 100


class Order(StrEnum):
    """Queue orders."""

    RISK = "risk"  # most likely violations first (default)
    OLDEST = "oldest"
    NEWEST = "newest"


class Screened(StrEnum):
    """Screening filter."""

    FLAGGED = "flagged"
    UNFLAGGED = "unflagged"
    UNSCREENED = "unscreened"  # still queued, or screening gave up ("not screened")


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """What a moderator asked to see."""

    order: Order = Order.RISK
    category: str | None = None
    article: str | None = None  # the site's article id
    screened: Screened | None = None

    @classmethod
    def parse(
        cls,
        order: str | None = None,
        category: str | None = None,
        article: str | None = None,
        screened: str | None = None,
    ) -> QueueFilters:
        """From query parameters; InvalidInput names each bad one."""
        errors: dict[str, str] = {}
        try:
            parsed_order = Order(order or Order.RISK)
        except ValueError:
            errors["order"] = f"must be one of {', '.join(o.value for o in Order)}"
            parsed_order = Order.RISK
        if category and category not in {c.value for c in Category}:
            errors["category"] = "is not a guideline category"
        try:
            parsed_screened = Screened(screened) if screened else None
        except ValueError:
            errors["screened"] = f"must be one of {', '.join(s.value for s in Screened)}"
            parsed_screened = None
        if errors:
            raise InvalidInput("Invalid queue filter.", errors)
        return cls(parsed_order, category or None, (article or "").strip() or None, parsed_screened)


@dataclass(frozen=True, slots=True)
class QueuePage:
    """One page of the queue and the cursor of the next one."""

    items: list[Comment]
    next_cursor: str | None


def _encode(values: list[float | int]) -> str:
    return cursors.encode(values)


def _decode(cursor: str, order: Order) -> list[float | int]:
    values = cursors.decode(cursor, "this queue")
    expected = 2 if order is Order.RISK else 1
    if (
        not isinstance(values, list)
        or len(values) != expected
        or not all(in_db_range(v) for v in values)
    ):
        raise InvalidInput("Invalid cursor.", {"cursor": "does not match this order"})
    return values


def _filtered(filters: QueueFilters) -> Select:
    stmt = select(Comment).where(Comment.status == CommentStatus.PENDING)
    if filters.article:
        stmt = stmt.join(Article, Article.id == Comment.article_id).where(
            Article.external_id == filters.article
        )
    if filters.category:
        stmt = stmt.where(
            select(CommentCategory.comment_id)
            .where(
                CommentCategory.comment_id == Comment.id,
                CommentCategory.category == filters.category,
            )
            .exists()
        )
    if filters.screened is Screened.UNSCREENED:
        stmt = stmt.where(Comment.screening_state != ScreeningState.SCREENED)
    elif filters.screened is not None:
        has_flag = select(CommentCategory.comment_id).where(
            CommentCategory.comment_id == Comment.id
        )
        stmt = stmt.where(Comment.screening_state == ScreeningState.SCREENED)
        stmt = stmt.where(
            has_flag.exists() if filters.screened is Screened.FLAGGED else ~has_flag.exists()
        )
    return stmt


def pending_queue(filters: QueueFilters, cursor: str | None = None, limit: int = 25) -> QueuePage:
    """A page of pending comments in the requested order."""
    limit = max(1, min(limit, MAX_PAGE))
    stmt = _filtered(filters)
    if filters.order is Order.RISK:
        if cursor:
            rank, last_id = _decode(cursor, filters.order)
            # A row-value comparison lets SQLite and PostgreSQL seek the index directly.
            stmt = stmt.where(tuple_(Comment.queue_rank, Comment.id) < tuple_(rank, last_id))
        stmt = stmt.order_by(Comment.queue_rank.desc(), Comment.id.desc())
    elif filters.order is Order.OLDEST:
        if cursor:
            stmt = stmt.where(Comment.id > _decode(cursor, filters.order)[0])
        stmt = stmt.order_by(Comment.id.asc())
    else:
        if cursor:
            stmt = stmt.where(Comment.id < _decode(cursor, filters.order)[0])
        stmt = stmt.order_by(Comment.id.desc())
    rows = list(db.session.scalars(stmt.limit(limit + 1)))
    items, more = rows[:limit], len(rows) > limit
    next_cursor = None
    if more and items:
        last = items[-1]
        next_cursor = _encode(
            [last.queue_rank, last.id] if filters.order is Order.RISK else [last.id]
        )
    return QueuePage(items, next_cursor)


def newest_id(filters: QueueFilters) -> int:
    """The id of the newest pending comment matching the filters (0: none): what an open
    queue page counts new arrivals from, whatever order it shows."""
    stmt = _filtered(filters).with_only_columns(func.max(Comment.id))
    return db.session.scalar(stmt) or 0


def newer_count(filters: QueueFilters, since_id: int) -> int:
    """How many pending comments matching the filters arrived after comment `since_id` (the
    "3 new" bar of an open queue page)."""
    stmt = _filtered(filters).where(Comment.id > since_id)
    return db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def category_counts() -> dict[str, int]:
    """Pending comments per flagged category."""
    # Category rows exist only for pending comments, so no join is needed.
    rows = db.session.execute(
        select(CommentCategory.category, func.count()).group_by(CommentCategory.category)
    ).all()
    counts = dict(rows)
    return {c.value: counts.get(c.value, 0) for c in Category if c.value in counts}


def pending_count() -> int:
    """How many comments wait for a decision."""
    return (
        db.session.scalar(
            select(func.count(Comment.id)).where(Comment.status == CommentStatus.PENDING)
        )
        or 0
    )


def author_history(comments: list[Comment]) -> dict[int, tuple[int, int]]:
    """For each comment: how many (approved, rejected) comments its author had before.

    The author is their email when given, else their commenter key (services/commenters.py);
    never the client address, which people behind one office or carrier share. Two grouped
    queries for a whole page, whatever its size.
    """
    from services.commenters import AUTHOR_COLUMNS, author_key

    wanted: dict[str, set[str]] = {}
    for c in comments:
        if key := author_key(c):
            wanted.setdefault(key[0], set()).add(key[1])
    decided = Comment.status != CommentStatus.PENDING
    by_key: dict[tuple[str, str], dict[str, int]] = {}
    for kind, values in wanted.items():
        column = AUTHOR_COLUMNS[kind]
        rows = db.session.execute(
            select(column, Comment.status, func.count())
            .where(column.in_(values), decided)
            .group_by(column, Comment.status)
        ).all()
        for value, status, n in rows:
            by_key.setdefault((kind, value), {})[CommentStatus(status).value] = n
    out: dict[int, tuple[int, int]] = {}
    for c in comments:
        key = author_key(c)
        counts = by_key.get(key, {}) if key else {}
        out[c.id] = (counts.get("approved", 0), counts.get("rejected", 0))
    return out
