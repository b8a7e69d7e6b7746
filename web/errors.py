"""One error handler: problem+json for API clients, HTML for browsers; rolls back on a 500."""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, jsonify, render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from extensions import db
from services.errors import ServiceError

log = logging.getLogger(__name__)

PROBLEM_BASE = "https://commentmod.invalid/problems/"


def wants_json() -> bool:
    """API paths and clients that ask for JSON get JSON errors."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def problem(
    status: int, kind: str, title: str, detail: str | None = None, errors: dict | None = None
) -> Response:
    """An RFC 9457 problem document, or the HTML error page for browsers."""
    if wants_json():
        body: dict = {"type": PROBLEM_BASE + kind, "title": title, "status": status}
        if detail:
            body["detail"] = detail
        if errors:
            body["errors"] = errors
        response = jsonify(body)
        response.status_code = status
        response.mimetype = "application/problem+json"
        return response
    html = render_template("errors/error.html", status=status, title=title, detail=detail)
    return Response(html, status=status, mimetype="text/html")


def retry_after_seconds(default: int = 60) -> int:
    """Seconds until the breached rate limit resets (Flask-Limiter's current limit)."""
    from extensions import limiter

    try:
        current = limiter.current_limit
        if current is not None:
            return max(1, int(current.reset_at - time.time()))
    except Exception:  # noqa: BLE001 — a missing header is better than a failed error page
        log.debug("no current rate limit to compute Retry-After from")
    return default


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(ServiceError)
    def service_error(exc: ServiceError) -> Response:
        response = problem(exc.status, exc.kind, exc.message, errors=exc.errors or None)
        # e.g. WWW-Authenticate on the API's 401 (web.api.auth)
        response.headers.extend(getattr(exc, "headers", None) or {})
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        if exc.response is not None:  # a page of its own (the sign-in form's lockout notice)
            return exc.response  # type: ignore[return-value]
        kind = (exc.name or "error").lower().replace(" ", "-")
        response = problem(exc.code or 500, kind, exc.name or "Error", exc.description)
        # The exception's own headers: Allow on a 405, WWW-Authenticate on a 401.
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        if exc.code == 429:
            response.headers["Retry-After"] = str(retry_after_seconds())
        return response

    @app.errorhandler(OperationalError)
    def database_unavailable(exc: OperationalError) -> Response:
        db.session.rollback()
        log.error("database unavailable: %s", type(exc.orig).__name__ if exc.orig else "unknown")
        response = problem(
            503,
            "database-unavailable",
            "Service temporarily unavailable",
            "We could not reach the database. Nothing was saved; please try again shortly.",
        )
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def server_error(exc: Exception) -> Response:
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return problem(500, "server-error", "Internal server error", "Nothing was saved.")
