"""The comment widget in headless Chromium, embedded in the demo article as a customer would."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from extensions import db
from models import Comment
from moderation.lifecycle import Action
from services.articles import set_comments_open
from services.bootstrap import DEMO_ARTICLE_ID, ensure_demo_article
from services.decisions import decide

pytestmark = pytest.mark.browser
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def demo(live_server, page):  # noqa: ANN001, ANN201
    """The demo article open in the browser; returns (page, frame locator)."""
    ensure_demo_article(live_server.url)
    page.goto(f"{live_server.url}/demo/articles/kirkuk-council-vote")
    frame = page.frame_locator("iframe.commentmod-frame")
    frame.get_by_role("heading", name="Comments").wait_for()
    return page, frame


def _post(frame, body: str, name: str = "Shirin") -> None:  # noqa: ANN001
    frame.get_by_label("Name (shown with your comment)", exact=True).fill(name)
    frame.get_by_label("Your comment", exact=True).fill(body)
    frame.get_by_role("button", name="Post comment").click()


def _frame_height(page) -> float:  # noqa: ANN001
    return page.locator("iframe.commentmod-frame").evaluate("f => f.getBoundingClientRect().height")


def test_post_pending_approve_published(demo) -> None:  # noqa: ANN001
    page, frame = demo
    _post(frame, "The market restoration is long overdue.")
    live = frame.get_by_role("status")
    live.get_by_text("Thank you — your comment is awaiting moderation.").wait_for()
    own = frame.locator("#cm-own")
    assert own.get_by_text("Awaiting moderation").is_visible()
    assert own.get_by_text("The market restoration is long overdue.").is_visible()
    assert frame.locator("#cm-count").inner_text() == "No comments yet."
    comment = db.session.scalars(select(Comment)).one()
    decide(comment.id, Action.APPROVE, None)
    page.reload()
    frame = page.frame_locator("iframe.commentmod-frame")
    frame.locator("#cm-count").get_by_text("1 comment").wait_for()
    assert frame.locator(".cm-comments .cm-body").inner_text() == (
        "The market restoration is long overdue."
    )
    assert frame.locator("#cm-own").get_by_text("Published").is_visible()
    DOCS.mkdir(exist_ok=True)
    page.locator("#comments").screenshot(path=str(DOCS / "widget.png"))


def test_validation_error_is_shown_next_to_the_field(demo) -> None:  # noqa: ANN001
    page, frame = demo
    _post(frame, "   ")
    error = frame.locator("#cm-body-error")
    error.wait_for()
    assert error.inner_text() == "Please write a comment."
    assert frame.get_by_label("Your comment", exact=True).get_attribute("aria-invalid") == "true"
    # the summary sits by the button, announced, and takes the focus
    summary = frame.locator("#cm-form-live").get_by_role("alert")
    assert summary.inner_text() == "Please correct the highlighted fields."
    assert frame.locator(":focus").inner_text() == "Please correct the highlighted fields."
    assert (
        frame.get_by_label("Name (shown with your comment)", exact=True).input_value() == "Shirin"
    )
    assert db.session.scalars(select(Comment)).all() == []


def test_closed_article_shows_list_without_form(live_server, page) -> None:  # noqa: ANN001
    ensure_demo_article(live_server.url)
    set_comments_open(DEMO_ARTICLE_ID, False)
    page.goto(f"{live_server.url}/demo/articles/kirkuk-council-vote")
    frame = page.frame_locator("iframe.commentmod-frame")
    frame.get_by_text("Comments on this article are closed.").wait_for()
    assert frame.locator("form.cm-form").count() == 0
    assert frame.get_by_text("All comments are moderated before publication").is_visible()


def test_script_injection_stays_inert_text(demo) -> None:  # noqa: ANN001
    page, frame = demo
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    payload = (
        '<img src=x onerror="alert(1)"> <a href="javascript:alert(2)">click</a> '
        "javascript:alert(3) \u202eevil\u202c <script>alert(4)</script>"
    )
    _post(frame, payload, name="<b>Mallory</b>")
    frame.get_by_text("Thank you — your comment is awaiting moderation.").wait_for()
    decide(db.session.scalars(select(Comment)).one().id, Action.APPROVE, None)
    page.reload()
    frame = page.frame_locator("iframe.commentmod-frame")
    body = frame.locator(".cm-comments .cm-body")
    body.wait_for()
    # Shown literally, character for character, but for the bidi override (issue 13.13: it
    # would reorder what follows); the stored body keeps it (comments are write-once).
    assert body.inner_text() == payload.replace("\u202e", "").replace("\u202c", "")
    assert db.session.scalars(select(Comment)).one().body == payload
    assert body.locator("img, a, script").count() == 0
    assert frame.locator(".cm-comments .cm-author").inner_text() == "<b>Mallory</b>"
    frame.locator(".cm-comments").click()
    page.wait_for_timeout(300)
    assert dialogs == []


def test_iframe_resizes_to_its_content(demo) -> None:  # noqa: ANN001
    page, frame = demo
    page.wait_for_function(
        "() => { const f = document.querySelector('iframe.commentmod-frame');"
        " return f && Math.abs(f.getBoundingClientRect().height -"
        " f.contentDocument.documentElement.scrollHeight) < 2; }"
    )
    before = _frame_height(page)
    comments = [f"Point number {i}: the budget line for the market.\n" * 3 for i in range(6)]
    _post(frame, comments[0])
    frame.get_by_text("Thank you — your comment is awaiting moderation.").wait_for()
    page.wait_for_function(f"() => document.querySelector('iframe.commentmod-frame')"
                           f".getBoundingClientRect().height > {before} + 40")  # fmt: skip
    after = _frame_height(page)
    content = page.locator("iframe.commentmod-frame").evaluate(
        "f => f.contentDocument.documentElement.scrollHeight"
    )
    assert after > before and abs(after - content) < 2  # no inner scrollbar, no gap


def test_keyboard_only_posting_and_labels(demo) -> None:  # noqa: ANN001
    page, frame = demo
    for label in (
        "Name (shown with your comment)",
        "Email (optional, never shown)",
        "Your comment",
    ):
        assert frame.get_by_label(label, exact=True).count() == 1  # every field has a label
    frame.get_by_label("Name (shown with your comment)", exact=True).focus()
    page.keyboard.type("Keyboard Kurt")
    page.keyboard.press("Tab")  # email
    page.keyboard.press("Tab")  # comment
    page.keyboard.type("Posted without touching the mouse.")
    page.keyboard.press("Tab")  # the submit button
    page.keyboard.press("Enter")
    status = frame.get_by_role("status")
    status.get_by_text("Thank you — your comment is awaiting moderation.").wait_for()
    assert status.get_attribute("aria-live") == "polite"
    assert db.session.scalars(select(Comment.body)).one() == "Posted without touching the mouse."


def test_character_counter_updates_as_you_type(demo) -> None:  # noqa: ANN001
    _, frame = demo
    frame.get_by_label("Your comment", exact=True).fill("Twelve chars")
    assert frame.locator("#cm-body-count").inner_text() == "12 of 5000 characters"


def test_a_status_token_in_a_link_plants_nothing(live_server, live_app, page) -> None:  # noqa: ANN001
    """Issue 13.2: `/embed/a/<id>#t=<token>` once stored an attacker's token in the visitor's
    browser and showed the attacker's comment under "Your comments"."""
    from tests.conftest import csrf_token_from, new_token_from

    ensure_demo_article(live_server.url)
    attacker = live_app.test_client()
    widget = f"/embed/a/{DEMO_ARTICLE_ID}"
    form = attacker.get(widget).get_data(as_text=True)
    answer = attacker.post(
        f"{widget}/comments",
        data={
            "csrf_token": csrf_token_from(form),
            "author_name": "Mallory",
            "body": "Planted comment that is not yours.",
        },
    )
    token = new_token_from(answer.get_data(as_text=True))
    for crafted in (f"#t={token}", f"?t={token}", f"?posted=1#t={token}"):
        page.goto(f"{live_server.url}{widget}{crafted}")
        page.get_by_role("heading", name="Comments").wait_for()
        page.wait_for_load_state("networkidle")
        assert "Planted comment" not in page.content()
        assert page.evaluate("localStorage.getItem('commentmod:tokens')") is None


