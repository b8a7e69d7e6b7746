"""JSON API v1, moderation side: tokens and scopes, queue, decisions, articles, statistics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from models import Article, Comment, Decision
from models.base import utcnow
from moderation.lifecycle import Action
from moderation.rules import RuleSet
from moderation.screener import Screener
from services import users as user_service
from services.decisions import decide
from services.queue import Order, QueueFilters, pending_queue
from services.worker import WorkerSettings, process_batch
from tests.factories import make_article, make_user, post_comment

API = "/api/v1"
BODIES = {
    "threat": "We know where you live, councillor. You will pay for this.",
    "promo": "Cheap visas! WhatsApp +964 770 123 4567 or visit www.cheapvisa.com",
    "clean": "The council should publish the budget before the vote.",
    "swear": "What a shit decision by the council.",
}


def bearer(secret: str) -> dict[str, str]:
    """The Authorization header for a token."""
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def moderator(db):  # noqa: ANN001, ANN201
    return make_user("moderator")


@pytest.fixture
def mod_headers(moderator) -> dict[str, str]:  # noqa: ANN001
    return bearer(user_service.issue_token(moderator, "app", {"moderate"}).secret)


@pytest.fixture
def screened(db) -> dict[str, int]:  # noqa: ANN001
    article = make_article(db, external_id="story-q")
    ids = {k: post_comment(article, v).comment.id for k, v in BODIES.items()}
    process_batch(db.session, Screener(RuleSet.load(), None), "w", WorkerSettings())
    return ids


SECURED = [
    ("GET", "/queue", None),
    ("GET", "/comments/1", None),
    ("POST", "/comments/1/decision", {"action": "approve"}),
    ("POST", "/decisions/bulk", {"ids": [1], "action": "approve"}),
    ("GET", "/articles", None),
    ("POST", "/articles", {"article_id": "a", "url": "https://x.example/a", "title": "A"}),
    ("PATCH", "/articles/story-q", {"comments_open": False}),
    ("GET", "/stats", None),
    ("GET", "/rule-terms", None),
    ("POST", "/rule-terms", {"category": "profanity", "language": "en", "term": "zorblax"}),
    ("DELETE", "/rule-terms/1", None),
]


def _call(client, method: str, path: str, body, headers=None):  # noqa: ANN001, ANN202
    return client.open(API + path, method=method, json=body, headers=headers or {})


def _decisions(db) -> int:  # noqa: ANN001
    return db.session.scalar(select(func.count(Decision.id)))


@pytest.mark.parametrize(("method", "path", "body"), SECURED)
def test_every_moderation_endpoint_needs_a_live_token(
    client, db, screened, moderator, method, path, body
) -> None:
    issued = user_service.issue_token(moderator, "app", {"moderate"})
    revoked = user_service.issue_token(moderator, "old", {"moderate"})
    user_service.revoke_token(revoked.token.id)
    cases = {
        "missing": {},
        "not bearer": {"Authorization": f"Basic {issued.secret}"},
        "wrong": bearer("cmt_" + "x" * 43),
        "revoked": bearer(revoked.secret),
    }
    for name, headers in cases.items():
        response = _call(client, method, path, body, headers)
        assert response.status_code == 401, name
        assert response.mimetype == "application/problem+json"
        assert response.json["type"].endswith("/unauthorized")
        assert response.headers["WWW-Authenticate"].startswith("Bearer"), name
    assert (
        'error="invalid_token"'
        in _call(client, method, path, body, cases["revoked"]).headers["WWW-Authenticate"]
    )
    user_service.set_active(moderator.email, False)
    assert _call(client, method, path, body, bearer(issued.secret)).status_code == 401
    assert _decisions(db) == 0


@pytest.mark.parametrize(("method", "path", "body"), [s for s in SECURED if "rule-terms" in s[1]])
def test_rule_terms_need_the_admin_scope(client, db, mod_headers, method, path, body) -> None:
    response = _call(client, method, path, body, mod_headers)
    assert response.status_code == 403
    assert response.json["type"].endswith("/insufficient-scope")
    assert 'scope="admin"' in response.headers["WWW-Authenticate"]


def test_admin_scope_is_refused_once_the_user_is_no_longer_an_admin(client, db) -> None:
    admin = make_user("admin")
    headers = bearer(user_service.issue_token(admin, "ops", {"admin"}).secret)
    assert client.get(f"{API}/rule-terms", headers=headers).status_code == 200
    assert client.get(f"{API}/queue", headers=headers).status_code == 200  # admin may moderate
    db.session.execute(
        update(type(admin)).where(type(admin).id == admin.id).values(role="moderator")
    )
    db.session.commit()
    assert client.get(f"{API}/rule-terms", headers=headers).status_code == 403


# ------------------------------------------------------------------ queue and detail


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"order": "oldest"},
        {"order": "newest"},
        {"category": "threat"},
        {"screened": "unflagged"},
        {"article": "story-q", "order": "oldest"},
    ],
)
def test_queue_matches_the_dashboard_queue_service(
    client, db, screened, mod_headers, params
) -> None:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    response = client.get(f"{API}/queue?{query}", headers=mod_headers)
    assert response.status_code == 200
    filters = QueueFilters.parse(
        params.get("order"), params.get("category"), params.get("article"), params.get("screened")
    )
    expected = [c.id for c in pending_queue(filters).items]
    assert [item["id"] for item in response.json["items"]] == expected
    assert response.json["pending"] == 4
    assert response.json["category_counts"]["threat"] == 1


def test_queue_pages_with_a_cursor_in_risk_order(client, db, screened, mod_headers) -> None:
    seen, cursor = [], ""
    while True:
        page = client.get(f"{API}/queue?limit=1{cursor}", headers=mod_headers).json
        seen += [item["id"] for item in page["items"]]
        if not page["next_cursor"]:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert seen == [c.id for c in pending_queue(QueueFilters(Order.RISK)).items]
    assert seen[-1] == screened["clean"]


def test_queue_rejects_unknown_filters(client, db, mod_headers) -> None:
    response = client.get(f"{API}/queue?order=loudest&category=rudeness", headers=mod_headers)
    assert response.status_code == 422
    assert {"order", "category"} <= set(response.json["errors"])


def test_comment_detail_has_flags_suggested_reason_and_trail(
    client, db, screened, mod_headers, moderator
) -> None:
    comment_id = screened["threat"]
    decide(comment_id, Action.REJECT, moderator, reason="threat", note="first look", via="api")
    decide(comment_id, Action.REOPEN, moderator)
    response = client.get(f"{API}/comments/{comment_id}", headers=mod_headers)
    assert response.status_code == 200
    data = response.json
    assert data["status"] == "pending" and data["body"] == BODIES["threat"]
    screening = data["screening"]
    assert screening["state"] == "screened" and screening["flagged"] is True
    assert "threat" in screening["categories"] and screening["risk"] > 0.5
    flag = next(f for f in screening["flags"] if f["category"] == "threat")
    assert flag["source"] == "rule" and len(flag["span"]) == 2
    start, end = flag["span"]
    assert BODIES["threat"][start:end]
    assert data["suggested_reason"] == "threat"
    assert [(d["action"], d["to_status"]) for d in data["trail"]] == [
        ("reject", "rejected"),
        ("reopen", "pending"),
    ]
    assert data["trail"][0]["reason"] == "threat" and data["trail"][0]["note"] == "first look"
    assert data["trail"][0]["moderator_id"] == moderator.id
    assert client.get(f"{API}/comments/999999", headers=mod_headers).status_code == 404


# ------------------------------------------------------------------ decisions


def test_decide_approve_reject_change_and_reopen(
    client, db, screened, mod_headers, moderator
) -> None:
    cid = screened["swear"]
    url = f"{API}/comments/{cid}/decision"
    approved = client.post(url, json={"action": "approve"}, headers=mod_headers)
    assert approved.status_code == 200 and approved.json["status"] == "approved"
    assert approved.json["decision"]["via"] == "api"
    assert approved.json["decision"]["moderator_id"] == moderator.id
    public = client.get(f"{API}/articles/story-q/comments").json["items"]
    assert [c["id"] for c in public] == [cid]
    changed = client.post(
        url,
        json={"action": "reject", "reason": "profanity", "note": "on second reading"},
        headers=mod_headers,
    )
    assert changed.status_code == 200 and changed.json["status"] == "rejected"
    assert changed.json["decision"]["from_status"] == "approved"
    assert client.get(f"{API}/articles/story-q/comments").json["items"] == []
    reopened = client.post(url, json={"action": "reopen"}, headers=mod_headers)
    assert reopened.json["status"] == "pending"
    assert db.session.get(Comment, cid).reject_reason is None
    assert _decisions(db) == 3


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"action": "reject"}, 422, "reason"),
        ({"action": "reject", "reason": "rudeness"}, 422, "reason"),
        ({"action": "approve", "reason": "spam"}, 422, "reason"),
        ({"action": "delete"}, 422, "action"),
        ({"action": "approve", "note": "n" * 2001}, 422, "note"),
        ({"action": "approve", "extra": 1}, 422, "extra"),
    ],
)
def test_invalid_decisions_name_the_field_and_change_nothing(
    client, db, screened, mod_headers, body, status, field
) -> None:
    cid = screened["promo"]
    response = client.post(f"{API}/comments/{cid}/decision", json=body, headers=mod_headers)
    assert response.status_code == status
    assert field in response.json["errors"]
    db.session.expire_all()
    assert db.session.get(Comment, cid).status == "pending"
    assert _decisions(db) == 0


def test_refused_transition_is_409_and_unknown_comment_404(
    client, db, screened, mod_headers
) -> None:
    cid = screened["clean"]
    url = f"{API}/comments/{cid}/decision"
    assert client.post(url, json={"action": "approve"}, headers=mod_headers).status_code == 200
    again = client.post(url, json={"action": "approve"}, headers=mod_headers)
    assert again.status_code == 409 and again.json["type"].endswith("/conflict")
    assert "already approved" in again.json["title"]
    missing = client.post(
        f"{API}/comments/999999/decision", json={"action": "approve"}, headers=mod_headers
    )
    assert missing.status_code == 404
    assert _decisions(db) == 1


def test_bulk_reports_each_id_and_a_refusal_undoes_nothing(
    client, db, screened, mod_headers
) -> None:
    decide(screened["clean"], Action.REJECT, None, reason="spam")
    ids = [screened["threat"], screened["clean"], 999999, screened["promo"], screened["threat"]]
    response = client.post(
        f"{API}/decisions/bulk",
        json={"ids": ids, "action": "reject", "reason": "threat"},
        headers=mod_headers,
    )
    assert response.status_code == 200
    data = response.json
    assert data["done"] == 2 and data["refused"] == 2
    by_id = {r["id"]: r for r in data["results"]}
    assert [r["id"] for r in data["results"]] == ids[:4]
    assert by_id[screened["threat"]]["ok"] and by_id[screened["threat"]]["status"] == "rejected"
    assert by_id[screened["promo"]]["ok"]
    assert by_id[screened["clean"]]["error"]["status"] == 409
    assert by_id[999999]["error"]["type"].endswith("/not-found")
    db.session.expire_all()
    assert db.session.get(Comment, screened["threat"]).status == "rejected"
    assert db.session.get(Comment, screened["promo"]).status == "rejected"
    assert _decisions(db) == 3  # the earlier one plus two


def test_bulk_validates_the_whole_request_first(client, db, screened, mod_headers) -> None:
    response = client.post(
        f"{API}/decisions/bulk", json={"ids": [], "action": "approve"}, headers=mod_headers
    )
    assert response.status_code == 422 and "ids" in response.json["errors"]
    bad_reason = client.post(
        f"{API}/decisions/bulk",
        json={"ids": [screened["promo"]], "action": "reject"},
        headers=mod_headers,
    )
    assert bad_reason.json["results"][0]["error"]["errors"]["reason"]
    assert _decisions(db) == 0


# ------------------------------------------------------------------ articles


def test_register_list_and_close_articles(client, db, mod_headers) -> None:
    body = {
        "article_id": "2026-05-kirkuk-market",
        "url": "https://www.example.org/n/1",
        "title": "  Kirkuk   market ",
    }
    created = client.post(f"{API}/articles", json=body, headers=mod_headers)
    assert created.status_code == 201
    assert created.json["title"] == "Kirkuk market" and created.json["comments_open"] is True
    again = client.post(f"{API}/articles", json=body, headers=mod_headers)
    assert again.status_code == 200 and again.json["article_id"] == "2026-05-kirkuk-market"
    closed_new = client.post(
        f"{API}/articles",
        json={
            "article_id": "c1",
            "url": "https://www.example.org/n/2",
            "title": "T",
            "comments_open": False,
        },
        headers=mod_headers,
    )
    assert closed_new.status_code == 201 and closed_new.json["comments_open"] is False
    patch = client.patch(
        f"{API}/articles/2026-05-kirkuk-market", json={"comments_open": False}, headers=mod_headers
    )
    assert patch.status_code == 200 and patch.json["comments_open"] is False
    refused = client.post(
        f"{API}/articles/2026-05-kirkuk-market/comments", json={"author_name": "A", "body": "b"}
    )
    assert refused.status_code == 403
    listing = client.get(f"{API}/articles", headers=mod_headers).json["items"]
    by_id = {a["article_id"]: a for a in listing}
    assert by_id["2026-05-kirkuk-market"]["counts"] == {"pending": 0, "approved": 0, "rejected": 0}
    missing = client.patch(
        f"{API}/articles/nope", json={"comments_open": True}, headers=mod_headers
    )
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"article_id": "a", "url": "ftp://x.example/a", "title": "T"}, {"url"}),
        ({"article_id": "a", "url": "https://x.example/a", "title": "   "}, {"title"}),
        ({"article_id": "a/b", "url": "https://x.example/a", "title": "T"}, {"article_id"}),
        ({"url": "https://x.example/a"}, {"article_id", "title"}),
    ],
)
def test_invalid_article_names_fields_and_stores_nothing(
    client, db, mod_headers, body, fields
) -> None:
    response = client.post(f"{API}/articles", json=body, headers=mod_headers)
    assert response.status_code == 422
    assert fields <= set(response.json["errors"])
    assert db.session.scalar(select(func.count(Article.id))) == 0


# ------------------------------------------------------------------ stats


def test_stats_count_backlog_throughput_and_flag_outcomes(
    client, db, screened, mod_headers, moderator
) -> None:
    other = make_user("moderator")
    article = db.session.scalar(select(Article))
    # A clean comment nobody flagged, later rejected: a miss.
    missed = post_comment(article, "My cat enjoyed reading this.").comment
    process_batch(db.session, Screener(RuleSet.load(), None), "w", WorkerSettings())
    hour_ago = utcnow() - timedelta(hours=1)
    db.session.execute(update(Comment).values(created_at=hour_ago))
    db.session.commit()
    decide(screened["threat"], Action.REJECT, moderator, reason="threat")
    decide(screened["promo"], Action.APPROVE, moderator)
    decide(screened["swear"], Action.REJECT, other, reason="profanity")
    decide(missed.id, Action.REJECT, other, reason="off_topic")
    response = client.get(f"{API}/stats?days=7", headers=mod_headers)
    assert response.status_code == 200
    data = response.json
    assert data["backlog"]["pending"] == 1  # the clean one
    assert 3500 < data["backlog"]["oldest_pending_age_seconds"] < 3700
    days = {(d["moderator_id"], d["day"]): d for d in data["decisions_per_day"]}
    today = utcnow().date().isoformat()
    assert days[(moderator.id, today)]["approved"] == 1
    assert days[(moderator.id, today)]["rejected"] == 1
    assert days[(other.id, today)]["rejected"] == 2 and days[(other.id, today)]["total"] == 2
    assert data["first_decisions"] == 4
    assert 3500 < data["median_seconds_to_decision"] < 3700
    flags = data["flags"]
    assert flags["decided"] == 4 and flags["decided_flagged"] == 3
    by_category = {o["key"]: o for o in flags["by_category"]}
    assert by_category["threat"]["flagged"] == 1 and by_category["threat"]["upheld_rate"] == 1.0
    assert by_category["commercial_promotion"]["upheld"] == 0
    rules = {o["key"]: o for o in flags["by_source"]}["rule"]
    assert rules == {"key": "rule", "flagged": 3, "upheld": 2, "upheld_rate": 0.6667}
    # Which shape fired, and whether moderators upheld it: the promotion shapes were not.
    by_rule = {o["key"]: (o["flagged"], o["upheld"]) for o in flags["by_rule"]}
    assert by_rule == {
        "threats#know-where": (1, 1),
        "threats#pay": (1, 1),
        "terms#profanity/en": (1, 1),
        "terms#promotion_commercial/en": (1, 0),
        "promotion#phone": (1, 0),
        "promotion#link": (1, 0),
    }
    assert flags["misses"] == {
        "total": 1,
        "by_reason": {"off_topic": 1},
        "not_screened": 0,
    }
    assert client.get(f"{API}/stats?days=0", headers=mod_headers).status_code == 422
