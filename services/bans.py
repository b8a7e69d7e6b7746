"""The ban list. Posts from a banned commenter key, email or client fingerprint are refused (403)
— chosen over "accept and silently drop", which would either show the author a false "awaiting
moderation" forever or need a hidden status; a refusal changes nothing and says so plainly.

A commenter is banned by the key their browser keeps and by their email: that names one person.
The client fingerprint (keyed hash of the address) names everyone behind that address — an
office, a mobile carrier's NAT, a café — so banning it is a separate, explicit choice, and such
a ban always expires (at most 7 days). A commenter who clears their browser escapes a key ban,
as with every cookie-based system; the email and, for a while, the address remain.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.exc import IntegrityError

from extensions import db
from models import Ban, BanKind, Comment, User
from services.errors import Conflict, InvalidInput, NotFound

log = logging.getLogger(__name__)

#: How long a ban lasts, as the dashboard offers it; None: until a moderator lifts it.
DURATIONS: dict[str, timedelta | None] = {
    "24h": timedelta(hours=24),
    "7d": timedelta(days=7),
    "permanent": None,
}
#: The longest a client-fingerprint ban may last: it blocks everyone on that address.
FINGERPRINT_MAX = timedelta(days=7)


def duration_of(choice: str | None) -> timedelta | None:
    """The ban duration a form names ("24h", "7d", "permanent"); InvalidInput otherwise."""
    if choice not in DURATIONS:
        raise InvalidInput("The ban was not saved.", {"duration": "must be 24h, 7d or permanent"})
    return DURATIONS[choice]


def _active(now: datetime | None = None) -> ColumnElement[bool]:
    now = now or datetime.now(UTC)
    return Ban.expires_at.is_(None) | (Ban.expires_at > now)


def banned_clause(
    fingerprint: str | None, email: str | None, commenter_key: str | None = None
) -> ColumnElement[bool] | None:
    """Whether a post from this client, email or commenter is refused, as an EXISTS clause to
    select (alone or with other checks); None when there is nothing to match."""
    naming = _naming(fingerprint, email, commenter_key)
    return exists().where(naming, _active()) if naming is not None else None


def _naming(
    fingerprint: str | None, email: str | None, commenter_key: str | None
) -> ColumnElement[bool] | None:
    """Bans (active or not) that name this client, email or commenter; None: nothing to name."""
    conditions = []
    if fingerprint:
        conditions.append((Ban.kind == BanKind.FINGERPRINT) & (Ban.value == fingerprint))
    if email:
        conditions.append((Ban.kind == BanKind.EMAIL) & (Ban.value == email.strip().lower()))
    if commenter_key:
        conditions.append((Ban.kind == BanKind.COMMENTER) & (Ban.value == commenter_key))
    return or_(*conditions) if conditions else None


def is_banned(fingerprint: str | None, email: str | None, commenter_key: str | None = None) -> bool:
    """Whether a post from this client, email or commenter is refused."""
    clause = banned_clause(fingerprint, email, commenter_key)
    return clause is not None and bool(db.session.scalar(select(clause)))


def add_ban(
    kind: BanKind | str,
    value: str,
    note: str | None = None,
    by: User | None = None,
    duration: timedelta | None = None,
) -> Ban:
    """Ban a commenter key, an email or a fingerprint for `duration` (None: until lifted).

    Conflict when an active ban names it already; an expired one is renewed. A fingerprint ban
    must expire within FINGERPRINT_MAX.
    """
    try:
        kind = BanKind(kind)
    except ValueError:
        raise InvalidInput(
            "Unknown ban kind.", {"kind": "commenter, email or fingerprint"}
        ) from None
    value = value.strip().lower() if kind is BanKind.EMAIL else value.strip()
    if not value or len(value) > 254 or (kind is BanKind.EMAIL and "@" not in value):
        raise InvalidInput("The ban was not saved.", {"value": f"is not a valid {kind.value}"})
    if kind is BanKind.FINGERPRINT and (duration is None or duration > FINGERPRINT_MAX):
        raise InvalidInput(
            "The ban was not saved.",
            {"duration": "an address ban blocks everyone on that address: 24h or 7d, never "
             "permanent"},
        )  # fmt: skip
    now = datetime.now(UTC)
    expires = now + duration if duration is not None else None
    note = (note or "").strip()[:500] or None
    existing = db.session.scalar(select(Ban).where(Ban.kind == kind, Ban.value == value))
    if existing is not None:
        if existing.expires_at is None or existing.expires_at > now:
            raise Conflict(f"This {kind.value} is already banned.")
        existing.note, existing.created_by, existing.created_at = note, by.id if by else None, now
        existing.expires_at = expires
        ban = existing
    else:
        ban = Ban(kind=kind, value=value, note=note, created_by=by.id if by else None,
                  created_at=now, expires_at=expires)  # fmt: skip
        db.session.add(ban)
    try:
        db.session.commit()
    except IntegrityError:  # the same ban added at the same moment by someone else
        db.session.rollback()
        raise Conflict(f"This {kind.value} is already banned.") from None
    log.info("ban %s added (%s, %s)", ban.id, kind.value, "until lifted" if expires is None
             else f"until {expires:%Y-%m-%d %H:%M}")  # fmt: skip
    return ban


def ban_author(
    comment: Comment,
    by: User | None = None,
    note: str | None = None,
    duration: timedelta | None = None,
    include_address: bool = False,
    address_duration: timedelta | None = None,
) -> list[Ban]:
    """Ban the commenter behind a comment: their commenter key and email (what is not yet
    banned); their client address too only when asked (`address_duration`, default 24 hours).

    InvalidInput when the comment carries nothing that could be banned as asked.
    """
    targets = [(BanKind.COMMENTER, comment.commenter_key, duration),
               (BanKind.EMAIL, comment.author_email, duration)]  # fmt: skip
    if include_address:
        targets.append(
            (BanKind.FINGERPRINT, comment.client_fingerprint,
             address_duration or DURATIONS["24h"])
        )  # fmt: skip
    if not any(value for _, value, _ in targets):
        raise InvalidInput(
            "Nothing to ban.",
            {"comment": "has no commenter key and no email; only its address could be banned, "
             "which blocks everyone on it"},
        )  # fmt: skip
    if include_address and not comment.client_fingerprint:
        raise InvalidInput("The ban was not saved.", {"address": "this comment has no address"})
    bans = []
    for kind, value, lasting in targets:
        if value:
            try:
                bans.append(
                    add_ban(kind, value, note or f"author of comment {comment.id}", by, lasting)
                )
            except Conflict:
                continue
    return bans


def list_bans(include_expired: bool = False) -> list[Ban]:
    """Bans, newest first: the active ones, or every one."""
    stmt = select(Ban).order_by(Ban.id.desc())
    if not include_expired:
        stmt = stmt.where(_active())
    return list(db.session.scalars(stmt))


def bans_for(comment: Comment) -> list[Ban]:
    """The active bans that would refuse this comment's author (key, email or address)."""
    naming = _naming(comment.client_fingerprint, comment.author_email, comment.commenter_key)
    if naming is None:
        return []
    return list(db.session.scalars(select(Ban).where(naming, _active())))


def remove_ban(ban_id: int) -> Ban:
    """Lift a ban (the row goes: a lifted ban is no longer a ban)."""
    ban = db.session.get(Ban, ban_id)
    if ban is None:
        raise NotFound(f"no ban with id {ban_id}")
    db.session.delete(ban)
    db.session.commit()
    log.info("ban %s lifted", ban_id)
    return ban
