"""The landing page and the health check."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template
from sqlalchemy import text

from extensions import db
from services.screening import screening_health

bp = Blueprint("core", __name__)


@bp.get("/")
def index() -> str:
    """Where everything is."""
    return render_template("index.html")


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Readiness: the database answers (503 if not); screening health is reported alongside."""
    try:
        db.session.execute(text("SELECT 1"))
        screening = screening_health(db.session)
    except Exception:  # noqa: BLE001 — any failure means "not ready"
        db.session.rollback()
        return jsonify({"status": "unavailable", "database": "unreachable"}), 503
    return jsonify({"status": "ok", "database": "ok", "screening": screening}), 200
