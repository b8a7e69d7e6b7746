"""Dashboard views: the queue, decisions, history, articles. Thin: parse, call a service, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from config import current_config
from extensions import db
from moderation.evidence import segments
from moderation.guidelines import REASONS, Category, Reason
from moderation.lifecycle import Action
from services import articles as article_service
from services import queue as queue_service
from services.commenters import trusted_comments
from services.comments import get_comment
from services.decisions import audit_trail, decide
from services.errors import ServiceError
from services.history import HistoryQuery, search_decided
from services.screening import screening_health, trust_rule
from web.dashboard.words import RISK_HELP, banner_words, category_label, flag_words
from web.security import safe_next

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every dashboard page needs a signed-in moderator or admin."""


@bp.after_request
def _no_store(response: Response) -> Response:
    """Dashboard pages (which may show a password or token once) are never cached."""
    response.headers["Cache-Control"] = "no-store"
    return response


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse moderators (403) on admin pages."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_admin:
            abort(403, description="This page is for admins.")
        return view(*args, **kwargs)

    return wrapper


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.context_processor
def _dashboard_context() -> dict[str, Any]:
    health = screening_health(db.session)
    return {
        "reasons": [(r.value, REASONS[r].label) for r in Reason],
        "reason_label": lambda code: REASONS[Reason(code)].label if code else "",
        "categories": [c.value for c in Category if c is not Category.OFF_TOPIC],
        "segments": segments,
        "health": health,
        "banner": banner_words(health),
        "flag_words": flag_words,
        "category_label": category_label,
        "risk_help": RISK_HELP,
        "view_functions": current_app.view_functions,
    }


def _queue_filters() -> queue_service.QueueFilters:
    """The queue filters of the request's query string (InvalidInput names a bad one)."""
    return queue_service.QueueFilters.parse(
        request.args.get("order"),
        request.args.get("category"),
        request.args.get("article"),
        request.args.get("screened"),
    )


@bp.get("/")
def queue() -> str:
    """Pending comments, riskiest first by default, with filters and keyset pages."""
    try:
        filters = _queue_filters()
        page = queue_service.pending_queue(filters, request.args.get("cursor"), limit=25)
    except ServiceError as exc:
        flash(exc.describe())
        return redirect(url_for("dashboard.queue"))  # type: ignore[return-value]
    trust = trust_rule(current_config())
    return render_template(
        "dashboard/queue.html",
        page=page,
        filters=filters,
        counts=queue_service.category_counts(),
        pending=queue_service.pending_count(),
        history=queue_service.author_history(page.items),
        trusted=trusted_comments(page.items, trust),
        trust=trust,
        newest=queue_service.newest_id(filters),
        poll_ms=current_config().queue_poll_seconds * 1000,
    )


@bp.get("/queue/summary")
def queue_summary() -> Response:
    """What an open queue page polls: the pending count, the per-category counts, and how many
    comments matching its filters arrived after the newest it shows (`since`)."""
    try:
        filters = _queue_filters()
    except ServiceError as exc:
        return jsonify({"ok": False, "error": exc.message, "errors": exc.errors}), exc.status  # type: ignore[return-value]
    raw = request.args.get("since", "0")
    since = int(raw) if raw.isdigit() and len(raw) <= 12 else 0
    return jsonify(
        {
            "ok": True,
            "pending": queue_service.pending_count(),
            "counts": queue_service.category_counts(),
            "new": queue_service.newer_count(filters, since),
        }
    )


def _next() -> str:
    """Where a decision form returns to: its `next` field when it is a path of this site."""
    return safe_next(request.form.get("next"), url_for("dashboard.queue"))


def _decide_one(comment_id: int, action: str, reason: str | None, note: str | None):  # noqa: ANN202
    return decide(
        comment_id, action, current_user, reason=reason or None, note=note, via="dashboard"
    )


