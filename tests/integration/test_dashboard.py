"""The dashboard over HTTP: sign-in, queue, decisions, history, articles, roles."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import Comment, Decision
from moderation.rules import RuleSet
from moderation.screener import Screener
from services.worker import WorkerSettings, process_batch
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_article, make_user, post_comment

THREAT = "We know where you live, councillor. You will pay for this."


def _screened(db, *bodies: str) -> list[int]:
    article = make_article(db, external_id="story-d")
    ids = [post_comment(article, b, author_email="r@x.org").comment.id for b in bodies]
    process_batch(db.session, Screener(RuleSet.load(), None), "w", WorkerSettings())
    return ids


def _token(client, path: str = "/dashboard/") -> str:
    return csrf_token_from(client.get(path).get_data(as_text=True))


def test_dashboard_needs_sign_in(client) -> None:
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/auth/login" in response.location


def test_login_without_csrf_is_refused(client, db) -> None:
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400


def test_sign_in_rotates_the_session_and_sign_out_ends_it(client, login_as) -> None:
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login_as("moderator")
    with client.session_transaction() as session:
        assert "planted" not in session  # no session fixation
    assert client.get("/dashboard/").status_code == 200
    client.post("/auth/logout", data={"csrf_token": _token(client)})
    assert client.get("/dashboard/").status_code == 302


def test_open_redirect_refused(client, db) -> None:
    user = make_user()
    token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    response = client.post(
        "/auth/login?next=https://evil.example/",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.location.endswith("/dashboard/")


def test_queue_shows_highlighted_evidence_chips_and_suggested_reason(client, db, login_as) -> None:
    login_as()
    (threat_id,) = _screened(db, THREAT)
    html = client.get("/dashboard/").get_data(as_text=True)
    assert "1 pending" in html
    assert '<mark title="threat' in html
    assert "We know where you live" in html.split("<mark")[1]
    # the chip says what matched in plain words; the rule list and id are on hover
    chip = html.split('<li class="chip chip-threat"')[1].split("</li>")[0]
    assert "<strong>Threat</strong> — " in chip and "matched “We know where you live" in chip
    assert 'title="rule threats#' in chip and "threats/en" in chip
    assert 'class="risk" title="How likely this comment breaks the guidelines' in html
    # screening is not running in this test app: the banner says what that means for the work
    assert "Automatic screening is not running. New comments still arrive here" in html
    assert "no screening worker has reported" not in html
    select_html = html.split(f'id="reason-{threat_id}"')[1].split("</select>")[0]
    assert 'value="threat" selected' in select_html


def test_decide_by_form_and_by_fetch(client, db, login_as) -> None:
    moderator = login_as()
    first, second = _screened(db, "Good point about the bridge.", THREAT)
    token = _token(client)
    plain = client.post(
        f"/dashboard/comments/{first}/decide", data={"action": "approve", "csrf_token": token}
    )
    assert plain.status_code == 302
    fetched = client.post(
        f"/dashboard/comments/{second}/decide",
        data={"action": "reject", "reason": "threat", "note": "clear threat", "csrf_token": token},
        headers={"Accept": "application/json"},
    )
    assert fetched.json == {
        "ok": True,
        "id": second,
        "status": "rejected",
        "decision": fetched.json["decision"],
    }
    trail = db.session.scalars(select(Decision).order_by(Decision.id)).all()
    assert [(d.comment_id, d.action.value, d.reason, d.moderator_id) for d in trail] == [
        (first, "approve", None, moderator.id),
        (second, "reject", "threat", moderator.id),
    ]
    assert "Nothing waiting" in client.get("/dashboard/").get_data(as_text=True)


def test_refused_decision_is_explained(client, db, login_as) -> None:
    login_as()
    (cid,) = _screened(db, THREAT)
    token = _token(client)
    client.post(
        f"/dashboard/comments/{cid}/decide", data={"action": "approve", "csrf_token": token}
    )
    again = client.post(
        f"/dashboard/comments/{cid}/decide",
        data={"action": "approve", "csrf_token": token},
        headers={"Accept": "application/json"},
    )
    assert again.status_code == 409 and again.json["error"] == "comment is already approved"


def test_bulk_reject(client, db, login_as) -> None:
    login_as()
    ids = _screened(db, "one", "two", "three")
    response = client.post(
        "/dashboard/decide-bulk",
        data={"ids": [str(i) for i in ids[:2]], "action": "reject", "reason": "spam",
              "csrf_token": _token(client)},
        headers={"Accept": "application/json"},
    )  # fmt: skip
    assert response.json == {"ok": True, "done": ids[:2], "refused": []}
    statuses = dict(db.session.execute(select(Comment.id, Comment.status)).all())
    assert [statuses[i].value for i in ids] == ["rejected", "rejected", "pending"]


def test_bulk_results_say_what_was_refused_and_why(client, db, login_as) -> None:
    login_as()
    ids = _screened(db, "alpha", "beta", "gamma")
    token = _token(client)
    client.post(f"/dashboard/comments/{ids[1]}/decide", data={"action": "approve",
                                                                "csrf_token": token})  # fmt: skip
    html = client.post(
        "/dashboard/decide-bulk",
        data={"ids": [str(i) for i in ids], "action": "approve", "csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert (
        f'<p class="flash-warning">2 of 3 approved; 1 refused: comment #{ids[1]} already '
        "approved.</p>"
    ) in html
    html = client.post(
        "/dashboard/decide-bulk",
        data={"ids": [str(ids[0])], "action": "reopen", "csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert '<p class="flash-message">1 of 1 reopen.</p>' in html


def test_the_queue_summary_counts_and_sees_new_comments(client, db, login_as) -> None:
    login_as()
    ids = _screened(db, THREAT, "A calm remark about the bridge.")
    page = client.get("/dashboard/").get_data(as_text=True)
    newest = int(re.search(r'data-newest="(\d+)"', page)[1])
    assert newest == max(ids)
    summary = client.get(f"/dashboard/queue/summary?since={newest}").json
    assert summary == {"ok": True, "pending": 2, "counts": {"threat": 1}, "new": 0}
    article = db.session.get(Comment, ids[0]).article
    post_comment(article, "Another threat? No, a question about parking.")
    summary = client.get(f"/dashboard/queue/summary?since={newest}").json
    assert summary["pending"] == 3 and summary["new"] == 1
    # the bar counts what the page's filters would show
    filtered = client.get(f"/dashboard/queue/summary?category=threat&since={newest}").json
    assert filtered["new"] == 0
    bad = client.get("/dashboard/queue/summary?order=sideways")
    assert bad.status_code == 422 and "order" in bad.json["errors"]


def test_change_decision_and_see_the_trail(client, db, login_as) -> None:
    login_as()
    (cid,) = _screened(db, THREAT)
    token = _token(client)
    for data in ({"action": "reject", "reason": "threat"}, {"action": "approve"}):
        client.post(f"/dashboard/comments/{cid}/decide", data={**data, "csrf_token": token})
    html = client.get(f"/dashboard/comments/{cid}").get_data(as_text=True)
    assert "pending → rejected" in html and "rejected → approved" in html
    assert html.index("pending → rejected") < html.index("rejected → approved")


def test_history_search(client, db, login_as) -> None:
    moderator = login_as()
    a, b = _screened(db, "The bridge is fine.", "The market is fine.")
    token = _token(client)
    client.post(f"/dashboard/comments/{a}/decide", data={"action": "approve", "csrf_token": token})
    client.post(
        f"/dashboard/comments/{b}/decide",
        data={"action": "reject", "reason": "off_topic", "csrf_token": token},
    )
    assert "1 decided" in client.get("/dashboard/history?q=bridge").get_data(as_text=True)
    by_reason = client.get("/dashboard/history?reason=off_topic").get_data(as_text=True)
    assert "The market is fine." in by_reason and "The bridge is fine." not in by_reason
    mine = client.get(f"/dashboard/history?moderator={moderator.email}").get_data(as_text=True)
    assert "2 decided" in mine
    assert "0 decided" in client.get("/dashboard/history?moderator=x@y.z").get_data(as_text=True)
    bad = client.get("/dashboard/history?date_from=yesterday").get_data(as_text=True)
    assert "must be a date" in bad


def test_articles_close_and_open(client, db, login_as) -> None:
    login_as()
    make_article(db, external_id="art-1")
    token = _token(client, "/dashboard/articles")
    client.post("/dashboard/articles/art-1/comments-open", data={"open": "0", "csrf_token": token})
    assert "Open comments" in client.get("/dashboard/articles").get_data(as_text=True)


@pytest.mark.parametrize("config_overrides", [{"env": "testing"}])
def test_bad_queue_filter_is_explained(client, db, login_as, config_overrides) -> None:
    login_as()
    response = client.get("/dashboard/?order=random", follow_redirects=True)
    assert "Invalid queue filter." in response.get_data(as_text=True)


def test_sign_in_attempts_are_throttled_per_client(client, db) -> None:
    user = make_user()
    codes = []
    for _ in range(11):  # sign in and out again and again: no failure, every attempt counts
        token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
        response = client.post(
            "/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
        )
        codes.append(response.status_code)
        if response.status_code == 302:
            client.post("/auth/logout", data={"csrf_token": _token(client)})
    assert codes[:10] == [302] * 10 and codes[10] == 429
