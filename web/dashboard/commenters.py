"""The commenter page (everything one commenter wrote, their bans, ban and unban) and the ban
list. Any moderator may ban and lift bans: refusing a commenter's next post is moderation."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from models import Ban, BanKind
from services import bans as ban_service
from services.commenters import commenter_of
from services.errors import InvalidInput, ServiceError
from web.dashboard.views import bp
from web.security import safe_next


def _back(default: str) -> str:
    """Where a form came from, when it is one of the dashboard's own pages."""
    target = safe_next(request.form.get("next"), default)
    return target if target.startswith("/dashboard/") else default


@bp.get("/comments/<int:comment_id>/commenter")
def commenter(comment_id: int) -> str:
    """The commenter who wrote a comment: their comments, counts, bans; ban and unban."""
    return render_template(
        "dashboard/commenter.html",
        who=commenter_of(comment_id),
        kind_words=BAN_KIND_WORDS,
    )


@bp.post("/comments/<int:comment_id>/ban")
def ban_author(comment_id: int) -> Response:
    """Ban the commenter behind a comment: key and email, and the address only when asked."""
    default = url_for("dashboard.commenter", comment_id=comment_id)
    try:
        who = commenter_of(comment_id)
        duration = ban_service.duration_of(request.form.get("duration", "permanent"))
        include_address = request.form.get("address") == "1"
        address_duration = None
        if include_address:
            choice = request.form.get("address_duration", "24h")
            if choice not in ("24h", "7d"):
                raise InvalidInput(
                    "The ban was not saved.",
                    {"address_duration": "an address ban lasts 24h or 7d, never longer"},
                )
            address_duration = ban_service.duration_of(choice)
        added = ban_service.ban_author(
            who.comment, current_user, request.form.get("note"), duration, include_address,
            address_duration,
        )  # fmt: skip
    except ServiceError as exc:
        flash(exc.describe())
    else:
        flash(
            f"Banned: {', '.join(_describe(b) for b in added)}."
            if added
            else "Already banned: nothing new to ban."
        )
    return redirect(_back(default))


@bp.get("/bans")
def bans() -> str:
    """Every active ban (and, on request, the expired ones), with a button to lift each."""
    include_expired = request.args.get("expired") == "1"
    return render_template(
        "dashboard/bans.html",
        bans=ban_service.list_bans(include_expired=include_expired),
        include_expired=include_expired,
        kind_words=BAN_KIND_WORDS,
        now=datetime.now(UTC),
    )


@bp.post("/bans/<int:ban_id>/lift")
def lift_ban(ban_id: int) -> Response:
    """Lift one ban."""
    try:
        ban = ban_service.remove_ban(ban_id)
    except ServiceError as exc:
        flash(exc.describe())
    else:
        flash(f"Ban #{ban_id} lifted ({_describe(ban)}).")
    return redirect(_back(url_for("dashboard.bans")))


#: What each kind of ban names, in a moderator's words.
BAN_KIND_WORDS = {
    BanKind.COMMENTER: "commenter key",
    BanKind.EMAIL: "email",
    BanKind.FINGERPRINT: "client address",
}


def _describe(ban: Ban) -> str:
    until = "until lifted" if ban.expires_at is None else f"until {ban.expires_at:%d %b %H:%M} UTC"
    return f"{BAN_KIND_WORDS[ban.kind]} ({until})"
