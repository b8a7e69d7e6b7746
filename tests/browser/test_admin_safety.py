"""Admin actions in headless Chromium: a shown-once secret survives no reload and is issued
once; acting on a person asks first."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from extensions import db
from models import ApiToken, User
from tests.browser.test_dashboard import _sign_in
from tests.factories import make_user

pytestmark = pytest.mark.browser


def test_a_reload_of_the_token_page_issues_nothing(live_server, page) -> None:  # noqa: ANN001
    _sign_in(page, live_server.url, role="admin")
    page.goto(f"{live_server.url}/dashboard/admin/users")
    row = page.locator("tr", has=page.locator("input[name=name]")).first
    row.locator("input[name=name]").fill("newsroom app")
    row.get_by_role("button", name="Issue API token").click()
    secret = page.locator("#secret").inner_text()
    assert secret.startswith("cmt_")
    page.reload()
    page.get_by_role("heading", name="Users").wait_for()
    assert page.locator("#secret").count() == 0
    assert db.session.scalar(select(func.count(ApiToken.id))) == 1


def test_deactivating_asks_first_and_a_no_changes_nothing(live_server, page) -> None:  # noqa: ANN001
    other = make_user("moderator", email="desk@news.example")
    _sign_in(page, live_server.url, role="admin")
    page.goto(f"{live_server.url}/dashboard/admin/users")
    row = page.locator("tr", has_text="desk@news.example")
    questions: list[str] = []
    page.once("dialog", lambda d: (questions.append(d.message), d.dismiss()))
    row.get_by_role("button", name="Deactivate").click()
    page.wait_for_timeout(300)
    assert questions == [
        "Deactivate desk@news.example? They are signed out and their API tokens are revoked."
    ]
    db.session.expire_all()
    assert db.session.get(User, other.id).active
