"""Invalid UTF-8 and other hostile bytes: a clear error or a defined normalisation."""

from __future__ import annotations

from sqlalchemy import func, select

from models import Comment
from tests.conftest import csrf_token_from
from tests.factories import make_article


def _count(db) -> int:
    return db.session.scalar(select(func.count(Comment.id)))


def test_api_refuses_invalid_utf8_json_and_stores_nothing(client, db) -> None:
    make_article(db, external_id="bytes-1")
    response = client.post(
        "/api/v1/articles/bytes-1/comments",
        data=b'{"author_name": "A", "body": "caf\xe9 \xff\xfe"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert _count(db) == 0


def test_widget_keeps_invalid_utf8_escapes_as_visible_text(client, db) -> None:
    """Percent-escapes that do not decode to UTF-8 stay as their literal text (Werkzeug's
    defined behaviour): the comment is stored as what the reader can see, nothing is lost."""
    page = client.get(
        "/embed/a/bytes-2?url=http://localhost/b&title=T", headers={"Referer": "http://localhost/b"}
    )
    token = csrf_token_from(page.get_data(as_text=True))
    body = b"csrf_token=" + token.encode() + b"&author_name=Ali&body=ok%FF%FEdone"
    response = client.post(
        "/embed/a/bytes-2/comments", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert db.session.scalars(select(Comment.body)).one() == "ok%FF%FEdone"


def test_referrer_policy_on_every_page(client) -> None:
    for path in ("/", "/healthz", "/auth/login", "/embed.js"):
        response = client.get(path)
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path
        response.close()
