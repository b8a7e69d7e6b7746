"""A commenter as a person: everything they wrote, their counts, the bans that name them.

Who a commenter is: their email when they gave one, else their commenter key — a random key
their browser keeps (cookie and localStorage, set by the widget) or the key a site's API client
sends, stored as a keyed hash. Never the client address: people behind one office, carrier NAT
or café share it, and it stays a rate-limit and spam key only. A comment with neither (posted
through the API without a key, or before keys existed) is a commenter of one comment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Row, case, func, select, update
from sqlalchemy.orm import Session

from extensions import db
from models import Ban, Comment
from models.base import utcnow
from moderation.lifecycle import CommentStatus
from services import bans
from services.errors import NotFound

#: The most comments a commenter page lists (newest first); the counts cover all of them.
PAGE_LIMIT = 200
#: A trusted commenter's unflagged comment ranks this much lower in the risk-ordered queue.
TRUSTED_RANK_FACTOR = 0.5
#: The column each kind of author key (author_key) is read from.
AUTHOR_COLUMNS = {"email": Comment.author_email, "key": Comment.commenter_key}


@dataclass(frozen=True, slots=True)
class TrustRule:
    """Who counts as a trusted commenter (WordPress's "previously approved", Discourse's trust
    levels): at least `min_approved` approved comments and no rejection decided in the last
    `window_days` days. 0 approved: off (the default). Every comment is still moderated; trust
    only marks the card and lowers an unflagged comment in the queue's risk order."""

    min_approved: int = 0
    window_days: int = 90

    @property
    def enabled(self) -> bool:
        """Whether anyone can be trusted."""
        return self.min_approved > 0

    def describe(self) -> str:
        """For the mark's hover."""
        return (
            f"{self.min_approved}+ approved and none rejected in the last {self.window_days} "
            "days: still moderated, lower in the queue when nothing is flagged"
        )


def trusted_authors(
    keys: Iterable[tuple[str, str]],
    rule: TrustRule,
    now: datetime | None = None,
    session: Session | None = None,
) -> set[tuple[str, str]]:
    """Which of these authors (author_key values) the rule trusts now: one grouped query per
    kind of key, whatever their number."""
    if not rule.enabled:
        return set()
    session = session or db.session
    since = (now or utcnow()) - timedelta(days=rule.window_days)
    wanted: dict[str, set[str]] = {}
    for kind, value in keys:
        wanted.setdefault(kind, set()).add(value)
    trusted: set[tuple[str, str]] = set()
    for kind, values in wanted.items():
        column = AUTHOR_COLUMNS[kind]
        approved = func.sum(case((Comment.status == CommentStatus.APPROVED, 1), else_=0))
        rejected = func.sum(case((Comment.status == CommentStatus.REJECTED, 1), else_=0))
        rows = session.execute(
            select(column, approved, rejected)
            .where(column.in_(values), Comment.decided_at >= since)
            .group_by(column)
        ).all()
        trusted.update(
            (kind, value) for value, n_ok, n_bad in rows if n_ok >= rule.min_approved and not n_bad
        )
    return trusted


def trusted_comments(comments: list[Comment], rule: TrustRule) -> set[int]:
    """Ids of the comments (a queue page) whose author the rule trusts."""
    keys = {c.id: author_key(c) for c in comments}
    trusted = trusted_authors({k for k in keys.values() if k}, rule)
    return {cid for cid, key in keys.items() if key in trusted}


def untrust_pending(comment: Comment) -> int:
    """After a rejection: the author's other pending comments lose the trusted lower rank (back
    to their risk). Returns how many moved."""
    if author_key(comment) is None:
        return 0
    result = db.session.execute(
        update(Comment)
        .where(
            same_author(comment),
            Comment.status == CommentStatus.PENDING,
            Comment.risk.is_not(None),
            Comment.queue_rank < Comment.risk,
        )
        .values(queue_rank=Comment.risk)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def author_key(comment: Comment | Row) -> tuple[str, str] | None:
    """("email", address) or ("key", hashed commenter key): who wrote it; None when unknown.
    A row with `author_email` and `commenter_key` columns serves too (the worker's batch)."""
    if comment.author_email:
        return ("email", comment.author_email)
    if comment.commenter_key:
        return ("key", comment.commenter_key)
    return None


def same_author(comment: Comment) -> ColumnElement[bool]:
    """A filter for every comment by the same commenter (only itself when unknown)."""
    key = author_key(comment)
    if key is None:
        return Comment.id == comment.id
    return AUTHOR_COLUMNS[key[0]] == key[1]


@dataclass(frozen=True, slots=True)
class Commenter:
    """What the commenter page shows."""

    #: The comment the page was opened from (the address bans and the names are read from it).
    comment: Comment
    #: "email", "key" or None (only this comment is known to be theirs).
    known_by: str | None
    email: str | None
    #: Every name they posted under, most used first.
    names: list[str]
    counts: dict[str, int]
    comments: list[Comment]
    total: int
    #: Active bans that would refuse their next post (commenter key, email, address).
    bans: list[Ban] = field(default_factory=list)


def commenter_of(comment_id: int, limit: int = PAGE_LIMIT) -> Commenter:
    """The commenter who wrote a comment; NotFound for no such comment."""
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(f"no comment with id {comment_id}")
    mine = same_author(comment)
    counts = {status.value: 0 for status in CommentStatus}
    for status, n in db.session.execute(
        select(Comment.status, func.count()).where(mine).group_by(Comment.status)
    ):
        counts[CommentStatus(status).value] = n
    names = [
        name
        for name, _ in db.session.execute(
            select(Comment.author_name, func.count())
            .where(mine)
            .group_by(Comment.author_name)
            .order_by(func.count().desc(), Comment.author_name)
            .limit(10)
        )
    ]
    comments = list(
        db.session.scalars(select(Comment).where(mine).order_by(Comment.id.desc()).limit(limit))
    )
    key = author_key(comment)
    return Commenter(
        comment=comment,
        known_by=key[0] if key else None,
        email=comment.author_email,
        names=names,
        counts=counts,
        comments=comments,
        total=sum(counts.values()),
        bans=bans.bans_for(comment),
    )
