"""The landing page and the health check."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from sqlalchemy import text

from extensions import db
from services.screening import screening_health
from web import rate_storage

bp = Blueprint("core", __name__)


@bp.get("/")
def index() -> str:
    """Where everything is."""
    return render_template("index.html")


def _staff() -> bool:
    """A signed-in moderator or admin, or a live API token: who may read screening details."""
    from flask_login import current_user

    from services.users import authenticate_token

    if current_user.is_authenticated:
        return True
    header = request.headers.get("Authorization", "")
    return header.startswith("Bearer ") and authenticate_token(header[7:].strip()) is not None


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Readiness: the database answers (503 if not). The public sees the status alone ("ok", or
    "degraded" while a shared rate-limit storage does not answer and this process counts on its
    own); staff (signed in, or with an API token) also see screening health (backlog, model,
    versions) and where rate limits are counted (web/rate_storage.py)."""
    try:
        db.session.execute(text("SELECT 1"))
        screening = screening_health(db.session) if _staff() else None
    except Exception:  # noqa: BLE001 — any failure means "not ready"
        db.session.rollback()
        return jsonify({"status": "unavailable", "database": "unreachable"}), 503
    limits = rate_storage.describe(current_app.config["RATELIMIT_STORAGE_URI"])
    degraded = bool(limits["shared"]) and not limits["reachable"]
    body: dict[str, object] = {"status": "degraded" if degraded else "ok", "database": "ok"}
    if screening is not None:
        body["screening"] = screening
        body["rate_limits"] = limits
    return jsonify(body), 200
