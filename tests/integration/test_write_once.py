"""Comments are never edited: the ORM refuses it, and the database refuses it too."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError

from models import BodyImmutableError, Comment, Decision
from moderation.lifecycle import Action
from services.decisions import decide
from tests.factories import make_comment, make_user

ORIGINAL = "The bridge repairs are overdue."


def _stored_body(db, comment_id: int) -> str:
    db.session.rollback()
    db.session.expire_all()
    return db.session.execute(
        text("SELECT body FROM comments WHERE id = :id"), {"id": comment_id}
    ).scalar_one()


def test_orm_attribute_assignment_is_refused(db) -> None:
    comment = make_comment(db, ORIGINAL)
    with pytest.raises(BodyImmutableError, match="write-once"):
        comment.body = "The bridge repairs are fine."
    assert _stored_body(db, comment.id) == ORIGINAL


def test_orm_digest_assignment_is_refused(db) -> None:
    comment = make_comment(db, ORIGINAL)
    with pytest.raises(BodyImmutableError):
        comment.body_sha256 = "0" * 64
    assert _stored_body(db, comment.id) == ORIGINAL


def test_orm_bulk_update_statement_is_refused_by_the_database(db) -> None:
    comment = make_comment(db, ORIGINAL)
    with pytest.raises(IntegrityError, match="write-once"):
        db.session.execute(update(Comment).where(Comment.id == comment.id).values(body="edited"))
        db.session.commit()
    assert _stored_body(db, comment.id) == ORIGINAL


def test_raw_sql_update_is_refused_by_the_database(db) -> None:
    comment = make_comment(db, ORIGINAL)
    with pytest.raises(IntegrityError, match="write-once"):
        db.session.execute(
            text("UPDATE comments SET body = 'edited' WHERE id = :id"), {"id": comment.id}
        )
        db.session.commit()
    assert _stored_body(db, comment.id) == ORIGINAL


def test_raw_sql_digest_update_is_refused(db) -> None:
    comment = make_comment(db, ORIGINAL)
    with pytest.raises(IntegrityError, match="write-once"):
        db.session.execute(
            text("UPDATE comments SET body_sha256 = 'x' WHERE id = :id"), {"id": comment.id}
        )
        db.session.commit()


def test_other_columns_still_update(db) -> None:
    comment = make_comment(db, ORIGINAL)
    db.session.execute(text("UPDATE comments SET risk = 0.5 WHERE id = :id"), {"id": comment.id})
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).risk == 0.5


def test_audit_rows_cannot_be_updated_or_deleted(db) -> None:
    comment = make_comment(db, ORIGINAL)
    decide(comment.id, Action.REJECT, make_user(), reason="spam")
    for statement in (
        "UPDATE decisions SET reason = 'other'",
        "UPDATE decisions SET note = 'rewritten history'",
        "DELETE FROM decisions",
    ):
        with pytest.raises(IntegrityError, match="append-only"):
            db.session.execute(text(statement))
            db.session.commit()
        db.session.rollback()
    rows = db.session.scalars(select(Decision)).all()
    assert [(d.reason, d.note) for d in rows] == [("spam", None)]


def test_a_comment_expired_by_a_commit_still_refuses_a_new_body(db) -> None:
    """After a commit the ORM no longer holds the body to compare with: refused all the same."""
    comment_id = make_comment(db, ORIGINAL).id
    comment = db.session.get(Comment, comment_id)
    assert comment.body == ORIGINAL
    comment.body = ORIGINAL  # the same text on a loaded comment changes nothing: allowed
    db.session.commit()  # expires every attribute
    assert "body" not in comment.__dict__
    with pytest.raises(BodyImmutableError, match="write-once"):
        comment.body = "The bridge repairs are fine."
    assert _stored_body(db, comment_id) == ORIGINAL
