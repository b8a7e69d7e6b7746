"""Shared fixtures: a freshly migrated real database per test (SQLite file or PostgreSQL)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from config import Config
from tests.support.detoxify_checkpoint import build_checkpoint, hf_dir_of

# Before transformers is imported anywhere: tests never touch the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

TEST_SECRET = "test-secret-key-0123456789abcdef0123456789abcdef"


def postgres_admin_url() -> str | None:
    """TEST_POSTGRES_URL, or None; with REQUIRE_POSTGRES=1 a missing server is an error."""
    url = os.environ.get("TEST_POSTGRES_URL") or (
        os.environ.get("TEST_DATABASE_URL", "")
        if os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
        else None
    )
    if not url and os.environ.get("REQUIRE_POSTGRES") == "1":
        pytest.fail("REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set")
    return url or None


def create_postgres_database(admin_url: str) -> str:
    """A new empty database on the test server; returns its URL."""
    name = f"cm_t_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(admin_url: str, url: str) -> None:
    """Drop a database made by create_postgres_database."""
    name = make_url(url).database
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def make_config(database_url: str, instance: Path, **changes: object) -> Config:
    """The test configuration: no embedded worker, no model unless a test asks for one."""
    base = Config(
        env="testing",
        secret_key=TEST_SECRET,
        database_url=database_url,
        instance_path=str(instance),
        embedded_worker=False,
        classifier_backend="none",
        log_level="WARNING",
        public_url="http://localhost",  # the test client's own address
    )
    return base.replace(**changes) if changes else base


def migrate_to_head(database_url: str, instance: Path) -> None:
    """Run the real Alembic migrations (never create_all) on a database."""
    from flask_migrate import upgrade

    app = create_app(make_config(database_url, instance))
    with app.app_context():
        upgrade()
        from extensions import db

        db.engine.dispose()


@pytest.fixture(scope="session")
def backend() -> str:
    """Which database the suite runs on: 'sqlite' (default) or 'postgresql'."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    return "postgresql" if url.startswith("postgresql") else "sqlite"


