"""The moderator dashboard in headless Chromium: keyboard moderation, bulk, undo, trail."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from extensions import db
from models import Comment, Decision
from moderation.rules import RuleSet
from moderation.screener import Screener
from services.worker import WorkerSettings, process_batch
from tests.factories import PASSWORD, make_article, make_user, post_comment

pytestmark = pytest.mark.browser
DOCS = Path(__file__).resolve().parents[2] / "docs"

BODIES = [
    "We know where you live, councillor. You will pay for this.",
    "Cheap visas! WhatsApp +964 770 123 4567 or visit www.cheapvisa.com",
    "The council should publish the budget before the vote.",
    "What a shit decision by the council.",
    "Thanks for covering the market story.",
]


def _seed() -> dict[str, int]:
    article = make_article(db, external_id="story-b")
    ids = {body: post_comment(article, body, author_email="r@x.org").comment.id for body in BODIES}
    process_batch(db.session, Screener(RuleSet.load(), None), "w", WorkerSettings())
    return ids


def _status(comment_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Comment, comment_id).status.value


def _sign_in(page, base: str, role: str = "moderator") -> None:  # noqa: ANN001
    user = make_user(role)
    page.goto(f"{base}/dashboard/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Queue").wait_for()


def test_keyboard_moderation_bulk_undo_and_trail(live_server, page) -> None:  # noqa: ANN001
    ids = _seed()
    _sign_in(page, live_server.url)
    cards = page.locator("#queue .card:not([hidden])")
    assert cards.count() == 5
    top = cards.first
    # Evidence highlighted in place, and chips that explain the flag.
    assert top.locator("mark").first.inner_text() in BODIES[0] + BODIES[1]
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "queue.png"), full_page=True)

    # `a` approves the current (top) comment; it leaves without a reload; undo brings it back.
    top_id = int(top.get_attribute("data-id"))
    page.keyboard.press("a")
    page.get_by_role("status").get_by_text(f"Comment #{top_id} approved.").wait_for()
    assert _status(top_id) == "approved" and cards.count() == 4
    page.get_by_role("button", name="Undo").click()
    page.get_by_text(f"Comment #{top_id} is back in the queue.").wait_for()
    assert _status(top_id) == "pending" and cards.count() == 5

    # `j` moves down, a digit picks a reason, `r` rejects with it.
    page.keyboard.press("j")
    second = page.locator("#queue .card.current")
    second_id = int(second.get_attribute("data-id"))
    page.keyboard.press("1")  # 1. Profanity
    page.keyboard.press("r")
    page.get_by_text(f"Comment #{second_id} rejected.").wait_for()
    assert _status(second_id) == "rejected"
    reason = db.session.scalar(
        select(Decision.reason).where(Decision.comment_id == second_id, Decision.action == "reject")
    )
    assert reason == "profanity"

    # `x` selects; bulk reject the selection with a reason (plain form post).
    page.keyboard.press("x")
    picked = [int(page.locator("#queue .card.current").get_attribute("data-id"))]
    page.keyboard.press("j")
    page.keyboard.press("x")
    picked.append(int(page.locator("#queue .card.current").get_attribute("data-id")))
    assert page.locator("#bulk-count").inner_text() == "2 selected"
    page.locator("#bulk select[name=reason]").select_option("spam")
    page.get_by_role("button", name="Reject selected").click()
    page.get_by_text("2 of 2 rejected.").wait_for()
    assert [_status(i) for i in picked] == ["rejected", "rejected"]

    # Change a decision on the detail page and see the whole trail.
    page.goto(f"{live_server.url}/dashboard/comments/{second_id}")
    page.get_by_role("button", name="Approve").click()
    trail = page.locator("table.trail tbody tr")
    assert trail.count() == 2
    assert "pending → rejected" in trail.nth(0).inner_text()
    assert "rejected → approved" in trail.nth(1).inner_text()
    assert _status(second_id) == "approved"
    assert ids  # seeded


def test_filter_by_category_shows_only_that_category(live_server, page) -> None:  # noqa: ANN001
    ids = _seed()
    _sign_in(page, live_server.url)
    page.get_by_label("Category").select_option("threat")
    page.get_by_role("button", name="Filter").click()
    cards = page.locator("#queue .card")
    cards.first.wait_for()
    assert cards.count() == 1
    assert int(cards.first.get_attribute("data-id")) == ids[BODIES[0]]
    assert "We know where you live" in cards.first.locator("mark").first.inner_text()


def test_help_dialog_lists_the_keys(live_server, page) -> None:  # noqa: ANN001
    _seed()
    _sign_in(page, live_server.url)
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert "approve" in dialog.inner_text() and "undo" in dialog.inner_text()


def test_moderator_is_refused_an_admin_page(live_server, page) -> None:  # noqa: ANN001
    _sign_in(page, live_server.url, role="moderator")
    assert page.get_by_role("link", name="Users").count() == 0  # not even offered
    response = page.goto(f"{live_server.url}/dashboard/admin/users")
    assert response.status == 403
    assert "This page is for admins." in page.content()
