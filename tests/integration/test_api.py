"""JSON API v1, public side: listing, posting, status by token, errors, ETag, CORS, contract."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from models import Article, Comment
from moderation.lifecycle import Action
from services.decisions import decide
from tests.factories import make_article, post_comment

API = "/api/v1"


def _count(db) -> int:  # noqa: ANN001
    return db.session.scalar(select(func.count(Comment.id)))


def _post(client, article_id: str = "story-1", **fields):  # noqa: ANN001, ANN003, ANN202
    body = {"author_name": "Rêber", "body": "The bridge repairs are overdue.", **fields}
    return client.post(f"{API}/articles/{article_id}/comments", json=body)


def _approved(db, article: Article, body: str) -> Comment:  # noqa: ANN001
    comment = post_comment(article, body).comment
    decide(comment.id, Action.APPROVE, None)
    return comment


@pytest.fixture
def article(db) -> Article:  # noqa: ANN001
    return make_article(db, external_id="story-1")


# ------------------------------------------------------------------ posting


def test_post_answers_202_with_a_token_and_stores_a_pending_comment(client, db, article) -> None:
    # No CSRF token and no session: the JSON API is exempt from the form CSRF check.
    response = _post(client, author_email="reader@example.org", language="ckb")
    assert response.status_code == 202
    assert "Retry-After" not in response.headers  # only refusals tell a client to wait
    data = response.json
    assert data["status"] == "pending" and len(data["status_token"]) >= 24
    assert data["status_url"] == f"{API}/comments/status"
    stored = db.session.get(Comment, data["id"])
    assert stored.status == "pending" and stored.language == "ckb"
    assert stored.author_email == "reader@example.org"
    assert stored.client_fingerprint and "127.0.0.1" not in stored.client_fingerprint
    assert data["status_token"] not in (stored.status_token_hash or "")
    listing = client.get(f"{API}/articles/story-1/comments").json
    assert listing["items"] == [] and listing["article"]["approved_count"] == 0


def test_a_commenter_key_names_the_commenter_and_is_stored_hashed(client, db, article) -> None:
    key = "site-user-7f3a9c2e41b8"
    first = _post(client, commenter_key=key)
    assert first.status_code == 202
    stored = db.session.get(Comment, first.json["id"])
    assert (
        stored.commenter_key and len(stored.commenter_key) == 64 and key not in stored.commenter_key
    )
    decide(stored.id, Action.APPROVE, None)
    again = db.session.get(
        Comment, _post(client, commenter_key=key, body="Another one.").json["id"]
    )
    assert again.commenter_key == stored.commenter_key
    from services.queue import author_history

    assert author_history([again])[again.id] == (1, 0)
    for bad in ("short", "x" * 129, "spaces are not allowed here", "ümlaut-key-1234567"):
        refused = _post(client, commenter_key=bad, body=f"Refused {len(bad)}.")
        assert refused.status_code == 422, bad
        assert "commenter_key" in str(refused.json)


def test_post_to_an_unknown_or_closed_article_is_refused(client, db) -> None:
    make_article(db, external_id="closed-1", comments_open=False)
    missing = _post(client, "nope")
    assert missing.status_code == 404 and missing.json["type"].endswith("/not-found")
    closed = _post(client, "closed-1")
    assert closed.status_code == 403 and closed.mimetype == "application/problem+json"
    assert closed.json["type"].endswith("/comments-closed")
    # The article is checked before the text: an invalid comment to an unknown or closed
    # article is told about the article (the checks share one query on this path).
    assert _post(client, "nope", body="   ").status_code == 404
    assert _post(client, "closed-1", body="   ").status_code == 403
    assert _count(db) == 0


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"body": "   "}, "body", "Please write a comment."),
        ({"author_name": ""}, "author_name", "Please give a name"),
        ({"author_email": "nope"}, "author_email", "does not look right"),
        ({"body": "x" * 5001}, "body", "the limit is 5000"),
        ({"body": "a\x00b"}, "body", "NUL"),
        ({"body": 5}, "body", "valid string"),
        ({"colour": "red"}, "colour", "Extra inputs are not permitted"),
        ({"language": "English!"}, "language", "should match pattern"),
    ],
)
def test_validation_errors_name_the_field_and_store_nothing(
    client, db, article, fields, field, message
) -> None:
    response = _post(client, **fields)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problem = response.json
    assert problem["type"].endswith("/validation-error") and problem["status"] == 422
    assert message in problem["errors"][field]
    assert _count(db) == 0


def test_missing_fields_are_each_named(client, db, article) -> None:
    response = client.post(f"{API}/articles/story-1/comments", json={})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"author_name", "body"}
    assert _count(db) == 0


@pytest.mark.parametrize(
    ("data", "content_type", "status", "kind"),
    [
        ("{not json", "application/json", 400, "malformed-json"),
        ('{"body": "x"', "application/json", 400, "malformed-json"),
        ("[" * 5000 + "]" * 5000, "application/json", 400, "malformed-json"),
        ('{"a":' * 40 + "1" + "}" * 40, "application/json", 400, "malformed-json"),
        (
            "author_name=A&body=b",
            "application/x-www-form-urlencoded",
            415,
            "unsupported-media-type",
        ),
        ("hello", "text/plain", 415, "unsupported-media-type"),
        ("[1, 2]", "application/json", 422, "validation-error"),
    ],
)
def test_unreadable_bodies_get_a_clear_problem(
    client, db, article, data, content_type, status, kind
) -> None:
    response = client.post(f"{API}/articles/story-1/comments", data=data, content_type=content_type)
    assert response.status_code == status, response.json
    assert response.mimetype == "application/problem+json"
    assert response.json["type"].endswith("/" + kind)
    assert _count(db) == 0


def test_oversized_body_is_413(client, db, article) -> None:
    body = json.dumps({"author_name": "A", "body": "x" * (300 * 1024)})
    response = client.post(
        f"{API}/articles/story-1/comments", data=body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert _count(db) == 0


@pytest.mark.parametrize("config_overrides", [{"api_rate_limit": "2 per minute"}])
def test_posting_is_rate_limited_per_client_with_retry_after(
    client, db, article, config_overrides
) -> None:
    assert _post(client, body="one").status_code == 202
    assert _post(client, body="two").status_code == 202
    third = _post(client, body="three")
    assert third.status_code == 429
    assert third.mimetype == "application/problem+json"
    assert third.json["type"].endswith("/too-many-requests")
    assert 0 < int(third.headers["Retry-After"]) <= 60
    assert _count(db) == 2
    # Reading is not limited.
    assert client.get(f"{API}/articles/story-1/comments").status_code == 200


# ------------------------------------------------------------------ status by token


def test_author_reads_the_status_of_their_own_comments_by_token(client, db, article) -> None:
    first = _post(client, body="Good news for the old town.").json
    second = _post(client, body="Buy cheap visas now.").json
    tokens = [first["status_token"], second["status_token"]]

    def statuses() -> dict[int, dict]:
        response = client.post(f"{API}/comments/status", json={"tokens": tokens})
        assert response.status_code == 200
        return {item["id"]: item for item in response.json["items"]}

    pending = statuses()
    assert pending[first["id"]]["status"] == "pending"
    assert pending[first["id"]]["public_reason"] is None
    assert pending[first["id"]]["body"] == "Good news for the old town."
    decide(first["id"], Action.APPROVE, None)
    decide(second["id"], Action.REJECT, None, reason="commercial_promotion")
    decided = statuses()
    assert decided[first["id"]]["status"] == "approved"
    assert decided[second["id"]]["status"] == "rejected"
    assert decided[second["id"]]["reason"] == "commercial_promotion"
    assert decided[second["id"]]["public_reason"] == "it promotes a product, service or business"
    assert "author_email" not in decided[second["id"]]


def test_unknown_tokens_reveal_nothing(client, db, article) -> None:
    _post(client)
    response = client.post(f"{API}/comments/status", json={"tokens": ["guess", "x" * 40]})
    assert response.status_code == 200 and response.json == {"items": []}
    bad = client.post(f"{API}/comments/status", json={"tokens": "abc"})
    assert bad.status_code == 422 and "tokens" in bad.json["errors"]


# ------------------------------------------------------------------ listing


def _all_pages(client, order: str, limit: int, between=None) -> list[int]:  # noqa: ANN001
    ids: list[int] = []
    cursor = None
    while True:
        query = f"?order={order}&limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(f"{API}/articles/story-1/comments{query}")
        assert page.status_code == 200
        ids += [item["id"] for item in page.json["items"]]
        cursor = page.json["next_cursor"]
        if not cursor:
            return ids
        if between:
            between()


@pytest.mark.parametrize("order", ["oldest", "newest"])
def test_pages_never_duplicate_or_skip_while_comments_are_approved(
    client, db, article, order
) -> None:
    originals = [_approved(db, article, f"Comment number {n}").id for n in range(7)]
    inserted: list[int] = []

    def approve_another() -> None:
        inserted.append(_approved(db, article, f"Arrived while paging {len(inserted)}").id)

    seen = _all_pages(client, order, limit=2, between=approve_another)
    assert len(seen) == len(set(seen)), "a comment appeared twice"
    assert set(originals) <= set(seen), "a comment that existed before paging was skipped"
    expected = sorted(seen, reverse=order == "newest")
    assert seen == expected
    if order == "oldest":  # newer comments keep coming at the end of an oldest-first walk
        assert set(inserted) <= set(seen)


def test_bad_cursor_and_limit_are_422(client, db, article) -> None:
    base = f"{API}/articles/story-1/comments"
    assert client.get(f"{base}?cursor=not-a-cursor").json["errors"] == {
        "cursor": "is not a cursor of this list"
    }
    _approved(db, article, "one")
    _approved(db, article, "two")
    cursor = client.get(f"{base}?limit=1").json["next_cursor"]
    wrong_order = client.get(f"{base}?order=newest&cursor={cursor}")
    assert wrong_order.status_code == 422 and "cursor" in wrong_order.json["errors"]
    assert client.get(f"{base}?limit=0").status_code == 422
    assert client.get(f"{base}?limit=101").status_code == 422
    assert client.get(f"{base}?order=sideways").status_code == 422


def test_etag_answers_304_until_the_list_changes(client, db, article) -> None:
    _approved(db, article, "First approved comment.")
    url = f"{API}/articles/story-1/comments"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    post_comment(article, "Still pending: the public list has not changed.")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    _approved(db, article, "Second approved comment.")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert [c["body"] for c in changed.json["items"]][-1] == "Second approved comment."


def test_public_endpoints_only_ever_return_approved_comments(client, db, article) -> None:
    approved = _approved(db, article, "Approved and public.")
    post_comment(article, "Pending, private.", author_email="p@example.org")
    rejected = post_comment(article, "Rejected, private.").comment
    decide(rejected.id, Action.REJECT, None, reason="spam")
    reopened = _approved(db, article, "Approved then reopened.")
    decide(reopened.id, Action.REOPEN, None)
    secret_email = "approved-author@example.org"
    with_email = post_comment(article, "Approved, address kept.", author_email=secret_email).comment
    decide(with_email.id, Action.APPROVE, None)
    responses = [
        client.get(f"{API}/articles/story-1/comments?order={order}&limit={limit}")
        for order in ("oldest", "newest")
        for limit in (1, 100)
    ]
    responses.append(client.get(f"{API}/articles/story-1"))
    bodies = [r.get_data(as_text=True) for r in responses]
    listed = {item["id"] for r in responses[:4] for item in r.json.get("items", [])}
    assert listed == {approved.id, with_email.id}
    for text in bodies:
        for private in ("Pending, private.", "Rejected, private.", "Approved then reopened."):
            assert private not in text
        assert secret_email not in text and "p@example.org" not in text
        assert "fingerprint" not in text and "email" not in text
    assert responses[-1].json["approved_count"] == 2


def test_public_article_view(client, db, article) -> None:
    response = client.get(f"{API}/articles/story-1")
    assert response.status_code == 200
    assert response.json == {
        "article_id": "story-1",
        "url": article.url,
        "title": article.title,
        "comments_open": True,
        "approved_count": 0,
    }
    assert client.get(f"{API}/articles/missing").status_code == 404


# ------------------------------------------------------------------ CORS and contract


@pytest.mark.parametrize("config_overrides", [{"api_cors_origins": ("https://app.example",)}])
def test_cors_only_for_configured_origins(client, db, article, config_overrides) -> None:
    url = f"{API}/articles/story-1/comments"
    allowed = client.get(url, headers={"Origin": "https://app.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert "ETag" in allowed.headers["Access-Control-Expose-Headers"]
    other = client.get(url, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options(
        url,
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type, Authorization",
        },
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert "authorization" in preflight.headers["Access-Control-Allow-Headers"].lower()
    widget = client.get("/embed.js", headers={"Origin": "https://app.example"})
    assert widget.headers["Access-Control-Allow-Origin"] == "*"  # the widget's own rule
    widget.close()


def test_no_cors_headers_without_configured_origins(client, db, article) -> None:
    response = client.get(
        f"{API}/articles/story-1/comments", headers={"Origin": "https://app.example"}
    )
    assert "Access-Control-Allow-Origin" not in response.headers


def test_openapi_document_describes_every_operation(client) -> None:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    doc = response.json
    assert doc["openapi"].startswith("3.1")
    operations = {
        op["operationId"]: (method, path)
        for path, item in doc["paths"].items()
        for method, op in item.items()
    }
    assert set(operations) == {
        "api_index",
        "get_article",
        "list_comments",
        "create_comment",
        "comment_status",
        "moderation_queue",
        "get_comment",
        "decide_comment",
        "decide_bulk",
        "list_articles",
        "register_article",
        "update_article",
        "stats",
        "list_rule_terms",
        "add_rule_term",
        "delete_rule_term",
    }
    create = doc["paths"]["/api/v1/articles/{article_id}/comments"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/NewComment"
    )
    assert "application/problem+json" in create["responses"]["422"]["content"]
    assert set(create["responses"]) >= {"202", "403", "404", "415", "422", "429"}
    new_comment = doc["components"]["schemas"]["NewComment"]
    assert new_comment["additionalProperties"] is False
    assert set(new_comment["required"]) == {"author_name", "body"}
    queue = doc["paths"]["/api/v1/queue"]["get"]
    assert queue["security"] == [{"bearerAuth": []}]
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert "security" not in doc["paths"]["/api/v1/articles/{article_id}/comments"]["get"]


def test_docs_page_is_rendered_from_the_spec_without_external_assets(client) -> None:
    response = client.get(f"{API}/docs")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "POST</code> <code>/api/v1/articles/{article_id}/comments" in html
    assert 'id="schema-NewComment"' in html and "<script" not in html
    assert "cdn" not in html.lower() and 'href="https://' not in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    # descriptions' Markdown is rendered, not shown as backticks
    assert "<code>Authorization: Bearer cmt_...</code>" in html
    assert "`Authorization" not in html
    css = client.get(f"{API}/static/docs.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
    css.close()


def test_the_api_root_is_an_index_of_links(client, db) -> None:
    response = client.get(f"{API}/")
    assert response.status_code == 200
    index = response.json
    assert index["docs"] == f"{API}/docs" and index["openapi"] == f"{API}/openapi.json"
    assert index["links"]["comments"] == f"{API}/articles/{{article_id}}/comments"
    # every link it gives answers (with an id filled in where it takes one)
    make_article(db, external_id="story-9")
    for link in (index["docs"], index["openapi"],
                 index["links"]["article"].replace("{article_id}", "story-9"),
                 index["links"]["comments"].replace("{article_id}", "story-9")):  # fmt: skip
        assert client.get(link).status_code == 200, link


def test_docs_markdown_escapes_raw_html() -> None:
    from web.api.docs import markdown

    html = str(markdown("**Bold** and <script>alert(1)</script>"))
    assert "<strong>Bold</strong>" in html and "<script>" not in html
    assert "&lt;script&gt;" in html
