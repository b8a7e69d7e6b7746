"""Sign-in and sign-out for moderators and admins."""

from __future__ import annotations

import hashlib
import math
import time

from flask import (
    Blueprint,
    Response,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_limiter import RequestLimit
from flask_login import current_user, login_required, login_user, logout_user

from config import current_config
from extensions import limiter
from services.auth import authenticate, end_session, start_session
from web.security import safe_next

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths: never an open redirect."""
    return safe_next(target, url_for("dashboard.queue"))


#: Sign-in attempts per client, failed or not.
CLIENT_ATTEMPTS = "10 per minute"


def _client_failures() -> str:
    """Failed sign-ins per client before it is locked out (the client, never the account)."""
    return current_config().signin_client_failures


def _email_failures() -> str:
    """Failed sign-ins per email, from any client, before it is slowed down: growing waits of
    at most a minute by default, whether or not an account has that email."""
    return current_config().signin_email_failures


def _failed(response: Response) -> bool:
    return response.status_code == 401


def _email_key() -> str:
    email = " ".join(request.form.get("email", "").split()).casefold()
    return "signin-email:" + hashlib.sha256(email.encode("utf-8")).hexdigest()[:24]


def _refused(message: str, limit: RequestLimit) -> Response:
    wait = max(1, math.ceil(limit.reset_at - time.time()))
    response = make_response(
        render_template("auth/login.html", error=message, email=request.form.get("email", "")),
        429,
    )
    response.headers["Retry-After"] = str(wait)
    return response


def _client_locked_out(limit: RequestLimit) -> Response:
    minutes = max(1, math.ceil((limit.reset_at - time.time()) / 60))
    return _refused(
        f"Too many failed sign-ins from this connection. Try again in {minutes} minutes.", limit
    )


def _email_slowed(limit: RequestLimit) -> Response:
    seconds = max(1, math.ceil(limit.reset_at - time.time()))
    return _refused(f"Too many failed sign-ins. Wait {seconds} seconds and try again.", limit)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(CLIENT_ATTEMPTS, methods=["POST"])
@limiter.limit(
    _client_failures, methods=["POST"], deduct_when=_failed, on_breach=_client_locked_out
)
@limiter.limit(
    _email_failures,
    methods=["POST"],
    key_func=_email_key,
    deduct_when=_failed,
    on_breach=_email_slowed,
)
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
            login_user(start_session(result.user))
            return redirect(next_url)
        error = result.message
    status = 401 if error else 200
    return render_template(
        "auth/login.html", error=error, email=request.form.get("email", "")
    ), status


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Sign out (POST with CSRF, so a link on another site cannot sign you out). The server-side
    session ends too: a copy of the cookie no longer signs anyone in."""
    end_session(current_user)
    logout_user()
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("auth.login"))
