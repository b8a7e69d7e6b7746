"""Admin pages (users, API tokens, rule lists; moderators get 403) and the stats page."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import select

from extensions import db
from models import ApiToken, Role, Scope
from moderation.languages import SITE_LANGUAGES
from services import users as user_service
from services.errors import ServiceError
from services.screening import engine as screening_engine
from services.screening import requeue
from web.dashboard.views import admin_required, bp


def _explain(exc: ServiceError) -> None:
    flash(exc.describe())


#: The session key of a secret waiting to be shown once (see _show_once).
_SECRET_ONCE = "secret_once"  # noqa: S105 — a session key, not a secret


def _show_once(what: str, value: str) -> Response:
    """Show a new password or token after a redirect (POST-redirect-GET): a reload of the page
    that shows it re-sends a GET, never the POST that made it, so nothing is issued twice.

    The secret rides in the signed, HttpOnly session cookie for that one redirect and is removed
    by the page that shows it (the answer to the GET clears it); it is never flashed, logged or
    put in a URL."""
    session[_SECRET_ONCE] = [what, value]
    return redirect(url_for("dashboard.users"))


def _page(secret: tuple[str, str] | None = None) -> str:
    """The users page; `secret` is (what, value), shown on this page only."""
    tokens = list(db.session.scalars(select(ApiToken).order_by(ApiToken.id.desc())))
    return render_template(
        "dashboard/users.html",
        users=user_service.list_users(),
        tokens=tokens,
        roles=[r.value for r in Role],
        scopes=[s.value for s in Scope],
        secret=secret,
    )


@bp.get("/admin/users")
@admin_required
def users() -> str:
    """Users, their tokens, and forms to create, reset, deactivate and issue tokens; a secret
    issued by the POST before is shown here, once."""
    pending = session.pop(_SECRET_ONCE, None)
    secret = (
        (str(pending[0]), str(pending[1]))
        if isinstance(pending, list) and len(pending) == 2
        else None
    )
    return _page(secret)


@bp.post("/admin/users")
@admin_required
def create_user() -> Response:
    """Create a moderator or admin with a random password shown once."""
    password = user_service.random_password()
    try:
        user = user_service.create_user(
            request.form.get("email", ""),
            password,
            request.form.get("role", Role.MODERATOR),
            request.form.get("display_name") or None,
        )
    except ServiceError as exc:
        _explain(exc)
        return redirect(url_for("dashboard.users"))
    return _show_once(f"Password for {user.email}", password)


@bp.post("/admin/users/<int:user_id>/<any(reset, deactivate, activate):op>")
@admin_required
def user_action(user_id: int, op: str) -> Response:
    """Reset a password, or deactivate / activate a user."""
    user = user_service.get_user(user_id)
    if user is None:
        flash(f"No user {user_id}.")
        return redirect(url_for("dashboard.users"))
    try:
        if op == "reset":
            _, password = user_service.reset_password(user.email)
            return _show_once(f"New password for {user.email}", password)
        else:
            user_service.set_active(user.email, op == "activate")
            flash(f"{user.email} {op}d.")
    except ServiceError as exc:
        _explain(exc)
    return redirect(url_for("dashboard.users"))


@bp.post("/admin/users/<int:user_id>/tokens")
@admin_required
def issue_token(user_id: int) -> Response:
    """Issue an API token; its secret is shown once on the next page."""
    user = user_service.get_user(user_id)
    if user is None:
        flash(f"No user {user_id}.")
        return redirect(url_for("dashboard.users"))
    try:
        issued = user_service.issue_token(
            user, request.form.get("name", ""), set(request.form.getlist("scopes"))
        )
    except ServiceError as exc:
        _explain(exc)
        return redirect(url_for("dashboard.users"))
    return _show_once(f"API token “{issued.token.name}” for {user.email}", issued.secret)


@bp.post("/admin/tokens/<int:token_id>/revoke")
@admin_required
def revoke_token(token_id: int) -> Response:
    """Revoke a token."""
    try:
        token = user_service.revoke_token(token_id)
    except ServiceError as exc:
        _explain(exc)
    else:
        flash(f"Token {token.prefix}… revoked.")
    return redirect(url_for("dashboard.users"))


@bp.get("/stats")
def stats() -> str:
    """Backlog, decisions per day per moderator, time to decision, flag precision, misses."""
    from services import stats as stats_service

    days = (
        request.args.get("days", stats_service.DEFAULT_DAYS, type=int) or stats_service.DEFAULT_DAYS
    )
    days = max(1, min(days, stats_service.MAX_DAYS))
    return render_template(
        "dashboard/stats.html",
        s=stats_service.moderation_stats(days),
        days=days,
        t=_threshold_page(),
        users_by_id=_user_names(),
    )


def _threshold_page():  # noqa: ANN202 — model_thresholds.ProposalPage
    """Threshold proposals for the window and precision asked for (bad values: the defaults)."""
    from services import model_thresholds

    days = request.args.get("threshold_days", model_thresholds.DEFAULT_DAYS, type=int)
    precision = request.args.get("precision", model_thresholds.DEFAULT_TARGET_PRECISION, type=float)
    try:
        return model_thresholds.proposal_page(days, precision)
    except ServiceError as exc:
        _explain(exc)
        return model_thresholds.proposal_page()


def _user_names() -> dict[int, str]:
    from models import User

    return dict(db.session.execute(select(User.id, User.display_name)).all())


@bp.post("/admin/thresholds")
@admin_required
def apply_thresholds() -> Response:
    """Apply the chosen proposals (recomputed from the same window and target precision)."""
    from services import model_thresholds

    days = request.form.get("threshold_days", type=int) or model_thresholds.DEFAULT_DAYS
    precision = request.form.get("precision", type=float)
    try:
        row = model_thresholds.apply(
            request.form.getlist("category"),
            days=days,
            target_precision=(
                precision if precision is not None else model_thresholds.DEFAULT_TARGET_PRECISION
            ),
            applied_by=current_user,
            note=request.form.get("note"),
        )
    except ServiceError as exc:
        _explain(exc)
    else:
        changed = ", ".join(
            f"{p['category'].replace('_', ' ')} {p['current']} → {p['proposed']}"
            for p in row.basis["proposals"]
        )
        flash(f"Threshold set #{row.id} applied ({changed}); workers use it from their next batch.")
    return redirect(url_for("dashboard.stats", threshold_days=days, precision=precision))


@bp.post("/admin/thresholds/<int:set_id>/undo")
@admin_required
def undo_thresholds(set_id: int) -> Response:
    """Undo the standing threshold set."""
    from services import model_thresholds

    try:
        model_thresholds.undo(set_id, undone_by=current_user)
    except ServiceError as exc:
        _explain(exc)
    else:
        flash(f"Threshold set #{set_id} undone; the thresholds before it apply again.")
    return redirect(url_for("dashboard.stats"))


def _list_files() -> list[tuple[str, str, list[str]]]:
    """(language, list name, terms) of every rule-list file, for admins to read."""
    from moderation.rules import DEFAULT_LISTS_DIR
    from moderation.rules.term_index import read_list

    out = []
    for path in sorted(DEFAULT_LISTS_DIR.glob("*/*.txt")) + sorted(DEFAULT_LISTS_DIR.glob("*.txt")):
        language = path.parent.name if path.parent != DEFAULT_LISTS_DIR else "all"
        out.append((language, path.stem, list(read_list(path))))
    return out


@bp.get("/admin/rules")
@admin_required
def rules() -> str:
    """Admins' rule-term changes, the list files, and forms to change them."""
    from services import rule_terms

    return render_template(
        "dashboard/rules.html",
        terms=rule_terms.list_terms(),
        categories=rule_terms.TERM_CATEGORIES,
        languages=SITE_LANGUAGES,
        files=_list_files(),
        rules_version=screening_engine().rules(db.session).version,
    )


@bp.post("/admin/rules")
@admin_required
def add_rule_term() -> Response:
    """Add, remove (from a file list) or allowlist a term."""
    from services import rule_terms

    try:
        row = rule_terms.add_term(
            request.form.get("category"),
            request.form.get("language"),
            request.form.get("term"),
            request.form.get("action") or None,
            created_by=current_user,
        )
    except ServiceError as exc:
        _explain(exc)
    else:
        flash(f"Saved: {row.action.value} “{row.term}” ({row.category}/{row.language}).")
    return redirect(url_for("dashboard.rules"))


@bp.post("/admin/rules/<int:term_id>/delete")
@admin_required
def delete_rule_term(term_id: int) -> Response:
    """Undo one change."""
    from services import rule_terms

    try:
        rule_terms.delete_term(term_id)
    except ServiceError as exc:
        _explain(exc)
    else:
        flash("Change removed.")
    return redirect(url_for("dashboard.rules"))


@bp.post("/admin/rescreen")
@admin_required
def rescreen() -> Response:
    """Put every pending comment back in the screening queue (after list or model changes)."""
    count = requeue(db.session, pending_only=True)
    flash(f"{count} pending comments re-queued for screening.")
    return redirect(url_for("dashboard.rules"))
