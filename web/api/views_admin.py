"""Admin endpoints (bearer token with the `admin` scope): rule-list terms."""

from __future__ import annotations

from typing import Any

from flask import request

from models import Scope
from services import rule_terms
from web.api import bp, serialize
from web.api import schemas as s
from web.api.auth import current_user, require_scope
from web.api.openapi import BEARER, responses, spec

TAG = "admin"
AUTH = (401, 403)


@bp.get("/rule-terms")
@require_scope(Scope.ADMIN)
@spec.validate(
    query=s.TermQuery,
    resp=responses(*AUTH, 422, HTTP_200=s.TermList),
    tags=[TAG],
    security=BEARER,
    operation_id="list_rule_terms",
)
def list_rule_terms() -> Any:
    """Admins' changes to the rule lists, filtered by category, language or action."""
    q: s.TermQuery = request.context.query  # type: ignore[attr-defined]
    rows = rule_terms.list_terms(q.category, q.language, q.action)
    return s.TermList(items=[serialize.term(r) for r in rows])


@bp.post("/rule-terms")
@require_scope(Scope.ADMIN)
@spec.validate(
    json=s.TermIn,
    resp=responses(*AUTH, 400, 409, 413, 415, 422, HTTP_201=s.TermOut),
    tags=[TAG],
    security=BEARER,
    operation_id="add_rule_term",
)
def add_rule_term() -> Any:
    """Add a term to a category's list for a language, take a list-file term off (remove), or
    allowlist a term (category "allowlist"). The same term twice is 409."""
    data: s.TermIn = request.context.json  # type: ignore[attr-defined]
    row = rule_terms.add_term(
        data.category, data.language, data.term, data.action, created_by=current_user()
    )
    return serialize.term(row), 201


@bp.delete("/rule-terms/<int(max=2147483647):term_id>")
@require_scope(Scope.ADMIN)
@spec.validate(
    resp=responses(*AUTH, 404, "HTTP_204"),
    tags=[TAG],
    security=BEARER,
    operation_id="delete_rule_term",
)
def delete_rule_term(term_id: int) -> Any:
    """Undo one change: the list files apply again as they are."""
    rule_terms.delete_term(term_id)
    return "", 204
