"""Sign-in and sign-out for moderators and admins."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from extensions import limiter
from services.auth import authenticate

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths: never an open redirect."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("dashboard.queue")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login() -> Response | str:
    """The sign-in form."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.queue"))
    error = None
    if request.method == "POST":
        result = authenticate(request.form.get("email", ""), request.form.get("password", ""))
        if result.user is not None:
            next_url = _safe_next(request.args.get("next"))
            session.clear()  # a fresh session on sign-in: no fixation
            login_user(result.user)
            return redirect(next_url)
        error = result.message
    status = 401 if error else 200
    return render_template(
        "auth/login.html", error=error, email=request.form.get("email", "")
    ), status


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Sign out (POST with CSRF, so a link on another site cannot sign you out)."""
    logout_user()
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("auth.login"))
