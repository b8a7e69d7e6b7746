"""Flask extensions, created unbound and attached in create_app() with init_app()."""

from __future__ import annotations

import sqlite3

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine

from models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def _article_key() -> str:
    """The rate-limit key of the article being posted to (widget and API share it)."""
    from flask import request

    args = request.view_args or {}
    return "article:" + str(args.get("external_id") or args.get("article_id") or "")


def _article_limit() -> str:
    from flask import current_app

    return current_app.config["APP_CONFIG"].article_rate_limit


def _known_article_limit() -> str:
    from flask import current_app

    return current_app.config["APP_CONFIG"].article_known_rate_limit


def _new_clients_exempt() -> bool:
    from web.post_limits import new_clients_exempt

    return new_clients_exempt()


def _known_commenters_exempt() -> bool:
    from web.post_limits import known_commenters_exempt

    return known_commenters_exempt()


#: Posts per article from new or unknown clients together: a flood on one story is slowed,
#: not others — and not the story's known commenters, who have a bucket of their own
#: (web/post_limits.py). A moderator's lift exempts both.
new_clients_article_limit = limiter.shared_limit(
    _article_limit,
    scope="article-posts",
    key_func=_article_key,
    methods=["POST"],
    exempt_when=_new_clients_exempt,
)
known_commenters_article_limit = limiter.shared_limit(
    _known_article_limit,
    scope="article-posts-known",
    key_func=_article_key,
    methods=["POST"],
    exempt_when=_known_commenters_exempt,
)


def article_post_limit(view):  # noqa: ANN001, ANN201 — a view decorator
    """Both article-wide buckets on a posting view (widget and API share them)."""
    return new_clients_article_limit(known_commenters_article_limit(view))


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: object, connection_record: object) -> None:
    """SQLite: enforce foreign keys, and WAL so readers never block the single writer."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
