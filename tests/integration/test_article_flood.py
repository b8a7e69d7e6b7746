"""A flood on one article slows new clients first; known commenters keep posting; a moderator
can lift the article's limit for a while (issue 13.9)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models import Article
from models.base import utcnow
from services import comments as comment_service
from services.decisions import decide
from tests.conftest import TEST_SECRET, csrf_token_from, staff_headers
from tests.factories import make_article, make_user, post_comment


@pytest.fixture
def config_overrides() -> dict[str, object]:
    return {
        "article_rate_limit": "5 per minute",
        "article_known_rate_limit": "50 per minute",
        "api_rate_limit": "1000 per minute",
        "post_rate_limit": "1000 per minute",
        "proxy_hops": 1,  # X-Forwarded-For names the client: many clients from one test
    }


def _client(n: int) -> dict[str, str]:
    return {"X-Forwarded-For": f"10.7.{n // 250}.{n % 250 + 1}"}


def _api_post(client, article: Article, n: int, **extra: object) -> int:  # noqa: ANN001
    return client.post(
        f"/api/v1/articles/{article.external_id}/comments",
        json={"author_name": f"Reader {n}", "body": f"My view number {n} on the bridge.", **extra},
        headers=_client(n),
    ).status_code


def _flood(client, article: Article, clients: range) -> list[int]:  # noqa: ANN001
    return [_api_post(client, article, n) for n in clients]


def _known_commenter(db, article: Article, n: int) -> str:  # noqa: ANN001
    """A reader (client n) whose earlier comment a moderator approved; returns its token."""
    fingerprint = comment_service.client_fingerprint(TEST_SECRET, _client(n)["X-Forwarded-For"])
    earlier = post_comment(
        make_article(db), "An earlier, approved comment.", fingerprint=fingerprint
    )
    decide(earlier.id, "approve", make_user("moderator"))
    return earlier.status_token


def test_a_flood_of_new_clients_does_not_silence_known_commenters(client, db) -> None:
    article = make_article(db)
    _known_commenter(db, article, 900)
    assert _flood(client, article, range(1, 9)) == [202] * 5 + [429] * 3
    assert _api_post(client, article, 900) == 202  # posted before from this client: approved
    assert _api_post(client, article, 9) == 429  # still a new client


def test_a_status_token_of_an_approved_comment_proves_a_known_commenter(client, db) -> None:
    article = make_article(db)
    token = _known_commenter(db, article, 901)
    pending = post_comment(make_article(db), "Still waiting for a moderator.").status_token
    _flood(client, article, range(1, 9))
    # From a new address (a phone on another network): the token is the proof.
    assert _api_post(client, article, 950, status_tokens=[token]) == 202
    # A token of a comment nobody approved proves nothing; nor does a made-up one.
    assert _api_post(client, article, 951, status_tokens=[pending]) == 429
    assert _api_post(client, article, 952, status_tokens=["made-up-token"]) == 429


def test_the_widget_sends_its_kept_tokens_as_proof(client, db) -> None:
    article = make_article(db)
    token = _known_commenter(db, article, 902)
    _flood(client, article, range(1, 9))

    def widget_post(n: int, known_tokens: str) -> int:
        page = client.get(f"/embed/a/{article.external_id}", headers=_client(n))
        return client.post(
            f"/embed/a/{article.external_id}/comments",
            data={
                "csrf_token": csrf_token_from(page.get_data(as_text=True)),
                "author_name": "Widget reader",
                "body": f"From the widget, reader {n}.",
                "known_tokens": known_tokens,
            },
            headers=_client(n),
        ).status_code

    assert widget_post(960, "") == 429
    assert widget_post(961, f"some-other-token {token}") == 200


def test_known_commenters_have_a_limit_of_their_own(client, db, app) -> None:
    article = make_article(db)
    _known_commenter(db, article, 903)
    app.config["APP_CONFIG"] = app.config["APP_CONFIG"].replace(
        article_known_rate_limit="2 per minute"
    )
    assert [_api_post(client, article, 903) for _ in range(3)] == [202, 202, 429]
    assert _api_post(client, article, 1) == 202  # the new clients' bucket is untouched


def test_a_moderator_lifts_the_limit_on_the_dashboard_and_restores_it(client, db, login_as) -> None:
    article = make_article(db)
    assert _flood(client, article, range(1, 7))[-1] == 429
    login_as("moderator")
    page = client.get("/dashboard/articles")
    assert "Lift limit" in page.get_data(as_text=True)
    answer = client.post(
        f"/dashboard/articles/{article.external_id}/post-limit",
        data={"csrf_token": csrf_token_from(page.get_data(as_text=True)), "hours": "6"},
        follow_redirects=True,
    )
    html = answer.get_data(as_text=True)
    assert "Posting limit lifted" in html and "Restore limit" in html and "lifted until" in html
    assert _flood(client, article, range(10, 20)) == [202] * 10
    client.post(
        f"/dashboard/articles/{article.external_id}/post-limit",
        data={"csrf_token": csrf_token_from(html), "hours": "0"},
    )
    assert _api_post(client, article, 30) == 429  # the flood counted before the lift still does


def test_a_lift_ends_by_itself(client, db) -> None:
    article = make_article(db)
    article.post_limit_lifted_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert _flood(client, article, range(1, 7))[-1] == 429


def test_the_api_lifts_and_restores_and_refuses_nonsense(client, db) -> None:
    article = make_article(db)
    headers = staff_headers()
    url = f"/api/v1/articles/{article.external_id}"
    lifted = client.patch(url, json={"post_limit_lifted_hours": 24}, headers=headers)
    assert lifted.status_code == 200 and lifted.json["post_limit_lifted_until"] is not None
    assert lifted.json["comments_open"] is True
    assert _flood(client, article, range(1, 9)) == [202] * 8
    for bad in ({"post_limit_lifted_hours": 73}, {"post_limit_lifted_hours": -1}, {}):
        answer = client.patch(url, json=bad, headers=headers)
        assert answer.status_code == 422, bad
    assert client.patch("/api/v1/articles/nope", json={"post_limit_lifted_hours": 1},
                        headers=headers).status_code == 404  # fmt: skip
    restored = client.patch(url, json={"post_limit_lifted_hours": 0}, headers=headers)
    assert restored.json["post_limit_lifted_until"] is None
    db.session.expire_all()
    assert db.session.get(Article, article.id).post_limit_lifted() is False


def test_a_dashboard_lift_of_nonsense_hours_changes_nothing(client, db, login_as) -> None:
    article = make_article(db)
    login_as("moderator")
    page = client.get("/dashboard/articles").get_data(as_text=True)
    answer = client.post(
        f"/dashboard/articles/{article.external_id}/post-limit",
        data={"csrf_token": csrf_token_from(page), "hours": "9999"},
        follow_redirects=True,
    )
    assert answer.status_code == 200 and "0 to 72 hours" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Article, article.id).post_limit_lifted_until is None
