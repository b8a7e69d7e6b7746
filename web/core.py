"""The landing page and the health check."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template
from sqlalchemy import text

from extensions import db

bp = Blueprint("core", __name__)


@bp.get("/")
def index() -> str:
    """Where everything is."""
    return render_template("index.html")


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Liveness and readiness: the database answers."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 — any failure means "not ready"
        db.session.rollback()
        return jsonify({"status": "unavailable", "database": "unreachable"}), 503
    return jsonify({"status": "ok", "database": "ok"}), 200
