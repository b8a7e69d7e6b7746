"""Admin pages: refused to moderators; users, passwords and API tokens for admins."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import ApiToken
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
    # POST-redirect-GET: the page that shows the password is a GET a reload repeats harmlessly
    assert response.status_code == 302 and response.location.endswith("/dashboard/admin/users")
    shown = client.get("/dashboard/admin/users")
    html = shown.get_data(as_text=True)
    assert shown.headers["Cache-Control"] == "no-store"
    password = re.search(r'<code id="secret">([^<]+)</code>', html).group(1)
    assert user_service.find_user("new@news.example").check_password(password)
    reloaded = client.get("/dashboard/admin/users").get_data(as_text=True)
    assert password not in reloaded and 'id="secret"' not in reloaded
    assert user_service.find_user("new@news.example").check_password(password)  # not reset


def test_a_reload_of_the_token_page_issues_nothing(client, db, login_as) -> None:
    admin = login_as("admin")
    token = csrf_token_from(client.get("/dashboard/admin/users").get_data(as_text=True))
    page = client.post(
        f"/dashboard/admin/users/{admin.id}/tokens",
        data={"name": "desk", "scopes": ["moderate"], "csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert 'id="secret"' in page
    for _ in range(3):
        again = client.get("/dashboard/admin/users").get_data(as_text=True)
        assert 'id="secret"' not in again
    db.session.expire_all()
    assert [t.name for t in db.session.scalars(select(ApiToken))] == ["desk"]


def test_actions_on_people_ask_for_confirmation(client, login_as) -> None:
    login_as("admin")
    html = client.get("/dashboard/admin/users").get_data(as_text=True)
    assert 'data-confirm="Reset the password of ' in html
    assert 'data-confirm="Deactivate ' in html


def test_admin_issues_and_revokes_an_api_token(client, db, login_as) -> None:
    admin = login_as("admin")
    token = csrf_token_from(client.get("/dashboard/admin/users").get_data(as_text=True))
    response = client.post(
        f"/dashboard/admin/users/{admin.id}/tokens",
        data={"name": "mobile app", "scopes": ["moderate"], "csrf_token": token},
        follow_redirects=True,
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


def test_moderator_refused_rule_lists_but_sees_stats(client, login_as) -> None:
    login_as("moderator")
    assert client.get("/dashboard/admin/rules").status_code == 403
    assert client.get("/dashboard/admin/users").status_code == 403
    assert client.get("/dashboard/stats").status_code == 200


def test_admin_adds_a_term_that_screening_then_uses_and_can_undo(client, db, login_as) -> None:
    from services.screening import engine

    login_as("admin")
    token = csrf_token_from(client.get("/dashboard/admin/rules").get_data(as_text=True))
    before = engine().rules(db.session)
    client.post(
        "/dashboard/admin/rules",
        data={"action": "add", "category": "profanity", "language": "en", "term": "zorblax",
              "csrf_token": token},
    )  # fmt: skip
    page = client.get("/dashboard/admin/rules").get_data(as_text=True)
    assert "zorblax" in page and "Saved: add" in page
    after = engine().rules(db.session)
    assert after.version != before.version
    assert [f.category for f in after.match("Total zorblax from the council")] == ["profanity"]
    duplicate = client.post(
        "/dashboard/admin/rules",
        data={"action": "add", "category": "profanity", "language": "en", "term": "Zorblax",
              "csrf_token": token},
        follow_redirects=True,
    )  # fmt: skip
    assert "already exists" in duplicate.get_data(as_text=True)
    bad = client.post(
        "/dashboard/admin/rules",
        data={"action": "add", "category": "rudeness", "language": "en", "term": "x",
              "csrf_token": token},
        follow_redirects=True,
    )  # fmt: skip
    assert "must be one of" in bad.get_data(as_text=True)


def test_rule_term_language_is_chosen_from_the_site_languages(client, db, login_as) -> None:
    from models import RuleTerm

    login_as("admin")
    page = client.get("/dashboard/admin/rules").get_data(as_text=True)
    offered = re.findall(r'<select name="language">(.*?)</select>', page, re.S)[0]
    assert re.findall(r'value="([a-z]+)"', offered) == ["en", "ckb", "kmr", "ar", "fa", "tr"]
    refused = client.post(
        "/dashboard/admin/rules",
        data={"action": "add", "category": "profanity", "language": "xx", "term": "zorblax",
              "csrf_token": csrf_token_from(page)},
        follow_redirects=True,
    )  # fmt: skip
    assert "must be one of the site&#39;s languages" in refused.get_data(as_text=True)
    assert db.session.query(RuleTerm).count() == 0


def test_admin_rescreen_requeues_pending(client, db, login_as) -> None:
    from models import Comment, ScreeningState
    from moderation.rules import RuleSet
    from moderation.screener import Screener
    from services.worker import WorkerSettings, process_batch
    from tests.factories import make_article, post_comment

    login_as("admin")
    post_comment(make_article(db), "A comment.")
    process_batch(db.session, Screener(RuleSet.load(), None), "w", WorkerSettings())
    token = csrf_token_from(client.get("/dashboard/admin/rules").get_data(as_text=True))
    response = client.post(
        "/dashboard/admin/rescreen", data={"csrf_token": token}, follow_redirects=True
    )
    assert "1 pending comments re-queued" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.query(Comment).one().screening_state is ScreeningState.QUEUED


def test_stats_page_shows_precision_and_misses(client, db, login_as) -> None:
    from moderation.lifecycle import Action
    from moderation.rules import RuleSet
    from moderation.screener import Screener
    from services.decisions import decide
    from services.worker import WorkerSettings, process_batch
    from tests.factories import make_article, post_comment

    login_as("moderator")
    article = make_article(db)
    threat = post_comment(article, "We know where you live, councillor.").comment
    quiet = post_comment(article, "A quiet but nasty remark.").comment
    process_batch(db.session, Screener(RuleSet.load(), None), "w", WorkerSettings())
    decide(threat.id, Action.REJECT, None, reason="threat")
    decide(quiet.id, Action.REJECT, None, reason="personal_attack")
    html = client.get("/dashboard/stats").get_data(as_text=True)
    assert "Flag precision" in html
    assert "<td>threat</td><td>1</td><td>1</td><td>100%</td>" in html
    assert "1</strong> rejected with no flag (misses)" in html


def test_the_last_active_admin_cannot_deactivate_itself(client, db, login_as) -> None:  # noqa: ANN001
    admin = login_as("admin")
    token = csrf_token_from(client.get("/dashboard/admin/users").get_data(as_text=True))
    response = client.post(
        f"/dashboard/admin/users/{admin.id}/deactivate",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert "The last active admin cannot be deactivated" in response.get_data(as_text=True)
    db.session.expire_all()
    assert user_service.find_user(admin.email).is_active
    assert client.get("/dashboard/admin/users").status_code == 200  # still signed in
    # With a second admin, the first may go.
    user_service.create_user("second@news.example", "a long enough passphrase", "admin")
    user_service.set_active(admin.email, False)
    assert not user_service.find_user(admin.email).is_active


def test_decision_forms_never_redirect_off_site(client, db, login_as) -> None:  # noqa: ANN001
    from tests.factories import make_comment

    login_as("moderator")
    token = csrf_token_from(client.get("/dashboard/").get_data(as_text=True))
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        comment = make_comment(db)
        response = client.post(
            f"/dashboard/comments/{comment.id}/decide",
            data={"action": "approve", "next": target, "csrf_token": token},
        )
        assert response.status_code == 302 and response.location.endswith("/dashboard/"), target
    comment = make_comment(db)
    response = client.post(
        f"/dashboard/comments/{comment.id}/decide",
        data={"action": "approve", "next": "/dashboard/?page=2", "csrf_token": token},
    )
    assert response.location.endswith("/dashboard/?page=2")  # same-site paths still work
