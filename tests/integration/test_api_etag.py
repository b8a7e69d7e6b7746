"""The public list's ETag: computed from the article row before any comment is loaded, and
changed by everything a reader of the page could notice (and by nothing else)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from models import Article
from moderation.lifecycle import Action
from services import comments as comment_service
from services.articles import set_comments_open
from services.decisions import decide
from tests.factories import make_article, post_comment

URL = "/api/v1/articles/story-1/comments"


@pytest.fixture
def article(db) -> Article:  # noqa: ANN001
    return make_article(db, external_id="story-1")


def _approved(article: Article, body: str) -> int:
    comment_id = post_comment(article, body).id
    decide(comment_id, Action.APPROVE, None)
    return comment_id


def _bodies(response) -> list[str]:  # noqa: ANN001
    return [c["body"] for c in response.json["items"]]


@contextmanager
def _statements(db) -> Iterator[list[str]]:  # noqa: ANN001
    """The SQL sent to the database inside the block."""
    seen: list[str] = []

    def record(conn, cursor, statement, *args) -> None:  # noqa: ANN001, ANN002
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_unchanged_list_answers_304_without_loading_a_comment(client, db, article) -> None:
    _approved(article, "First approved comment.")
    first = client.get(URL)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and _bodies(first) == ["First approved comment."]
    with _statements(db) as statements:
        again = client.get(URL, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag and again.headers["Cache-Control"] == "no-cache"
    # The cheap path: the article row only, no page and no count of comments.
    assert statements and not any(re.search(r"\bcomments\b", s) for s in statements), statements


def test_a_new_approval_gives_200_with_a_new_etag(client, db, article) -> None:
    _approved(article, "First approved comment.")
    etag = client.get(URL).headers["ETag"]
    _approved(article, "Second approved comment.")
    changed = client.get(URL, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert _bodies(changed) == ["First approved comment.", "Second approved comment."]
    assert changed.json["article"]["approved_count"] == 2
    assert client.get(URL, headers={"If-None-Match": changed.headers["ETag"]}).status_code == 304


def test_an_approval_changed_to_rejected_gives_200_without_the_comment(client, db, article) -> None:
    keep = _approved(article, "Stays published.")
    gone = _approved(article, "Approved, then rejected on a second look.")
    etag = client.get(URL).headers["ETag"]
    decide(gone, Action.REJECT, None, reason="personal_attack")
    changed = client.get(URL, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert _bodies(changed) == ["Stays published."]
    assert changed.json["article"]["approved_count"] == 1
    # Reopening an approved comment takes it off the page too.
    etag = changed.headers["ETag"]
    decide(keep, Action.REOPEN, None)
    reopened = client.get(URL, headers={"If-None-Match": etag})
    assert reopened.status_code == 200 and _bodies(reopened) == []


def test_a_rejection_restored_to_approved_gives_200(client, db, article) -> None:
    comment_id = _approved(article, "Published, hidden, published again.")
    decide(comment_id, Action.REJECT, None, reason="off_topic")
    etag = client.get(URL).headers["ETag"]
    decide(comment_id, Action.APPROVE, None)
    restored = client.get(URL, headers={"If-None-Match": etag})
    assert restored.status_code == 200
    assert _bodies(restored) == ["Published, hidden, published again."]


def test_pending_and_rejected_arrivals_keep_the_304(client, db, article) -> None:
    _approved(article, "The only public comment.")
    etag = client.get(URL).headers["ETag"]
    pending = post_comment(article, "Waiting for a moderator.").id
    assert client.get(URL, headers={"If-None-Match": etag}).status_code == 304
    decide(pending, Action.REJECT, None, reason="off_topic")
    assert client.get(URL, headers={"If-None-Match": etag}).status_code == 304
    # And what the reader would get is indeed the same page.
    assert _bodies(client.get(URL)) == ["The only public comment."]


def test_closing_the_article_gives_200(client, db, article) -> None:
    _approved(article, "Comment on an open article.")
    etag = client.get(URL).headers["ETag"]
    set_comments_open("story-1", False)
    closed = client.get(URL, headers={"If-None-Match": etag})
    assert closed.status_code == 200 and closed.json["article"]["comments_open"] is False


def test_an_approval_on_another_article_keeps_the_304(client, db, article) -> None:
    _approved(article, "On story one.")
    etag = client.get(URL).headers["ETag"]
    _approved(make_article(db, external_id="story-2"), "On story two.")
    assert client.get(URL, headers={"If-None-Match": etag}).status_code == 304


def test_each_page_and_order_has_its_own_etag(client, db, article) -> None:
    for n in range(3):
        _approved(article, f"Comment {n}.")
    oldest = client.get(f"{URL}?limit=2")
    newest = client.get(f"{URL}?limit=2&order=newest")
    second = client.get(f"{URL}?limit=2&cursor={oldest.json['next_cursor']}")
    tags = {r.headers["ETag"] for r in (oldest, newest, second)}
    assert len(tags) == 3
    answer = client.get(
        f"{URL}?limit=2&order=newest", headers={"If-None-Match": oldest.headers["ETag"]}
    )
    assert answer.status_code == 200 and _bodies(answer) == ["Comment 2.", "Comment 1."]


def test_an_approval_racing_the_read_never_leaves_a_stale_page(
    client, db, article, monkeypatch
) -> None:
    """A decision committed between reading the validator and reading the page: the client
    gets the newer page under the older tag, so its next revalidation is a 200, never a 304
    that would keep a page missing the comment."""
    _approved(article, "Before the race.")
    pending = post_comment(article, "Approved during the request.").id
    real_page = comment_service.approved_keyset_page

    def approve_then_read(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        monkeypatch.setattr(comment_service, "approved_keyset_page", real_page)
        decide(pending, Action.APPROVE, None)
        return real_page(*args, **kwargs)

    monkeypatch.setattr(comment_service, "approved_keyset_page", approve_then_read)
    raced = client.get(URL)
    assert _bodies(raced) == ["Before the race.", "Approved during the request."]
    again = client.get(URL, headers={"If-None-Match": raced.headers["ETag"]})
    assert again.status_code == 200
    assert _bodies(again) == _bodies(raced)
