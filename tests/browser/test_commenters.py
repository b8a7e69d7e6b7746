"""Commenters as people, in headless Chromium: two readers behind one address keep separate
histories, the commenter page bans and unbans, an address ban warns and expires, and a banned
reader's message sits by the button with their text kept (at a phone's 390 px)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from extensions import db
from models import Ban, Comment
from moderation.lifecycle import Action
from services import bans as ban_service
from services.bootstrap import ensure_demo_article
from services.decisions import decide
from tests.browser.conftest import CHROMIUM_ARGS  # noqa: F401  (same browser set-up)
from tests.browser.test_dashboard import _sign_in

pytestmark = pytest.mark.browser
DOCS = Path(__file__).resolve().parents[2] / "docs"
DEMO = "/demo/articles/kirkuk-council-vote"


def _reader(browser, base: str, width: int = 900):  # noqa: ANN001, ANN202
    """A reader's own browser (its own cookies and storage) on the demo article."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base + DEMO)
    frame = page.frame_locator("iframe.commentmod-frame")
    frame.get_by_role("heading", name="Comments").wait_for()
    return context, page, frame


def _post(frame, body: str, name: str) -> None:  # noqa: ANN001
    frame.get_by_label("Name (shown with your comment)", exact=True).fill(name)
    frame.get_by_label("Your comment", exact=True).fill(body)
    frame.get_by_role("button", name="Post comment").click()


def _posted(frame) -> None:  # noqa: ANN001
    frame.get_by_role("status").get_by_text("awaiting moderation").wait_for()


def _comment(body: str) -> Comment:
    db.session.expire_all()
    return db.session.scalars(select(Comment).where(Comment.body == body)).one()


def test_two_commenters_on_one_address_see_separate_histories(
    live_server,
    browser,
    page,  # noqa: ANN001
) -> None:
    ensure_demo_article(live_server.url)
    readers = {name: _reader(browser, live_server.url) for name in ("Awat", "Bahar")}
    try:
        for name, (_, _, frame) in readers.items():
            _post(frame, f"First comment by {name} on the vote.", name)
            _posted(frame)
        decide(_comment("First comment by Awat on the vote.").id, Action.APPROVE, None)
        decide(_comment("First comment by Bahar on the vote.").id, Action.REJECT, None,
               reason="personal_attack")  # fmt: skip
        for name, (_, rpage, _) in readers.items():
            rpage.reload()
            frame = rpage.frame_locator("iframe.commentmod-frame")
            _post(frame, f"Second comment by {name}.", name)
            _posted(frame)
    finally:
        for context, _, _ in readers.values():
            context.close()
    awat, bahar = _comment("Second comment by Awat."), _comment("Second comment by Bahar.")
    assert awat.client_fingerprint == bahar.client_fingerprint  # one address: 127.0.0.1
    assert awat.commenter_key != bahar.commenter_key
    _sign_in(page, live_server.url)
    assert page.locator(f"#c{awat.id} .commenter-link").inner_text() == (
        "history: 1 approved / 0 rejected"
    )
    assert page.locator(f"#c{bahar.id} .commenter-link").inner_text() == (
        "history: 0 approved / 1 rejected"
    )


