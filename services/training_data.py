"""The site's decided comments, read for `flask moderation train --with-decisions`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from extensions import db
from models import Comment
from moderation.lifecycle import CommentStatus
from moderation.model.site import DecidedComment


def decided_comments(since: datetime | None = None) -> list[DecidedComment]:
    """Every approved or rejected comment (decided since ``since``), oldest first.

    A comment's current status is what counts: one reopened and decided again trains on its
    last decision; one reopened and still pending is left out.
    """
    stmt = select(Comment.body, Comment.status, Comment.reject_reason).where(
        Comment.status.in_([CommentStatus.APPROVED, CommentStatus.REJECTED])
    )
    if since is not None:
        stmt = stmt.where(Comment.decided_at >= since)
    rows = db.session.execute(stmt.order_by(Comment.id)).all()
    return [DecidedComment(body, CommentStatus(status), reason) for body, status, reason in rows]
