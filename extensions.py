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


#: Posts per article, from every client together: a flood on one story is slowed, not others.
article_post_limit = limiter.shared_limit(
    _article_limit, scope="article-posts", key_func=_article_key, methods=["POST"]
)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: object, connection_record: object) -> None:
    """SQLite: enforce foreign keys, and WAL so readers never block the single writer."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
