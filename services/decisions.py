"""Moderator decisions: approve, reject with a reason, reopen — each one audit row."""

from __future__ import annotations

import logging

from sqlalchemy import delete, select, update

from extensions import db
from models import Article, Comment, CommentCategory, Decision, User
from models.base import utcnow
from moderation.lifecycle import Action, CommentStatus, ReasonError, TransitionError, transition
from services.errors import Conflict, InvalidInput, NotFound

log = logging.getLogger(__name__)

MAX_NOTE_CHARS = 2000


def decide(
    comment_id: int,
    action: Action | str,
    moderator: User | None,
    *,
    reason: str | None = None,
    note: str | None = None,
    via: str = "dashboard",
) -> Decision:
    """Apply a moderator action and append its audit row, atomically."""
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE_CHARS:
        raise InvalidInput(
            "The note is too long.", {"note": f"at most {MAX_NOTE_CHARS} characters"}
        )
    # Row lock on PostgreSQL so two moderators deciding at once cannot both win.
    comment = db.session.scalar(
        select(Comment).where(Comment.id == comment_id).with_for_update(of=Comment)
    )
    if comment is None:
        raise NotFound(f"no comment with id {comment_id}")
    before = CommentStatus(comment.status)
    try:
        after = transition(before, action, reason)
    except ReasonError as exc:
        db.session.rollback()
        raise InvalidInput(str(exc), {"reason": str(exc)}) from None
    except TransitionError as exc:
        db.session.rollback()
        raise Conflict(str(exc)) from None
    now = utcnow()
    comment.status = after
    comment.reject_reason = reason if after is CommentStatus.REJECTED else None
    comment.decided_at = now if after is not CommentStatus.PENDING else None
    decision = Decision(
        comment_id=comment.id,
        moderator_id=moderator.id if moderator else None,
        action=Action(action),
        from_status=before,
        to_status=after,
        reason=reason if after is CommentStatus.REJECTED else None,
        note=note,
        via=via,
        created_at=now,
    )
    db.session.add(decision)
    _sync_categories(comment, after)
    if after is CommentStatus.REJECTED:
        from services.commenters import untrust_pending

        untrust_pending(comment)  # one rejection ends trust: their pending comments rank by risk
    if CommentStatus.APPROVED in (before, after):
        # The public list changed: its ETag (web/api/views_public.py) is computed from this.
        db.session.execute(
            update(Article)
            .where(Article.id == comment.article_id)
            .values(public_version=Article.public_version + 1)
        )
    db.session.commit()
    log.info(
        "comment %s %s -> %s by user %s via %s",
        comment.id,
        before.value,
        after.value,
        moderator.id if moderator else None,
        via,
    )
    return decision


def _sync_categories(comment: Comment, status: CommentStatus) -> None:
    """Keep queue category rows for pending comments only (see models.CommentCategory)."""
    db.session.execute(delete(CommentCategory).where(CommentCategory.comment_id == comment.id))
    if status is CommentStatus.PENDING:
        for category in sorted({f["category"] for f in comment.flags or []}):
            db.session.add(CommentCategory(comment_id=comment.id, category=category))


def audit_trail(comment_id: int) -> list[Decision]:
    """Every decision on a comment, oldest first."""
    return list(
        db.session.scalars(
            select(Decision).where(Decision.comment_id == comment_id).order_by(Decision.id)
        )
    )