class TestFloodedArticle:
    """Issue 13.9 in the browser: the widget sends the status tokens it kept, so a reader
    whose comment was approved keeps posting while a flood of new clients fills the limit."""

    @pytest.fixture
    def config_overrides(self) -> dict[str, object]:
        return {"article_rate_limit": "3 per minute", "proxy_hops": 1}

    def test_a_known_reader_keeps_posting_from_a_new_address(self, live_server, live_app, page):  # noqa: ANN001
        from tests.conftest import csrf_token_from

        ensure_demo_article(live_server.url)
        page.context.set_extra_http_headers({"X-Forwarded-For": "10.9.9.9"})
        page.goto(f"{live_server.url}/demo/articles/kirkuk-council-vote")
        frame = page.frame_locator("iframe.commentmod-frame")
        _post(frame, "First comment: the bridge repairs are overdue.")
        frame.get_by_text("Thank you — your comment is awaiting moderation.").wait_for()
        decide(db.session.scalars(select(Comment)).one().id, Action.APPROVE, None)
        flood = live_app.test_client()
        widget = f"/embed/a/{DEMO_ARTICLE_ID}"
        statuses = []
        for n in range(5):
            client = {"X-Forwarded-For": f"10.6.0.{n + 1}"}
            form = flood.get(widget, headers=client).get_data(as_text=True)
            statuses.append(
                flood.post(
                    f"{widget}/comments",
                    data={"csrf_token": csrf_token_from(form), "author_name": f"Bot {n}",
                          "body": f"Flood comment number {n}."},
                    headers=client,
                ).status_code
            )  # fmt: skip
        assert statuses[-1] == 429  # the new clients' bucket is full
        # The reader moves to another network and loses the cookie: localStorage is the proof.
        page.context.clear_cookies()
        page.context.set_extra_http_headers({"X-Forwarded-For": "10.8.8.8"})
        page.reload()
        frame = page.frame_locator("iframe.commentmod-frame")
        _post(frame, "Second comment: and the budget should say when.")
        frame.get_by_text("Thank you — your comment is awaiting moderation.").wait_for()
        bodies = {c.body for c in db.session.scalars(select(Comment))}
        assert "Second comment: and the budget should say when." in bodies