def test_the_commenter_page_bans_and_unbans(live_server, browser, page) -> None:  # noqa: ANN001
    ensure_demo_article(live_server.url)
    context, rpage, frame = _reader(browser, live_server.url)
    try:
        _post(frame, "You are all paid liars at this paper.", "Rawa")
        _posted(frame)
        comment = _comment("You are all paid liars at this paper.")
        _sign_in(page, live_server.url)
        page.locator(f"#c{comment.id} .commenter-link").click()
        page.get_by_role("heading", name="Commenter: Rawa").wait_for()
        assert page.locator("#commenter-bans").inner_text() == "Not banned."
        page.get_by_label("7 days", exact=True).check()
        page.get_by_label("Reason (for moderators)").fill("insults staff")
        questions: list[str] = []
        page.on("dialog", lambda d: (questions.append(d.message), d.accept()))
        page.locator("#ban-form").get_by_role("button", name="Ban").click()
        page.get_by_text("Banned: commenter key (until").wait_for()
        assert questions == ["Ban this commenter? Their next posts are refused."]
        assert "commenter key" in page.locator("#commenter-bans").inner_text()
        page.screenshot(path=str(DOCS / "commenter.png"), full_page=True)

        # the reader, banned: the message by the button, what they typed kept
        rpage.reload()
        frame = rpage.frame_locator("iframe.commentmod-frame")
        _post(frame, "And another thing about your reporters.", "Rawa")
        frame.locator("#cm-form-alert").get_by_text("You cannot post comments here.").wait_for()
        assert frame.get_by_label("Your comment", exact=True).input_value() == (
            "And another thing about your reporters."
        )

        page.locator("#commenter-bans").get_by_role("button", name="Lift").click()
        page.get_by_text("lifted (commenter key").wait_for()
        assert page.locator("#commenter-bans").inner_text() == "Not banned."
        assert questions[-1].startswith("Lift ban #")
        frame.get_by_role("button", name="Post comment").click()
        _posted(frame)
    finally:
        context.close()


def test_an_address_ban_warns_and_expires(live_server, browser, page) -> None:  # noqa: ANN001
    ensure_demo_article(live_server.url)
    context, _, frame = _reader(browser, live_server.url)
    try:
        _post(frame, "Flood message number one.", "Spammer")
        _posted(frame)
    finally:
        context.close()
    comment = _comment("Flood message number one.")
    _sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/dashboard/comments/{comment.id}/commenter")
    warning = page.locator("#address-warning")
    assert "blocks everyone posting from the same address" in warning.inner_text()
    page.get_by_label("Also ban their client address").check()
    page.get_by_label("after 24 hours").check()
    questions: list[str] = []
    page.on("dialog", lambda d: (questions.append(d.message), d.accept()))
    page.locator("#ban-form").get_by_role("button", name="Ban").click()
    page.get_by_text("client address (until").wait_for()
    assert "EVERYONE posting from that address" in questions[0]
    address = db.session.scalars(select(Ban).where(Ban.kind == "fingerprint")).one()
    assert timedelta(hours=23) < address.expires_at - datetime.now(UTC) <= timedelta(hours=24)

    # a day later it has lifted itself: the bans page says so, and others on it may post
    db.session.execute(Ban.__table__.update().where(Ban.id == address.id)
                       .values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))  # fmt: skip
    db.session.commit()
    page.goto(f"{live_server.url}/dashboard/bans")
    assert "client address" not in page.locator("#ban-list").inner_text()
    page.get_by_role("link", name="Show expired bans too").click()
    row = page.locator("#ban-list tr", has_text="client address")
    assert "(expired)" in row.inner_text() and row.get_by_role("button").count() == 0
    assert not ban_service.is_banned(comment.client_fingerprint, None, None)
    context, _, frame = _reader(browser, live_server.url)
    try:
        _post(frame, "A colleague in the same office.", "Colleague")
        _posted(frame)
    finally:
        context.close()


def test_messages_sit_next_to_the_button_on_a_phone(live_server, browser) -> None:  # noqa: ANN001
    ensure_demo_article(live_server.url)
    context, rpage, frame = _reader(browser, live_server.url, width=390)
    try:
        _post(frame, "A first comment from my phone.", "Hero")
        _posted(frame)
        ban_service.ban_author(_comment("A first comment from my phone."))
        rpage.reload()
        frame = rpage.frame_locator("iframe.commentmod-frame")
        _post(frame, "A second one, refused.", "Hero")
        alert = frame.locator("#cm-form-alert")
        alert.wait_for()
        button = frame.get_by_role("button", name="Post comment").bounding_box()
        box = alert.bounding_box()
        assert box is not None and button is not None
        # beside or right under the button, inside the 390 px screen, not at the top
        assert box["y"] - (button["y"] + button["height"]) < 60 and box["y"] >= button["y"] - 5
        assert box["x"] + box["width"] <= 390
        assert alert.get_attribute("role") == "alert"
    finally:
        context.close()
