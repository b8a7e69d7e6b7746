"""JSON API v1, admin side: rule-list terms, validated by services.rule_terms."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import RuleTerm
from services import users as user_service
from services.screening import engine
from tests.factories import make_user

API = "/api/v1/rule-terms"


@pytest.fixture
def admin_headers(db) -> dict[str, str]:  # noqa: ANN001
    admin = make_user("admin")
    secret = user_service.issue_token(admin, "ops", {"moderate", "admin"}).secret
    return {"Authorization": f"Bearer {secret}"}


def _terms(db) -> int:  # noqa: ANN001
    return db.session.scalar(select(func.count(RuleTerm.id)))


def _flags(db, text: str) -> list[str]:  # noqa: ANN001
    screening = engine().screener(db.session, with_model=False).screen([text])[0]
    return screening.categories


def test_add_list_and_delete_terms_change_what_screening_flags(client, db, admin_headers) -> None:
    text = "What a zorblax decision."
    assert _flags(db, text) == []
    added = client.post(
        API,
        json={"category": "profanity", "language": "en", "term": "  Zorblax "},
        headers=admin_headers,
    )
    assert added.status_code == 201
    assert added.json["term"] == "Zorblax" and added.json["action"] == "add"
    assert _flags(db, text) == ["profanity"]
    allowed = client.post(
        API,
        json={"category": "allowlist", "language": "en", "term": "scunthorpe"},
        headers=admin_headers,
    )
    assert allowed.status_code == 201 and allowed.json["action"] == "allow"
    listing = client.get(f"{API}?category=profanity", headers=admin_headers).json["items"]
    assert [t["term"] for t in listing] == ["Zorblax"]
    assert len(client.get(API, headers=admin_headers).json["items"]) == 2
    deleted = client.delete(f"{API}/{added.json['id']}", headers=admin_headers)
    assert deleted.status_code == 204 and deleted.data == b""
    assert _flags(db, text) == []
    assert client.delete(f"{API}/{added.json['id']}", headers=admin_headers).status_code == 404


def test_removing_a_list_file_term_stops_its_flag(client, db, admin_headers) -> None:
    text = "What utter bollocks from the council."
    assert "profanity" in _flags(db, text)
    response = client.post(
        API,
        json={"category": "profanity", "language": "en", "term": "bollock*", "action": "remove"},
        headers=admin_headers,
    )
    assert response.status_code == 201
    assert "profanity" not in _flags(db, text)


def test_duplicate_term_is_409_even_with_other_case_or_spacing(client, db, admin_headers) -> None:
    body = {"category": "threat", "language": "en", "term": "we will find you"}
    assert client.post(API, json=body, headers=admin_headers).status_code == 201
    again = client.post(API, json={**body, "term": "We  will FIND you"}, headers=admin_headers)
    assert again.status_code == 409 and again.json["type"].endswith("/conflict")
    # The same words for another language or action are a different change.
    other = client.post(API, json={**body, "language": "tr"}, headers=admin_headers)
    assert other.status_code == 201
    assert _terms(db) == 2


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"category": "rudeness", "language": "en", "term": "x"}, {"category"}),
        ({"category": "off_topic", "language": "en", "term": "cats"}, {"category"}),
        ({"category": "profanity", "language": "english", "term": "x"}, {"language"}),
        ({"category": "profanity", "language": "EN!", "term": "x"}, {"language"}),
        ({"category": "profanity", "language": "xx", "term": "x"}, {"language"}),
        ({"category": "profanity", "language": "de", "term": "x"}, {"language"}),
        ({"category": "profanity", "language": "en", "term": "   "}, {"term"}),
        ({"category": "profanity", "language": "en", "term": "x" * 201}, {"term"}),
        ({"category": "profanity", "language": "en", "term": "a|b"}, {"term"}),
        ({"category": "profanity", "language": "en", "term": "***"}, {"term"}),
        ({"category": "profanity", "language": "en", "term": "bad\u200bword"}, {"term"}),
        ({"category": "profanity", "language": "en", "term": "x", "action": "allow"}, {"action"}),
        ({"category": "allowlist", "language": "en", "term": "x", "action": "add"}, {"action"}),
        ({"category": "profanity", "language": "en", "term": "x", "action": "ban"}, {"action"}),
        ({"language": "en"}, {"category", "term"}),
    ],
)
def test_invalid_terms_name_the_field_and_store_nothing(
    client, db, admin_headers, body, fields
) -> None:
    response = client.post(API, json=body, headers=admin_headers)
    assert response.status_code == 422
    assert response.json["type"].endswith("/validation-error")
    assert fields <= set(response.json["errors"]), response.json
    assert _terms(db) == 0


@pytest.mark.parametrize("language", ["en", "ar", "ckb", "kmr", "tr", "fa"])
def test_site_languages_are_accepted(client, db, admin_headers, language) -> None:
    response = client.post(
        API,
        json={"category": "profanity", "language": language, "term": "zorblax"},
        headers=admin_headers,
    )
    assert response.status_code == 201 and response.json["language"] == language


@pytest.mark.parametrize("category", ["personal_attack", "threat", "sexism", "profanity"])
def test_an_arabic_term_added_for_any_category_is_flagged(
    client, db, admin_headers, category
) -> None:
    """Seen in the browser: an Arabic insult saved as personal_attack/ar flagged nothing."""
    text = "انت زربلاخ"
    assert _flags(db, text) == []
    added = client.post(
        API, json={"category": category, "language": "ar", "term": "زربلاخ"}, headers=admin_headers
    )
    assert added.status_code == 201
    assert category in _flags(db, text)
