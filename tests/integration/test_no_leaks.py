"""Nothing unapproved leaks: every public page and public API answer is swept for pending and
rejected comment text (and for authors' emails)."""

from __future__ import annotations

import pytest

from moderation.lifecycle import Action
from services.bootstrap import DEMO_ARTICLE_ID, ensure_demo_article
from services.decisions import decide
from tests.factories import post_comment

PENDING = "PENDING-SECRET-7f3a comment text"
REJECTED = "REJECTED-SECRET-91bc comment text"
REOPENED = "REOPENED-SECRET-44d0 approved then reopened"
APPROVED = "APPROVED-PUBLIC-0001 comment text"
EMAIL = "secret.author@example.org"


@pytest.fixture
def seeded(db) -> None:
    article, _ = ensure_demo_article("http://localhost")
    post_comment(article, PENDING, author_email=EMAIL)
    decide(post_comment(article, REJECTED).comment.id, Action.REJECT, None, reason="spam")
    reopened = post_comment(article, REOPENED).comment.id
    decide(reopened, Action.APPROVE, None)
    decide(reopened, Action.REOPEN, None)
    decide(post_comment(article, APPROVED, author_email=EMAIL).comment.id, Action.APPROVE, None)


def _public_answers(client) -> dict[str, str]:
    paths = [
        "/",
        "/healthz",
        "/demo/articles/kirkuk-council-vote",
        f"/embed/a/{DEMO_ARTICLE_ID}",
        f"/embed/a/{DEMO_ARTICLE_ID}?order=newest",
        f"/embed/a/{DEMO_ARTICLE_ID}?page=2",
        f"/api/v1/articles/{DEMO_ARTICLE_ID}",
        f"/api/v1/articles/{DEMO_ARTICLE_ID}/comments",
        f"/api/v1/articles/{DEMO_ARTICLE_ID}/comments?order=newest",
        "/api/v1/openapi.json",
        "/api/v1/docs",
    ]
    out = {}
    for path in paths:
        response = client.get(path)
        out[path] = response.get_data(as_text=True)
        response.close()
        assert response.status_code < 500, path
    # A stranger asking for statuses with made-up tokens.
    status = client.post("/api/v1/comments/status", json={"tokens": ["guess", "x" * 32]})
    out["/api/v1/comments/status"] = status.get_data(as_text=True)
    return out


def test_no_public_answer_contains_unapproved_text_or_emails(client, seeded) -> None:
    answers = _public_answers(client)
    assert APPROVED in answers[f"/embed/a/{DEMO_ARTICLE_ID}"]  # the sweep can see comments
    assert APPROVED in answers[f"/api/v1/articles/{DEMO_ARTICLE_ID}/comments"]
    for path, body in answers.items():
        for secret in (PENDING, REJECTED, REOPENED, EMAIL):
            assert secret not in body, f"{secret!r} leaked on {path}"
