"""Migrations build the schema from empty on SQLite and PostgreSQL, and match the models."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from app import create_app
from extensions import db
from models import Base
from tests.conftest import (
    create_postgres_database,
    drop_postgres_database,
    make_config,
    postgres_admin_url,
)

TABLES = {
    "articles",
    "comments",
    "comment_categories",
    "decisions",
    "users",
    "api_tokens",
    "rule_terms",
    "worker_heartbeats",
    "bans",
    "threshold_sets",
    "auth_sessions",
}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A brand-new empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    admin = postgres_admin_url()
    if admin is None:
        pytest.skip("TEST_POSTGRES_URL not set")
    url = create_postgres_database(admin)
    yield url
    drop_postgres_database(admin, url)


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def _diff() -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def test_upgrade_downgrade_upgrade_and_models_match(empty_database: str, tmp_path: Path) -> None:
    app = create_app(make_config(empty_database, tmp_path / "instance"))
    with app.app_context():
        upgrade()
        assert _tables() == TABLES
        downgrade(revision="base")
        assert _tables() == set()
        upgrade()
        assert _tables() == TABLES
        assert _diff() == [], "models and migrations disagree: write a revision"
        # The write-once trigger survives the round trip.
        db.session.execute(
            text(
                "INSERT INTO articles (external_id, url, title, comments_open, created_at) "
                "VALUES ('a', 'u', 't', true, CURRENT_TIMESTAMP)"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO comments (article_id, author_name, body, body_sha256, status, "
                "created_at, screening_state, screening_attempts) "
                "VALUES (1, 'n', 'original', 'h', 'pending', CURRENT_TIMESTAMP, 'queued', 0)"
            )
        )
        db.session.commit()
        with pytest.raises(IntegrityError, match="write-once"):
            db.session.execute(text("UPDATE comments SET body = 'edited'"))
            db.session.commit()
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()


def test_status_check_constraint_refuses_unknown_status(db) -> None:
    from tests.factories import make_comment

    comment = make_comment(db)
    with pytest.raises(IntegrityError):
        db.session.execute(
            text("UPDATE comments SET status = 'published' WHERE id = :id"), {"id": comment.id}
        )
        db.session.commit()


def test_stepwise_downgrade_keeps_the_write_once_guard(empty_database: str, tmp_path: Path) -> None:
    """Each revision's downgrade must leave the previous revision's triggers in place."""
    from alembic.script import ScriptDirectory
    from flask_migrate import Migrate

    app = create_app(make_config(empty_database, tmp_path / "instance"))
    with app.app_context():
        upgrade()
        config = Migrate().get_config(directory=app.extensions["migrate"].directory)
        revisions = [r.revision for r in ScriptDirectory.from_config(config).walk_revisions()]
        for target in revisions[1:]:  # newest first; stop before base
            downgrade(revision=target)
            with pytest.raises(IntegrityError, match="write-once"):
                db.session.execute(
                    text(
                        "INSERT INTO articles (external_id, url, title, comments_open, created_at)"
                        " VALUES ('a', 'u', 't', true, CURRENT_TIMESTAMP)"
                    )
                )
                db.session.execute(
                    text(
                        "INSERT INTO comments (article_id, author_name, body, body_sha256, "
                        "status, created_at, screening_state, screening_attempts) VALUES "
                        "((SELECT id FROM articles WHERE external_id = 'a'), 'n', 'b', 'h', "
                        "'pending', CURRENT_TIMESTAMP, 'queued', 0)"
                    )
                )
                db.session.execute(text("UPDATE comments SET body = 'edited'"))
            db.session.rollback()
        db.session.remove()
        db.engine.dispose()


def test_0011_fills_in_the_stored_verdict_of_comments_screened_before(
    empty_database: str, tmp_path: Path
) -> None:
    """Comments screened before the verdict was stored get the categories and suggested
    reason the screener gives their flags (a rule threat outweighs a bare profanity score)."""
    import json

    app = create_app(make_config(empty_database, tmp_path / "instance"))
    flags = [
        {"category": "profanity", "source": "detoxify", "detail": "obscene", "score": 0.7,
         "threshold": 0.5, "span": None},
        {"category": "threat", "source": "rule", "detail": "threats/en: 'you will pay'",
         "score": None, "threshold": None, "span": [4, 9]},
    ]  # fmt: skip
    comments = sa.table(
        "comments",
        *(sa.column(c) for c in ("article_id", "author_name", "body", "body_sha256", "status")),
        *(sa.column(c) for c in ("created_at", "screening_state", "screening_attempts", "risk")),
        sa.column("flags", sa.JSON),
    )
    with app.app_context():
        try:
            upgrade(revision="0010")
            db.session.execute(
                text(
                    "INSERT INTO articles (external_id, url, title, comments_open, created_at)"
                    " VALUES ('a', 'u', 't', true, CURRENT_TIMESTAMP)"
                )
            )
            article_id = db.session.scalar(text("SELECT id FROM articles"))
            for body, stored in (("flagged", flags), ("clean", [])):
                db.session.execute(
                    sa.insert(comments).values(
                        article_id=article_id,
                        author_name="n",
                        body=body,
                        body_sha256=body,
                        status="pending",
                        created_at=sa.func.now(),
                        screening_state="screened",
                        screening_attempts=1,
                        risk=0.9,
                        flags=stored,
                    )  # fmt: skip
                )
            db.session.commit()
            upgrade()
            rows = {
                r.body: (r.categories, r.suggested_reason)
                for r in db.session.execute(
                    text("SELECT body, categories, suggested_reason FROM comments")
                )
            }
        finally:
            db.session.remove()
            db.engine.dispose()
    loaded = {k: (json.loads(c) if isinstance(c, str) else c, r) for k, (c, r) in rows.items()}
    assert loaded["flagged"] == (["profanity", "threat"], "threat")
    assert loaded["clean"] == ([], None)
