"""A reader's comment: write-once body, lifecycle status, screening results and worker lease."""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, validates

from models.article import Article
from models.base import Base, str_enum, utcnow
from moderation.lifecycle import CommentStatus

BODY_COLUMNS = ("body", "body_sha256")


class BodyImmutableError(AttributeError):
    """Raised on any attempt to change a stored comment body: comments are never edited."""


class ScreeningState(StrEnum):
    """Where a comment stands in the screening work queue."""

    QUEUED = "queued"  # waiting for (or leased by) a screening worker
    SCREENED = "screened"
    FAILED = "failed"  # gave up after the retry cap; still reaches moderators as "not screened"


def body_digest(body: str) -> str:
    """SHA-256 of the body as stored (hex)."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


UNSCREENED_RANK = 0.5
FAILED_RANK = 1.0


class CommentCategory(Base):
    """One flagged category of a PENDING comment: the queue's category filter and counts.

    Rows are removed when a comment is decided and restored from its flags when reopened, so
    counting them needs no join with the (much larger) comments table.
    """

    __tablename__ = "comment_categories"
    __table_args__ = (Index("ix_comment_categories_category", "category", "comment_id"),)

    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(32), primary_key=True)


class Comment(Base):
    """A comment on an article. Its body is write-once: the ORM and the database refuse edits."""

    __tablename__ = "comments"
    __table_args__ = (
        # The moderation queue: pending comments, riskiest first (keyset on rank, id), or by age.
        Index("ix_comments_queue_rank", "status", "queue_rank", "id"),
        Index("ix_comments_status_id", "status", "id"),
        # The public list: an article's approved comments in order.
        Index("ix_comments_article_status", "article_id", "status", "id"),
        # The screening worker's claim query, and the "not screened" count of the health banner.
        Index("ix_comments_screening", "screening_state", "status"),
        # The duplicate check at posting: same text on the same article. Two columns, so that
        # SQLite (no planner statistics) prefers it to the client-fingerprint index, which one
        # busy client or a shared proxy address makes long.
        Index("ix_comments_duplicate_key_article", "duplicate_key", "article_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    author_name: Mapped[str] = mapped_column(String(200))
    # Stored for the site's own use; never shown publicly, never logged.
    author_email: Mapped[str | None] = mapped_column(String(254), index=True)
    body: Mapped[str] = mapped_column(Text)
    body_sha256: Mapped[str] = mapped_column(String(64))
    #: SHA-256 of the body's skeleton (folded, letters and digits only): what a resubmission
    #: with trivial changes (spacing, case, look-alikes, invisible characters) shares.
    duplicate_key: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[CommentStatus] = mapped_column(
        str_enum(CommentStatus, "comment_status"), default=CommentStatus.PENDING
    )
    reject_reason: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    decided_at: Mapped[datetime | None] = mapped_column()
    #: HMAC-SHA256 (keyed with the app secret) of the random key the commenter's browser keeps,
    #: or the key a site's API client sends: who wrote it, across an address others share.
    commenter_key: Mapped[str | None] = mapped_column(String(64), index=True)
    # HMAC-SHA256 of the client IP keyed with the app secret: never the raw IP.
    client_fingerprint: Mapped[str | None] = mapped_column(String(64), index=True)
    # SHA-256 of the status token handed to the author, who alone may see the pending comment.
    status_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    # Screening
    screening_state: Mapped[ScreeningState] = mapped_column(
        str_enum(ScreeningState, "screening_state"), default=ScreeningState.QUEUED
    )
    risk: Mapped[float | None] = mapped_column(Float)
    # The queue's sort key: risk once screened, UNSCREENED_RANK while waiting, FAILED_RANK when
    # screening gave up (a human must look). Never NULL, so one index serves keyset pages.
    queue_rank: Mapped[float] = mapped_column(Float, default=0.5, server_default="0.5")
    flags: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # The rest of the verdict, decided once by the screener and only read afterwards: the
    # flags' categories in guideline order, and the reason pre-selected for moderators.
    categories: Mapped[list[str] | None] = mapped_column(JSON)
    suggested_reason: Mapped[str | None] = mapped_column(String(32))
    #: The house model's calibrated probabilities at screening (flagged or not), per combined
    #: category and "violation": what thresholds are proposed from (services/model_thresholds).
    model_probabilities: Mapped[dict[str, float] | None] = mapped_column(JSON)
    screened_at: Mapped[datetime | None] = mapped_column()
    model_version: Mapped[str | None] = mapped_column(String(120))
    rules_version: Mapped[str | None] = mapped_column(String(64))
    screening_attempts: Mapped[int] = mapped_column(Integer, default=0)
    screening_error: Mapped[str | None] = mapped_column(String(300))
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column()

    article: Mapped[Article] = relationship(lazy="joined")

    def __init__(self, **kwargs: Any) -> None:
        body = kwargs.get("body")
        if body is not None and "body_sha256" not in kwargs:
            kwargs["body_sha256"] = body_digest(body)
        super().__init__(**kwargs)

    @validates(*BODY_COLUMNS)
    def _write_once(self, key: str, value: str) -> str:
        current = self.__dict__.get(key)
        # A stored comment whose body is not loaded (expired by a commit) cannot be compared
        # without a query; no code path assigns it, so any assignment is refused.
        identity = inspect(self).identity
        unloaded = current is None and identity is not None
        if unloaded or (current is not None and current != value):
            raise BodyImmutableError(f"comment {identity and identity[0]}: {key} is write-once")
        return value

    def __repr__(self) -> str:
        return f"<Comment {self.id} {self.status}>"


@event.listens_for(Session, "before_flush")
def _refuse_body_changes(session: Session, flush_context: Any, instances: Any) -> None:
    """Second line of defence behind @validates: no flush may carry a changed body."""
    for obj in session.dirty:
        if isinstance(obj, Comment):
            state = inspect(obj)
            for key in BODY_COLUMNS:
                history = state.attrs[key].history
                if history.deleted and history.added:
                    raise BodyImmutableError(f"comment {obj.id}: {key} is write-once")
