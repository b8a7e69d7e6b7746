"""Trusted commenters (off by default): N approved and no rejection in the window earns a mark
and a lower place for an unflagged comment; one rejection ends it; every comment is still
moderated."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from extensions import db
from models import Comment
from models.base import utcnow
from moderation.classifier import ProfanityCheckClassifier
from moderation.rules import RuleSet
from moderation.screener import Screener
from services.commenters import TRUSTED_RANK_FACTOR, TrustRule, trusted_authors
from services.decisions import decide
from services.worker import WorkerSettings, process_batch
from tests.factories import make_article, post_comment

RULE = TrustRule(min_approved=2, window_days=30)


def _screen(trust: TrustRule = RULE) -> None:
    """Screen with a real model (alt-profanity-check), so unflagged comments have a risk > 0."""
    classifier = ProfanityCheckClassifier()
    classifier.load()
    screener = Screener(RuleSet.load(), classifier)
    process_batch(db.session, screener, "w", WorkerSettings(trust=trust))


def _regular(article, key: str = "regular-key", n: int = 2) -> None:  # noqa: ANN001
    for i in range(n):
        decide(post_comment(article, f"Good point number {i}.", commenter_key=key).id,
               "approve", None)  # fmt: skip


def test_off_by_default() -> None:
    assert not TrustRule().enabled
    assert trusted_authors({("key", "x")}, TrustRule()) == set()


def test_a_trusted_commenter_s_unflagged_comment_ranks_lower(db) -> None:
    article = make_article(db)
    _regular(article)
    trusted = post_comment(
        article, "Thanks for the report on the bridge.", commenter_key="regular-key"
    )
    stranger = post_comment(article, "Thanks for the report on the dam.", commenter_key="new-key")
    flagged = post_comment(article, "What a shit decision.", commenter_key="regular-key")
    _screen()
    rows = {c.id: c for c in db.session.query(Comment).all()}
    t, s, f = rows[trusted.id], rows[stranger.id], rows[flagged.id]
    assert t.status.value == "pending"  # still moderated
    assert t.risk > 0 and s.risk > 0 and not t.flags
    assert t.queue_rank == t.risk * TRUSTED_RANK_FACTOR < t.risk
    assert s.queue_rank == s.risk  # not trusted
    assert f.queue_rank == f.risk  # flagged: trust changes nothing
    assert trusted_authors({("key", "regular-key"), ("key", "new-key")}, RULE) == {
        ("key", "regular-key")
    }


def test_one_rejection_ends_trust(db) -> None:
    article = make_article(db)
    _regular(article)
    waiting = post_comment(article, "A calm remark about parking.", commenter_key="regular-key")
    _screen()
    db.session.expire_all()
    row = db.session.get(Comment, waiting.id)
    assert 0 < row.queue_rank < row.risk
    bad = post_comment(article, "Another remark.", commenter_key="regular-key")
    decide(bad.id, "reject", None, reason="off_topic")
    db.session.expire_all()
    row = db.session.get(Comment, waiting.id)
    assert row.queue_rank == row.risk  # back to its risk
    assert trusted_authors({("key", "regular-key")}, RULE) == set()


def test_approvals_outside_the_window_do_not_count(db) -> None:
    article = make_article(db)
    _regular(article, key="old-timer")
    db.session.execute(update(Comment).values(decided_at=utcnow() - timedelta(days=31)))
    db.session.commit()
    assert trusted_authors({("key", "old-timer")}, RULE) == set()


def test_the_queue_marks_a_trusted_commenter(client, db, login_as, app) -> None:  # noqa: ANN001
    app.config["APP_CONFIG"] = app.config["APP_CONFIG"].replace(trusted_min_approved=2)
    login_as()
    article = make_article(db)
    _regular(article)
    post_comment(article, "A question about the budget.", commenter_key="regular-key")
    html = client.get("/dashboard/").get_data(as_text=True)
    assert '<span class="trusted" title="2+ approved and none rejected in the last 90 days' in html
