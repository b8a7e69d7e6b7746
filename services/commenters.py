"""A commenter as a person: everything they wrote, their counts, the bans that name them.

Who a commenter is: their email when they gave one, else their commenter key — a random key
their browser keeps (cookie and localStorage, set by the widget) or the key a site's API client
sends, stored as a keyed hash. Never the client address: people behind one office, carrier NAT
or café share it, and it stays a rate-limit and spam key only. A comment with neither (posted
through the API without a key, or before keys existed) is a commenter of one comment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, select

from extensions import db
from models import Ban, Comment
from moderation.lifecycle import CommentStatus
from services import bans
from services.errors import NotFound

#: The most comments a commenter page lists (newest first); the counts cover all of them.
PAGE_LIMIT = 200


def author_key(comment: Comment) -> tuple[str, str] | None:
    """("email", address) or ("key", hashed commenter key): who wrote it; None when unknown."""
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
    column = Comment.author_email if key[0] == "email" else Comment.commenter_key
    return column == key[1]


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
