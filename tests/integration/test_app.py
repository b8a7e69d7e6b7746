"""The application shell: health, error answers, and the API token service."""

from __future__ import annotations

import pytest
from flask import Flask

from services import users as user_service
from tests.conftest import staff_headers
from tests.factories import make_user


def test_healthz_tells_the_public_the_status_and_staff_the_details(client, db) -> None:
    public = client.get("/healthz")
    assert public.status_code == 200
    assert public.json == {"status": "ok", "database": "ok"}  # no backlog, no versions
    response = client.get("/healthz", headers=staff_headers())
    assert response.json["status"] == "ok" and response.json["database"] == "ok"
    screening = response.json["screening"]
    assert screening["status"] == "no-worker" and screening["workers"] == 0
    assert "no screening worker" in screening["detail"]


def test_api_404_is_problem_json(client) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.json["type"].endswith("/not-found") and response.json["status"] == 404


def test_browser_404_is_html(client) -> None:
    response = client.get("/nothing-here", headers={"Accept": "text/html"})
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert b"Not Found" in response.data


def test_unhandled_error_is_a_clean_500_that_rolls_back(app: Flask, db) -> None:
    from models import Article

    @app.get("/boom")
    def boom() -> str:
        db.session.add(Article(external_id="half", url="u", title="t"))
        db.session.flush()
        raise RuntimeError("boom")

    response = app.test_client().get("/boom", headers={"Accept": "application/json"})
    assert response.status_code == 500
    assert response.json["detail"] == "Nothing was saved."
    assert db.session.query(Article).count() == 0


@pytest.mark.parametrize("scopes", [{"moderate"}, {"moderate", "admin"}])
def test_admin_tokens_authenticate_and_revoke(db, scopes) -> None:
    admin = make_user("admin")
    issued = user_service.issue_token(admin, "mobile app", scopes)
    assert issued.secret.startswith("cmt_") and len(issued.secret) > 40
    assert issued.secret not in issued.token.token_hash
    assert issued.token.last_used_at is None
    token = user_service.authenticate_token(issued.secret)
    assert token is not None and {s.value for s in token.scope_set} == scopes
    assert token.last_used_at is not None  # shown on the admin's token list
    assert user_service.authenticate_token(issued.secret + "x") is None
    user_service.revoke_token(issued.token.id)
    assert user_service.authenticate_token(issued.secret) is None


def test_moderators_cannot_hold_admin_tokens(db) -> None:
    from services.errors import InvalidInput

    with pytest.raises(InvalidInput, match="admins"):
        user_service.issue_token(make_user("moderator"), "x", {"admin"})


def test_the_start_page_links_to_everything_and_every_link_answers(client, db) -> None:
    import re

    html = client.get("/").get_data(as_text=True)
    links = re.findall(r'<a href="(/[^"]*)"', html)
    assert {"/dashboard/", "/api/v1/", "/api/v1/docs", "/healthz"} <= set(links)
    assert any(link.startswith("/demo/articles/") for link in links)
    for link in links:
        status = client.get(link).status_code
        assert status in (200, 302), (link, status)  # the dashboard sends to sign-in
