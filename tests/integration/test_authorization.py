"""Authorisation per role on every dashboard and API route — a table over the URL map, so a new
route is checked the day it is added (or this test fails until it is classified)."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from services import users as user_service
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_user

PUBLIC_API = {
    "api.static",
    "api.api_index",
    "api.openapi_json",
    "api.docs_page",
    "api.get_article",
    "api.list_comments",
    "api.create_comment",
    "api.comment_status",
}
ADMIN_API = {"api.list_rule_terms", "api.add_rule_term", "api.delete_rule_term"}
ADMIN_PAGES = {
    "dashboard.users",
    "dashboard.create_user",
    "dashboard.user_action",
    "dashboard.issue_token",
    "dashboard.revoke_token",
    "dashboard.rules",
    "dashboard.add_rule_term",
    "dashboard.delete_rule_term",
    "dashboard.rescreen",
    "dashboard.apply_thresholds",
    "dashboard.undo_thresholds",
}


def _routes(app: Flask, prefix: str) -> list[tuple[str, str, str]]:
    """(endpoint, method, concrete URL) for every route under a prefix."""
    out = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(prefix):
            continue
        url = re.sub(r"<any\(([^,)]+)[^>]*>", r"\1", rule.rule)
        url = re.sub(r"<int[^>]*>", "1", url)
        url = re.sub(r"<[^>]+>", "x", url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((rule.endpoint, method, url))
    return out


def _signed_in_client(app: Flask, role: str | None):  # noqa: ANN202
    client = app.test_client()
    if role is not None:
        user = make_user(role)
        token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
        signed = client.post(
            "/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
        )
        assert signed.status_code == 302
    return client


@pytest.mark.parametrize("role", [None, "moderator", "admin"])
def test_dashboard_routes_per_role(app, db, client, role) -> None:
    make_user("moderator")  # id 1: the target of the /users/1/... routes, never the signed-in user
    client = _signed_in_client(app, role)
    page = "/auth/login" if role is None else "/dashboard/"
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    routes = _routes(app, "/dashboard")
    assert len(routes) >= 17
    for endpoint, method, url in routes:
        data = {"csrf_token": token} if method == "POST" else None
        response = client.open(url, method=method, data=data)
        got = (response.status_code, response.location or "")
        if role is None:
            assert got[0] == 302 and "/auth/login" in got[1], (endpoint, got)
        elif role == "moderator" and endpoint in ADMIN_PAGES:
            assert got[0] == 403, (endpoint, got)
        else:
            assert got[0] != 403 and "/auth/login" not in got[1], (endpoint, got)
            assert got[0] < 500, (endpoint, got)


@pytest.mark.parametrize("role", [None, "moderator", "admin"])
def test_api_routes_per_role(app, db, client, role) -> None:
    headers = {}
    if role is not None:
        user = make_user(role)
        scopes = {"moderate", "admin"} if role == "admin" else {"moderate"}
        headers["Authorization"] = f"Bearer {user_service.issue_token(user, 't', scopes).secret}"
    routes = _routes(app, "/api/v1")
    classified = PUBLIC_API | ADMIN_API
    for endpoint, method, url in routes:
        kwargs = {"headers": headers}
        if method in {"POST", "PATCH"}:
            kwargs["json"] = {}
        response = client.open(url, method=method, **kwargs)
        status = response.status_code
        response.close()
        assert status < 500, (endpoint, status)
        if endpoint in PUBLIC_API:
            assert status not in (401, 403), (endpoint, status)
        elif role is None:
            assert status == 401, (endpoint, status)
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
        elif role == "moderator" and endpoint in ADMIN_API:
            assert status == 403, (endpoint, status)
        else:
            assert status not in (401, 403), (endpoint, status)
        classified.add(endpoint)
    assert len(routes) >= 17
