"""The JSON API v1 blueprint: public comments, moderation and admin endpoints, OpenAPI docs."""

from __future__ import annotations

from flask import Blueprint, Flask, request
from flask.blueprints import BlueprintSetupState
from werkzeug.exceptions import BadRequest

from extensions import csrf
from web.api.problems import malformed_json, unsupported_media_type
from web.inputs import MAX_JSON_DEPTH, json_depth

bp = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)
# Token-authenticated JSON: no cookies carry authority here, so no CSRF token either.
csrf.exempt(bp)


@bp.before_request
def _read_json_body() -> None:
    """Bodies must be JSON (415), well-formed (400) and shallow (400); too large is 413."""
    if request.method not in {"POST", "PUT", "PATCH", "DELETE"}:
        return
    raw = request.get_data(cache=True)  # MAX_CONTENT_LENGTH applies here: 413
    if not raw:
        return
    if not request.is_json:
        raise unsupported_media_type(request.mimetype)
    try:
        request.get_json()  # parsed once (depth-checked: web.inputs), cached for the validators
    except BadRequest:
        if json_depth(raw) > MAX_JSON_DEPTH:
            raise malformed_json(f"nested deeper than {MAX_JSON_DEPTH} levels") from None
        raise malformed_json("it could not be parsed") from None


def _init_cors(state: BlueprintSetupState) -> None:
    """CORS for the configured origins only (API_CORS_ORIGINS); none configured: no CORS."""
    app: Flask = state.app
    origins = list(app.config["APP_CONFIG"].api_cors_origins)
    if not origins:
        return
    from flask_cors import CORS

    CORS(
        app,
        resources={r"/api/v1/*": {"origins": origins}},
        allow_headers=["Authorization", "Content-Type", "If-None-Match"],
        expose_headers=["ETag", "Retry-After", "Location", "WWW-Authenticate"],
        methods=["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
        supports_credentials=False,
        max_age=600,
    )


bp.record_once(_init_cors)

from web.api import docs, views_admin, views_moderation, views_public  # noqa: E402,F401
