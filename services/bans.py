"""The ban list. Posts from a banned client fingerprint or email are refused (403) — chosen over
"accept and silently drop", which would either show the author a false "awaiting moderation"
forever or need a hidden status; a refusal changes nothing and says so plainly."""

from __future__ import annotations

import logging

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.exc import IntegrityError

from extensions import db
from models import Ban, BanKind, Comment, User
from services.errors import Conflict, InvalidInput, NotFound

log = logging.getLogger(__name__)


def banned_clause(fingerprint: str | None, email: str | None) -> ColumnElement[bool] | None:
    """Whether a post from this client or email is refused, as an EXISTS clause to select
    (alone or with other checks); None when there is neither."""
    conditions = []
    if fingerprint:
        conditions.append((Ban.kind == BanKind.FINGERPRINT) & (Ban.value == fingerprint))
    if email:
        conditions.append((Ban.kind == BanKind.EMAIL) & (Ban.value == email.strip().lower()))
    return exists().where(or_(*conditions)) if conditions else None


def is_banned(fingerprint: str | None, email: str | None) -> bool:
    """Whether a post from this client or email is refused."""
    clause = banned_clause(fingerprint, email)
    return clause is not None and bool(db.session.scalar(select(clause)))


def add_ban(
    kind: BanKind | str, value: str, note: str | None = None, by: User | None = None
) -> Ban:
    """Ban a fingerprint or an email; Conflict when already banned."""
    try:
        kind = BanKind(kind)
    except ValueError:
        raise InvalidInput("Unknown ban kind.", {"kind": "fingerprint or email"}) from None
    value = value.strip().lower() if kind is BanKind.EMAIL else value.strip()
    if not value or len(value) > 254 or (kind is BanKind.EMAIL and "@" not in value):
        raise InvalidInput("The ban was not saved.", {"value": f"is not a valid {kind.value}"})
    ban = Ban(
        kind=kind, value=value, note=(note or "").strip() or None, created_by=by.id if by else None
    )
    db.session.add(ban)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(f"This {kind.value} is already banned.") from None
    log.info("ban %s added (%s)", ban.id, kind.value)
    return ban


def ban_author(comment: Comment, by: User | None = None, note: str | None = None) -> list[Ban]:
    """Ban the client and, when given, the email behind a comment (what is not yet banned)."""
    bans = []
    for kind, value in (
        (BanKind.FINGERPRINT, comment.client_fingerprint),
        (BanKind.EMAIL, comment.author_email),
    ):
        if value:
            try:
                bans.append(add_ban(kind, value, note or f"author of comment {comment.id}", by))
            except Conflict:
                continue
    if not bans and not (comment.client_fingerprint or comment.author_email):
        raise InvalidInput("Nothing to ban.", {"comment": "has neither fingerprint nor email"})
    return bans


def list_bans() -> list[Ban]:
    """Every ban, newest first."""
    return list(db.session.scalars(select(Ban).order_by(Ban.id.desc())))


def remove_ban(ban_id: int) -> None:
    """Lift a ban."""
    ban = db.session.get(Ban, ban_id)
    if ban is None:
        raise NotFound(f"no ban with id {ban_id}")
    db.session.delete(ban)
    db.session.commit()