@bp.post("/comments/<int:comment_id>/decide")
def decide_comment(comment_id: int) -> Response:
    """Approve, reject (with a reason) or reopen one comment."""
    action = request.form.get("action", "")
    reason = request.form.get("reason") if action == Action.REJECT else None
    try:
        decision = _decide_one(comment_id, action, reason, request.form.get("note"))
    except ServiceError as exc:
        if _wants_json():
            return jsonify({"ok": False, "error": exc.message, "errors": exc.errors}), exc.status  # type: ignore[return-value]
        flash(f"Comment {comment_id}: {exc.message}")
        return redirect(_next())
    if _wants_json():
        return jsonify(
            {
                "ok": True,
                "id": comment_id,
                "status": decision.to_status.value,
                "decision": decision.id,
            }
        )
    flash(f"Comment {comment_id} {decision.to_status.value}.")
    return redirect(_next())


def _without_subject(message: str) -> str:
    """ "comment is already approved" -> "already approved" (the id already names it)."""
    return message.removeprefix("comment is ").removeprefix("comment ")


@bp.post("/decide-bulk")
def decide_bulk() -> Response:
    """Approve or reject every selected comment; each is its own decision and audit row."""
    action = request.form.get("action", "")
    reason = request.form.get("reason") if action == Action.REJECT else None
    done, refused = [], []
    for raw in request.form.getlist("ids"):
        if not raw.isdigit():
            continue
        try:
            _decide_one(int(raw), action, reason, request.form.get("note"))
            done.append(int(raw))
        except ServiceError as exc:
            refused.append(f"comment #{raw} {_without_subject(exc.message)}")
    if _wants_json():
        return jsonify({"ok": not refused, "done": done, "refused": refused})
    past = {"approve": "approved", "reject": "rejected"}.get(action, action)
    asked = len(done) + len(refused)
    if not refused:
        flash(f"{len(done)} of {asked} {past}.")
    else:
        flash(f"{len(done)} of {asked} {past}; {len(refused)} refused: {'; '.join(refused)}.",
              "warning")  # fmt: skip
    return redirect(_next())


@bp.get("/comments/<int:comment_id>")
def comment(comment_id: int) -> str:
    """One comment with its flags and the full audit trail; change the decision here."""
    item = get_comment(comment_id)
    return render_template(
        "dashboard/comment.html",
        c=item,
        trail=audit_trail(comment_id),
        history=queue_service.author_history([item]),
    )


@bp.get("/history")
def history() -> str:
    """Decided comments, searchable."""
    try:
        query = HistoryQuery.parse(request.args.to_dict())
    except ServiceError as exc:
        flash(exc.describe())
        query = HistoryQuery()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    items, total = search_decided(query, page=page)
    return render_template(
        "dashboard/history.html", items=items, total=total, query=query, page=page
    )


@bp.get("/articles")
def articles() -> str:
    """Articles with their comment counts; open or close comments."""
    return render_template("dashboard/articles.html", rows=article_service.articles_with_counts())


@bp.post("/articles/<path:external_id>/post-limit")
def lift_post_limit(external_id: str) -> Response:
    """Lift an article's flood limit for some hours, or restore it (hours=0)."""
    raw = request.form.get("hours", "")
    hours = int(raw) if raw.isdigit() and len(raw) <= 3 else -1
    try:
        article = article_service.lift_post_limit(external_id, hours, by=f"user {current_user.id}")
    except ServiceError as exc:
        flash(exc.message)
        return redirect(url_for("dashboard.articles"))
    if article.post_limit_lifted_until is None:
        flash(f"The posting limit applies again on “{external_id}”.")
    else:
        flash(f"Posting limit lifted on “{external_id}” for {hours} hours.")
    return redirect(url_for("dashboard.articles"))


@bp.post("/articles/<path:external_id>/comments-open")
def set_open(external_id: str) -> Response:
    """Open or close an article's comments."""
    is_open = request.form.get("open") == "1"
    article_service.set_comments_open(external_id, is_open)
    flash(f"Comments {'opened' if is_open else 'closed'} on “{external_id}”.")
    return redirect(url_for("dashboard.articles"))
