"""Admins' run-time changes to the rule lists: add or remove terms per category and language,
and allowlist terms. Validation lives here so the API and the dashboard refuse the same input.

A term reaches screening through services.screening.ScreeningEngine, which rebuilds the rule set
whenever these rows change; comments already screened keep their flags until re-screened
(`flask moderation rescreen`).
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from extensions import db
from models import RuleTerm, TermAction, User
from moderation.guidelines import SCREENED_CATEGORIES
from moderation.languages import SITE_LANGUAGES, is_site_language
from moderation.rules.term_index import norm_term
from services.errors import Conflict, InvalidInput, NotFound

log = logging.getLogger(__name__)

#: The pseudo-category of allowlisted terms (moderation.rules.ALLOWLIST).
ALLOWLIST = "allowlist"
#: Categories a term can be added to or removed from: every category that has a rule list
#: (off_topic has none: relevance is not screened), plus the allowlist.
TERM_CATEGORIES: tuple[str, ...] = (*(c.value for c in SCREENED_CATEGORIES), ALLOWLIST)
MAX_TERM_CHARS = 200


@dataclass(frozen=True, slots=True)
class CleanTerm:
    """A validated rule-term change, in its stored form."""

    category: str
    language: str
    term: str
    action: TermAction


def validate_term(
    category: str | None, language: str | None, term: str | None, action: str | None = None
) -> CleanTerm:
    """Check and normalise one change; InvalidInput names every bad field.

    `action` defaults to "allow" for the allowlist and "add" otherwise. "allow" belongs to the
    allowlist only; "remove" takes a term off a list file (or off allowlist.txt).
    """
    errors: dict[str, str] = {}
    category = (category or "").strip().lower()
    language = (language or "").strip().lower()
    if category not in TERM_CATEGORIES:
        errors["category"] = f"must be one of {', '.join(TERM_CATEGORIES)}"
    if not is_site_language(language):
        errors["language"] = f"must be one of the site's languages: {', '.join(SITE_LANGUAGES)}"
    raw_action = (action or "").strip().lower() or (
        TermAction.ALLOW if category == ALLOWLIST else TermAction.ADD
    )
    parsed_action: TermAction | None
    try:
        parsed_action = TermAction(raw_action)
    except ValueError:
        parsed_action = None
        errors["action"] = f"must be one of {', '.join(a.value for a in TermAction)}"
    if parsed_action is TermAction.ALLOW and category != ALLOWLIST and "category" not in errors:
        errors["action"] = "allow is only for the allowlist category"
    if parsed_action is TermAction.ADD and category == ALLOWLIST:
        errors["action"] = "use allow to add an allowlist term"
    text = " ".join((term or "").split())
    if not text or len(text) > MAX_TERM_CHARS:
        errors["term"] = f"must be 1 to {MAX_TERM_CHARS} characters"
    elif any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in text):
        errors["term"] = "must not contain control or invisible formatting characters"
    elif "|" in text:
        errors["term"] = "must not contain | (list files use it for context cues)"
    elif not norm_term(text).replace("*", "").strip():
        errors["term"] = "must contain at least one letter or digit"
    if errors:
        raise InvalidInput("The rule term was not saved.", errors)
    assert parsed_action is not None
    return CleanTerm(category, language, text, parsed_action)


def list_terms(
    category: str | None = None, language: str | None = None, action: str | None = None
) -> list[RuleTerm]:
    """Admins' rule-term changes, optionally filtered, by category, language, then term."""
    stmt = select(RuleTerm)
    if category:
        stmt = stmt.where(RuleTerm.category == category)
    if language:
        stmt = stmt.where(RuleTerm.language == language)
    if action:
        stmt = stmt.where(RuleTerm.action == action)
    return list(
        db.session.scalars(
            stmt.order_by(RuleTerm.category, RuleTerm.language, RuleTerm.term, RuleTerm.id)
        )
    )


def find_duplicate(clean: CleanTerm) -> RuleTerm | None:
    """An existing change with the same category, language, action and matching term form."""
    wanted = norm_term(clean.term)
    same = db.session.scalars(
        select(RuleTerm).where(
            RuleTerm.category == clean.category,
            RuleTerm.language == clean.language,
            RuleTerm.action == clean.action,
        )
    )
    return next((t for t in same if norm_term(t.term) == wanted), None)


def add_term(
    category: str | None,
    language: str | None,
    term: str | None,
    action: str | None = None,
    *,
    created_by: User | None = None,
) -> RuleTerm:
    """Validate and store a change; Conflict when the same change exists (matched as the
    rules match terms: case, accents and apostrophes folded)."""
    clean = validate_term(category, language, term, action)
    if find_duplicate(clean) is not None:
        raise Conflict("This rule term already exists.", {"term": "already listed"})
    row = RuleTerm(
        category=clean.category,
        language=clean.language,
        term=clean.term,
        action=clean.action,
        created_by=created_by.id if created_by else None,
    )
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:  # added concurrently by another request
        db.session.rollback()
        raise Conflict("This rule term already exists.", {"term": "already listed"}) from None
    log.info("rule term %s (%s %s/%s) added", row.id, row.action, row.category, row.language)
    return row


def get_term(term_id: int) -> RuleTerm:
    """One change by id, or NotFound."""
    row = db.session.get(RuleTerm, term_id)
    if row is None:
        raise NotFound(f"no rule term with id {term_id}")
    return row


def delete_term(term_id: int) -> None:
    """Undo one change: the list files apply again as they are."""
    row = get_term(term_id)
    db.session.delete(row)
    db.session.commit()
    log.info("rule term %s deleted", term_id)
