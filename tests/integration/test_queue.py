"""The moderation queue service: order, filters, keyset pages, counts, author history."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from models import Comment
from moderation.lifecycle import Action
from moderation.rules import RuleSet
from moderation.screener import Screener
from services.decisions import decide
from services.errors import InvalidInput
from services.queue import QueueFilters, author_history, category_counts, pending_queue
from services.worker import WorkerSettings, process_batch
from tests.factories import make_article, post_comment

BODIES = {
    "threat": "We know where you live, councillor. You will pay for this.",
    "promo": "Cheap visas! WhatsApp +964 770 123 4567 or visit www.cheapvisa.com",
    "clean": "The council should publish the budget before the vote.",
    "swear": "What a shit decision by the council.",
}


@pytest.fixture
def screened(db) -> dict[str, int]:
    article = make_article(db, external_id="story-q")
    ids = {k: post_comment(article, v).comment.id for k, v in BODIES.items()}
    process_batch(db.session, Screener(RuleSet.load(), None), "w", WorkerSettings())
    return ids


def _ids(page) -> list[int]:  # noqa: ANN001
    return [c.id for c in page.items]


def test_risk_order_puts_likely_violations_first_and_clean_last(db, screened) -> None:
    order = _ids(pending_queue(QueueFilters()))
    assert order[-1] == screened["clean"]
    assert set(order[:2]) == {screened["threat"], screened["promo"]}


def test_unscreened_comments_sit_mid_queue_and_failed_ones_on_top(db, screened) -> None:
    article = make_article(db)
    waiting = post_comment(article, "Just posted, not screened yet.").comment.id
    order = _ids(pending_queue(QueueFilters()))
    assert order.index(waiting) < order.index(screened["clean"])
    db.session.execute(
        update(Comment).where(Comment.id == screened["clean"]).values(queue_rank=1.0)
    )
    db.session.commit()
    assert _ids(pending_queue(QueueFilters()))[0] == screened["clean"]


def test_filters(db, screened) -> None:
    by_cat = _ids(pending_queue(QueueFilters.parse(category="threat")))
    assert by_cat == [screened["threat"]]
    flagged = set(_ids(pending_queue(QueueFilters.parse(screened="flagged"))))
    assert flagged == {screened["threat"], screened["promo"], screened["swear"]}
    assert _ids(pending_queue(QueueFilters.parse(screened="unflagged"))) == [screened["clean"]]
    assert _ids(pending_queue(QueueFilters.parse(article="nope"))) == []
    assert len(_ids(pending_queue(QueueFilters.parse(article="story-q")))) == 4
    counts = category_counts()
    assert counts["threat"] == 1 and counts["profanity"] >= 1


def test_decided_comments_leave_the_queue(db, screened) -> None:
    decide(screened["threat"], Action.REJECT, None, reason="threat")
    assert screened["threat"] not in _ids(pending_queue(QueueFilters()))
    assert "threat" not in category_counts()


@pytest.mark.parametrize("order", ["risk", "oldest", "newest"])
def test_keyset_pages_cover_everything_once_even_with_inserts(db, screened, order) -> None:
    article = make_article(db)
    for i in range(30):
        post_comment(article, f"Comment {i} on the bridge.")
    filters = QueueFilters.parse(order=order)
    seen: list[int] = []
    page = pending_queue(filters, limit=7)
    seen += _ids(page)
    post_comment(article, "Arrives while the moderator pages.")  # must not shift pages
    while page.next_cursor:
        page = pending_queue(filters, cursor=page.next_cursor, limit=7)
        seen += _ids(page)
    assert len(seen) == len(set(seen)) and len(seen) >= 34
    if order == "oldest":
        assert seen == sorted(seen)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"order": "random"}, "order"),
        ({"category": "rudeness"}, "category"),
        ({"screened": "x"}, "screened"),
    ],
)
def test_bad_filters_are_refused(kwargs, field) -> None:
    with pytest.raises(InvalidInput) as info:
        QueueFilters.parse(**kwargs)
    assert field in info.value.errors


def test_bad_cursor_is_refused(db) -> None:
    with pytest.raises(InvalidInput, match="cursor"):
        pending_queue(QueueFilters(), cursor="garbage!")


def test_author_history_counts_earlier_decisions(db) -> None:
    article = make_article(db)
    first = post_comment(article, "one", author_email="r@x.org").comment
    second = post_comment(article, "two", author_email="r@x.org").comment
    third = post_comment(article, "three", author_email="r@x.org").comment
    decide(first.id, Action.APPROVE, None)
    decide(second.id, Action.REJECT, None, reason="spam")
    assert author_history([third])[third.id] == (1, 1)


def test_category_counts_follow_decisions_and_reopening(db, screened) -> None:
    assert category_counts()["threat"] == 1
    decide(screened["threat"], Action.REJECT, None, reason="threat")
    assert "threat" not in category_counts()
    decide(screened["threat"], Action.REOPEN, None)
    assert category_counts()["threat"] == 1
    assert _ids(pending_queue(QueueFilters.parse(category="threat"))) == [screened["threat"]]