@pytest.fixture(scope="session")
def migrated_template(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Session-wide: a migrated SQLite file to copy, or a migrated PostgreSQL database."""
    instance = tmp_path_factory.mktemp("template-instance")
    if backend == "sqlite":
        path = instance / "template.db"
        migrate_to_head(f"sqlite:///{path}", instance)
        yield str(path)
        return
    admin = os.environ["TEST_DATABASE_URL"]
    url = create_postgres_database(admin)
    migrate_to_head(url, instance)
    yield url
    drop_postgres_database(admin, url)


@pytest.fixture
def database_url(backend: str, migrated_template: str, tmp_path: Path) -> Iterator[str]:
    """A migrated database, empty, for this test alone."""
    if backend == "sqlite":
        path = tmp_path / "test.db"
        shutil.copyfile(migrated_template, path)
        yield f"sqlite:///{path}"
        return
    yield migrated_template
    engine = create_engine(migrated_template)
    with engine.begin() as conn:
        # TRUNCATE fires no row triggers, so the append-only audit table can be emptied here.
        conn.execute(
            text(
                "TRUNCATE decisions, comment_categories, comments, rule_terms, worker_heartbeats, "
                "bans, api_tokens, "
                "users, articles RESTART IDENTITY CASCADE"
            )
        )
    engine.dispose()


@pytest.fixture
def config_overrides() -> dict[str, object]:
    """Override in a test module to change settings of the `app` fixture."""
    return {}


@pytest.fixture
def app(database_url: str, tmp_path: Path, config_overrides: dict[str, object]) -> Iterator[Flask]:
    """The application on a fresh database, inside an app context."""
    application = create_app(make_config(database_url, tmp_path / "instance", **config_overrides))
    with application.app_context():
        yield application
        from extensions import db

        db.session.remove()
        db.engine.dispose()


class IsolatedClient(FlaskClient):
    """Each request in a fresh app context, as in production: no `g` or DB session leaks
    between requests, even though the `app` fixture keeps a context pushed for the test."""

    def open(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """An HTTP test client."""
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner for `flask ...` commands."""
    return app.test_cli_runner()


@pytest.fixture
def db(app: Flask):  # noqa: ANN201 — the Flask-SQLAlchemy extension object
    """The database extension, bound to the test app."""
    from extensions import db as database

    return database


class TinyModel(NamedTuple):
    """Paths of the tiny checkpoint and its Hugging Face folder."""

    checkpoint: Path
    hf_dir: Path


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> TinyModel:
    """A seeded BERT (32 hidden, 2 layers) in Detoxify's checkpoint format, unbiased labels."""
    # A wider init than BERT's 0.02 spreads the random scores (~0.25-0.8), so a result
    # returned for the wrong text is visible, not lost in a sea of 0.5s.
    checkpoint = build_checkpoint(tmp_path_factory.mktemp("tiny-detoxify"), initializer_range=0.2)
    return TinyModel(checkpoint, hf_dir_of(checkpoint))


def staff_headers() -> dict[str, str]:
    """An Authorization header of a new admin's API token (staff-only details, e.g. /healthz)."""
    from services import users as user_service
    from tests.factories import make_user

    issued = user_service.issue_token(make_user("admin"), "staff", {"moderate"})
    return {"Authorization": f"Bearer {issued.secret}"}


def new_token_from(html: str) -> str:
    """The status token the answer to a widget post hands to the widget's script."""
    import re

    match = re.search(r'data-new-token="([^"]+)"', html)
    assert match, "no status token in the answer"
    return match.group(1)


def csrf_token_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    import re

    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture
def login_as(client: FlaskClient):  # noqa: ANN201 — a function
    """login_as("admin" | "moderator") -> the signed-in User, through the real sign-in form."""
    from tests.factories import PASSWORD, make_user

    def _login(role: str = "moderator", email: str | None = None):  # noqa: ANN202
        user = make_user(role, email=email)
        page = client.get("/auth/login")
        response = client.post(
            "/auth/login",
            data={
                "email": user.email,
                "password": PASSWORD,
                "csrf_token": csrf_token_from(page.get_data(as_text=True)),
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return _login


class TinyHouse(NamedTuple):
    """A house model artifact trained by the real pipeline on made-up rows, on a tiny base."""

    folder: Path
    base_zip: Path
    base_sha256: str
    datasets: Path


@pytest.fixture(scope="session")
def tiny_house(tmp_path_factory: pytest.TempPathFactory) -> TinyHouse:
    """Train once per session (a few seconds): base -> LoRA -> artifact -> combiner."""
    from moderation.model import calibrate, pipeline
    from moderation.model.train import TrainSettings
    from tests.support.house_base import build_tiny_base
    from tests.support.tiny_corpora import write_tiny_corpora

    root = tmp_path_factory.mktemp("tiny-house")
    base = build_tiny_base(root / "base")
    datasets = write_tiny_corpora(root / "datasets", repeat=6)
    folder = root / "artifact"
    settings = TrainSettings(
        epochs=6, batch_size=16, max_length=32, learning_rate=5e-3, lora_rank=4, lora_alpha=8
    )
    pipeline.run(
        datasets,
        folder,
        settings=settings,
        zip_path=base.zip_path,
        base_sha256=base.sha256,
        workdir=root / "work",
        version="house-test",
        log=lambda _line: None,
    )
    calibrate.calibrate(datasets, folder, workdir=root / "work", log=lambda _line: None)
    return TinyHouse(folder, base.zip_path, base.sha256, datasets)


@pytest.fixture(scope="session")
def redis_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on loopback for the session: TEST_REDIS_URL, or one started here.
    Missing Redis skips the test, or fails it with REQUIRE_REDIS=1 (CI)."""
    from tests.support.servers import redis_binary, redis_server

    if os.environ.get("TEST_REDIS_URL"):
        yield os.environ["TEST_REDIS_URL"]
        return
    if redis_binary() is None:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(
                "REQUIRE_REDIS=1 but redis-server is missing (apt-get install redis-server)"
            )
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def redis_url(redis_server_url: str) -> str:
    """The session's Redis, emptied for this test."""
    import redis

    client = redis.Redis.from_url(redis_server_url)
    client.flushdb()
    client.close()
    return redis_server_url
