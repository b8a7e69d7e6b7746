"""The live queue in headless Chromium: counts follow the moderator's decisions, a new comment
announces itself without moving the cards, undo is a stack, every reason is reachable by keys,
and Esc leaves a reason list so the keys work again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from extensions import db
from models import Comment, Decision
from moderation.guidelines import Reason
from tests.browser.test_dashboard import BODIES, _seed, _sign_in, _status
from tests.factories import post_comment

pytestmark = pytest.mark.browser


@pytest.fixture
def config_overrides() -> dict[str, object]:
    return {"queue_poll_seconds": 1}


def test_counts_follow_decisions_and_a_new_comment_waits_behind_a_bar(
    live_server,
    page,  # noqa: ANN001
) -> None:
    _seed()
    _sign_in(page, live_server.url)
    count = page.locator("#pending-count")
    assert count.inner_text() == "5 pending"
    threat_chip = page.locator("#cat-counts a.chip-threat")
    assert threat_chip.inner_text() == "threat: 1"
    # deciding the threat lowers both counts without a reload
    for _ in range(5):
        if BODIES[0] in page.locator("#queue .card.current").inner_text():
            break
        page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.locator("#pending-count")).to_have_text("4 pending")
    assert threat_chip.is_hidden()
    assert page.title().startswith("Queue (4)")
    order_before = page.locator("#queue .card:not([hidden])").evaluate_all(
        "cards => cards.map(c => c.dataset.id)"
    )
    # a reader posts while the queue is open: a bar offers it, the cards stay where they are
    article = db.session.scalars(select(Comment)).first().article
    new = post_comment(article, "A question about the new bus routes.").comment
    bar = page.get_by_role("button", name="1 new — show")
    bar.wait_for(timeout=10_000)
    assert count.inner_text() == "5 pending"
    assert (
        page.locator("#queue .card:not([hidden])").evaluate_all(
            "cards => cards.map(c => c.dataset.id)"
        )
        == order_before
    )
    bar.click()
    page.locator(f"#c{new.id}").wait_for()
    assert page.locator("#new-bar").is_hidden()


def test_undo_is_a_stack_of_the_last_decisions(live_server, page) -> None:  # noqa: ANN001
    _seed()
    _sign_in(page, live_server.url)
    decided = []
    for key in ("a", "r", "a"):
        current = page.locator("#queue .card.current")
        decided.append(int(current.get_attribute("data-id")))
        page.keyboard.press(key)
        page.get_by_role("status").get_by_text(f"Comment #{decided[-1]} ").wait_for()
    assert [_status(i) for i in decided] == ["approved", "rejected", "approved"]
    expect(page.locator("#pending-count")).to_have_text("2 pending")
    # u, u, u: the newest decision first, back to the queue in order
    for expected in reversed(decided):
        page.keyboard.press("u")
        back = f"Comment #{expected} is back in the queue."
        page.get_by_role("status").get_by_text(back).wait_for()
        assert _status(expected) == "pending"
    page.keyboard.press("u")
    page.get_by_role("status").get_by_text("Nothing to undo.").wait_for()
    expect(page.locator("#pending-count")).to_have_text("5 pending")
    trail = db.session.scalars(
        select(Decision.action).where(Decision.comment_id == decided[1]).order_by(Decision.id)
    ).all()
    assert [a.value for a in trail] == ["reject", "reopen"]


def test_reason_12_by_keyboard_and_escape_from_a_reason_list(live_server, page) -> None:  # noqa: ANN001
    ids = _seed()
    _sign_in(page, live_server.url)
    twelfth = list(Reason)[11]
    card = page.locator("#queue .card.current")
    card_id = int(card.get_attribute("data-id"))
    page.keyboard.press("1")
    page.keyboard.press("2")
    assert card.locator("select[name=reason]").input_value() == twelfth.value
    # a moderator clicks into the reason list, Esc gives the keys back
    card.locator("select[name=reason]").focus()
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.classList.contains('card')")
    page.keyboard.press("r")
    page.get_by_role("status").get_by_text(f"Comment #{card_id} rejected.").wait_for()
    reason = db.session.scalar(
        select(Decision.reason).where(Decision.comment_id == card_id, Decision.action == "reject")
    )
    assert reason == twelfth.value
    # one digit alone still picks reasons 1-9 (after the two-digit wait)
    page.wait_for_timeout(1000)
    page.keyboard.press("3")
    page.wait_for_timeout(1000)
    current = page.locator("#queue .card.current")
    assert current.locator("select[name=reason]").input_value() == list(Reason)[2].value
    assert len(ids) == len(BODIES)