def test_a_pending_comment_turns_published_without_a_reload(demo) -> None:  # noqa: ANN001
    page, frame = demo
    _post(frame, "Will the new bridge have a footpath?")
    frame.get_by_role("status").get_by_text("awaiting moderation").wait_for()
    # the thank-you message has the focus, not the top of the page
    assert frame.locator(":focus").inner_text().startswith("Thank you")
    own = frame.locator("#cm-own")
    assert own.get_by_text("Awaiting moderation").is_visible()
    comment = db.session.scalars(select(Comment)).one()
    decide(comment.id, Action.APPROVE, None)
    own.get_by_text("Published").wait_for(timeout=15_000)  # the widget asked again by itself
    assert own.locator(".cm-status-approved").count() == 1


def test_the_name_is_remembered_and_times_are_the_reader_s(demo) -> None:  # noqa: ANN001
    page, frame = demo
    _post(frame, "First thoughts on the market plan.", name="Shirin Ahmed")
    frame.get_by_role("status").get_by_text("awaiting moderation").wait_for()
    decide(db.session.scalars(select(Comment)).one().id, Action.APPROVE, None)
    page.reload()
    frame = page.frame_locator("iframe.commentmod-frame")
    frame.locator("#cm-count").get_by_text("1 comment").wait_for()
    # kept in this browser only: the field is filled again, and nothing else was sent
    assert frame.get_by_label("Name (shown with your comment)", exact=True).input_value() == (
        "Shirin Ahmed"
    )
    when = frame.locator(".cm-comments time")
    assert when.inner_text() in ("now", "this minute", "1 minute ago", "0 minutes ago")
    assert "2026" in (when.get_attribute("title") or "")  # the exact time, on hover
