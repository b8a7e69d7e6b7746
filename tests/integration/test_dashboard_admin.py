"""Admin pages: refused to moderators; users, passwords and API tokens for admins."""

from __future__ import annotations

import re

import pytest

from services import users as user_service
from tests.conftest import csrf_token_from

ADMIN_PAGES = ["/dashboard/admin/users"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_moderators_are_refused_admin_pages(client, login_as, path) -> None:
    login_as("moderator")
    response = client.get(path)
    assert response.status_code == 403
    assert "This page is for admins." in response.get_data(as_text=True)


def test_admin_creates_a_moderator_whose_password_is_shown_once(client, login_as) -> None:
    login_as("admin")
    token = csrf_token_from(client.get("/dashboard/admin/users").get_data(as_text=True))
    response = client.post(
        "/dashboard/admin/users",
        data={"email": "new@news.example", "role": "moderator", "csrf_token": token},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = re.search(r'<code id="secret">([^<]+)</code>', html).group(1)
    assert user_service.find_user("new@news.example").check_password(password)
    assert password not in client.get("/dashboard/admin/users").get_data(as_text=True)


def test_admin_issues_and_revokes_an_api_token(client, db, login_as) -> None:
    admin = login_as("admin")
    token = csrf_token_from(client.get("/dashboard/admin/users").get_data(as_text=True))
    response = client.post(
        f"/dashboard/admin/users/{admin.id}/tokens",
        data={"name": "mobile app", "scopes": ["moderate"], "csrf_token": token},
    )
    secret = re.search(r'<code id="secret">([^<]+)</code>', response.get_data(as_text=True)).group(
        1
    )
    issued = user_service.authenticate_token(secret)
    assert issued is not None and issued.name == "mobile app"
    client.post(f"/dashboard/admin/tokens/{issued.id}/revoke", data={"csrf_token": token})
    db.session.expire_all()  # the request ran in its own session
    assert user_service.authenticate_token(secret) is None


def test_admin_deactivates_a_user(client, db, login_as) -> None:
    login_as("admin")
    other = user_service.create_user("m2@news.example", "a long enough passphrase", "moderator")
    token = csrf_token_from(client.get("/dashboard/admin/users").get_data(as_text=True))
    client.post(f"/dashboard/admin/users/{other.id}/deactivate", data={"csrf_token": token})
    db.session.expire_all()
    assert not user_service.find_user("m2@news.example").is_active
