"""The lifecycle through the real services and database, with its audit trail."""

from __future__ import annotations

from datetime import UTC

import pytest
from sqlalchemy import func, select

from models import Comment, Decision
from moderation.lifecycle import Action, CommentStatus
from services.comments import comments_for_tokens, hash_status_token
from services.decisions import audit_trail, decide
from services.errors import CommentsClosed, Conflict, InvalidInput, NotFound
from tests.factories import make_article, make_comment, make_user, post_comment


def _decisions(db) -> int:
    return db.session.scalar(select(func.count(Decision.id)))


def test_posted_comment_is_pending_with_digest_token_and_utc_time(db) -> None:
    article = make_article(db)
    submitted = post_comment(article, "  The market needs repair.  ", author_email="a@News.Example")
    db.session.expire_all()
    stored = db.session.get(Comment, submitted.comment.id)
    assert stored.status is CommentStatus.PENDING
    assert stored.body == "The market needs repair."
    assert stored.author_email == "a@news.example"
    assert len(stored.body_sha256) == 64
    assert stored.status_token_hash == hash_status_token(submitted.status_token)
    assert submitted.status_token not in (stored.status_token_hash or "")
    # SQLite hands back naive datetimes; the model must give timezone-aware UTC everywhere.
    assert stored.created_at.tzinfo is not None
    assert stored.created_at.utcoffset().total_seconds() == 0
    assert stored.screening_state == "queued" and stored.risk is None


def test_invalid_submission_stores_nothing(db) -> None:
    article = make_article(db)
    with pytest.raises(InvalidInput) as info:
        post_comment(article, "   ")
    assert "body" in info.value.errors
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_closed_article_refuses_comments(db) -> None:
    article = make_article(db, comments_open=False)
    with pytest.raises(CommentsClosed, match="closed"):
        post_comment(article)
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_full_lifecycle_keeps_every_decision(db) -> None:
    moderator = make_user()
    comment = make_comment(db)
    decide(
        comment.id, Action.REJECT, moderator, reason="personal_attack", note="called them a fool"
    )
    decide(comment.id, Action.APPROVE, moderator)  # change of mind: a new row, no overwrite
    decide(comment.id, Action.REOPEN, moderator)
    decide(comment.id, Action.REJECT, moderator, reason="spam")
    db.session.expire_all()
    stored = db.session.get(Comment, comment.id)
    assert stored.status is CommentStatus.REJECTED and stored.reject_reason == "spam"
    trail = audit_trail(comment.id)
    assert [(d.action, d.from_status, d.to_status, d.reason) for d in trail] == [
        (Action.REJECT, "pending", "rejected", "personal_attack"),
        (Action.APPROVE, "rejected", "approved", None),
        (Action.REOPEN, "approved", "pending", None),
        (Action.REJECT, "pending", "rejected", "spam"),
    ]
    assert trail[0].note == "called them a fool"
    assert all(d.moderator_id == moderator.id for d in trail)
    assert all(d.created_at.tzinfo is not None for d in trail)


def test_approve_sets_decided_time_and_reopen_clears_it(db) -> None:
    comment = make_comment(db)
    decide(comment.id, Action.APPROVE, make_user())
    assert db.session.get(Comment, comment.id).decided_at is not None
    decide(comment.id, Action.REOPEN, None, via="cli")
    stored = db.session.get(Comment, comment.id)
    assert stored.decided_at is None and stored.status is CommentStatus.PENDING


@pytest.mark.parametrize(
    ("setup", "action", "reason", "error"),
    [
        ([], Action.REOPEN, None, Conflict),
        ([(Action.APPROVE, None)], Action.APPROVE, None, Conflict),
        ([(Action.REJECT, "threat")], Action.REJECT, "spam", Conflict),
        ([], Action.REJECT, None, InvalidInput),
        ([], Action.REJECT, "not-a-reason", InvalidInput),
        ([], Action.APPROVE, "threat", InvalidInput),
    ],
)
def test_refused_decision_changes_nothing(db, setup, action, reason, error) -> None:
    moderator = make_user()
    comment = make_comment(db)
    for act, why in setup:
        decide(comment.id, act, moderator, reason=why)
    before_status = db.session.get(Comment, comment.id).status
    before_rows = _decisions(db)
    with pytest.raises(error):
        decide(comment.id, action, moderator, reason=reason)
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).status == before_status
    assert _decisions(db) == before_rows


def test_deciding_a_missing_comment_is_not_found(db) -> None:
    with pytest.raises(NotFound):
        decide(999_999, Action.APPROVE, None)


def test_long_note_refused(db) -> None:
    comment = make_comment(db)
    with pytest.raises(InvalidInput, match="note"):
        decide(comment.id, Action.APPROVE, None, note="n" * 2001)
    assert _decisions(db) == 0


def test_created_at_is_utc_after_round_trip(db) -> None:
    comment = make_comment(db)
    db.session.expire_all()
    created = db.session.get(Comment, comment.id).created_at
    assert created.tzinfo == UTC


def test_duplicate_submission_from_the_same_client_is_stored_once(db) -> None:
    article = make_article(db)
    first = post_comment(article, "Same words twice.", fingerprint="fp-1")
    # Trivial changes do not make it a new comment (issue 13.10) ...
    for again in (
        "  Same words twice.  ",
        "Same  words twice",
        "SAME WORDS TWICE!",
        "Same\u00a0words twice.",
        "Ｓａｍｅ ｗｏｒｄｓ ｔｗｉｃｅ.",
        "Sаme words twice.",  # Cyrillic а
        "Same wo\u200brds tw\u00adice.\u200e",
    ):
        repeat = post_comment(article, again, fingerprint="fp-1")
        # ... and the answer is that of a new post: the comment, with a token that works.
        assert repeat.id == first.id and repeat.status_token != first.status_token
        assert [c.id for c in comments_for_tokens([repeat.status_token], article)] == [first.id]
    post_comment(article, "Same words twice.", fingerprint="fp-2")  # another reader may agree
    post_comment(make_article(db), "Same words twice.", fingerprint="fp-1")  # another article
    assert db.session.scalar(select(func.count(Comment.id))) == 3


def test_a_guessed_text_and_email_from_another_client_reveals_nothing(db) -> None:
    """Issue 13.10: a 409 "awaiting moderation" for a guessed text + email from another client
    told the guesser what that reader had pending. Only the same client's repeat is one."""
    article = make_article(db)
    mine = post_comment(article, "From my phone.", fingerprint="wifi", author_email="a@b.org")
    guess = post_comment(article, "From my phone.", fingerprint="elsewhere", author_email="a@b.org")
    assert guess.id != mine.id  # a new comment, moderated like any other
    assert comments_for_tokens([guess.status_token], article)[0].id == guess.id
