"""Screening inside the app: the real Detoxify loading path, degradation, health, the worker."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from app import create_app
from extensions import db as database
from models import Comment, RuleTerm, ScreeningState, TermAction
from services import screening as screening_service
from services.users import create_user
from services.worker import run_forever
from tests.conftest import TinyModel, csrf_token_from, make_config, staff_headers
from tests.factories import make_article, post_comment

THREAT = "We know where you live, councillor. You will pay for this."


def _app(database_url: str, tmp_path: Path, **changes: object) -> Flask:
    return create_app(make_config(database_url, tmp_path / "instance", **changes))


def _run_worker_until_idle(app: Flask, batches: int = 3) -> None:
    eng = screening_service.engine()
    owner = "test-worker"
    run_forever(
        session_factory=lambda: database.session,
        screener_factory=lambda: eng.screener(database.session),
        settings=screening_service.worker_settings(eng.cfg),
        stop=threading.Event(),
        owner=owner,
        heartbeat=lambda s, r: screening_service.write_heartbeat(s, owner, eng, r),
        max_batches=batches,
    )


@pytest.mark.model
def test_tiny_detoxify_checkpoint_screens_through_the_app(
    database_url: str, tmp_path: Path, tiny_model: TinyModel
) -> None:
    app = _app(
        database_url,
        tmp_path,
        classifier_backend="detoxify",
        detoxify_checkpoint=str(tiny_model.checkpoint),
        detoxify_hf_config=str(tiny_model.hf_dir),
    )
    with app.app_context():
        article = make_article(database)
        comment_id = post_comment(article, THREAT).comment.id
        _run_worker_until_idle(app)
        comment = database.session.get(Comment, comment_id)
        assert comment.screening_state is ScreeningState.SCREENED
        assert comment.model_version.startswith("detoxify:")
        assert "threat" in {f["category"] for f in comment.flags}
        health = app.test_client().get("/healthz", headers=staff_headers()).json["screening"]
        assert health["status"] == "ok" and health["model"]["available"] is True
        assert health["workers"] == 1 and health["backlog"] == 0
        database.session.remove()
        database.engine.dispose()


def test_missing_model_degrades_to_fallback_with_one_warning(
    database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = _app(
        database_url,
        tmp_path,
        classifier_backend="detoxify",
        detoxify_checkpoint=str(tmp_path / "no-such-checkpoint.ckpt"),
        house_model_dir=str(tmp_path / "no-house-model"),
    )
    with app.app_context(), caplog.at_level(logging.WARNING):
        article = make_article(database)
        comment_id = post_comment(article, "Shit decision by the council.").comment.id
        _run_worker_until_idle(app)
        comment = database.session.get(Comment, comment_id)
        assert comment.screening_state is ScreeningState.SCREENED
        assert comment.model_version.startswith("alt-profanity-check")
        warnings = [r for r in caplog.records if r.name == "moderation.classifier"]
        assert len(warnings) == 1 and "unavailable" in warnings[0].getMessage()
        health = app.test_client().get("/healthz", headers=staff_headers()).json["screening"]
        assert health["status"] == "degraded"
        assert health["model"]["fallback"] is True
        assert "Detoxify model unavailable" in health["detail"]
        database.session.remove()
        database.engine.dispose()


def test_admin_terms_change_the_rules_and_their_version(db) -> None:
    eng = screening_service.engine()
    before = eng.rules(db.session)
    text = "The new stadium sponsor is Zorblax."
    assert not before.match(text)
    db.session.add(
        RuleTerm(category="profanity", language="en", term="zorblax", action=TermAction.ADD)
    )
    db.session.commit()
    after = eng.rules(db.session)
    assert after.version != before.version
    flags = after.match(text)
    assert [f.category for f in flags] == ["profanity"]
    assert text[flags[0].span[0] : flags[0].span[1]] == "Zorblax"


def test_embedded_worker_thread_screens_posted_comments(database_url: str, tmp_path: Path) -> None:
    app = _app(database_url, tmp_path, embedded_worker=True)
    with app.app_context():
        article = make_article(database)
        comment_id = post_comment(article, THREAT).comment.id
        # Started with the serving process: no request needed (issue 13.14).
        worker = app.extensions["screening_worker"]
        assert worker.thread is not None and worker.thread.is_alive()
        try:
            deadline = time.monotonic() + 30
            state = None
            while time.monotonic() < deadline:
                database.session.expire_all()
                state = database.session.scalar(
                    select(Comment.screening_state).where(Comment.id == comment_id)
                )
                if state is ScreeningState.SCREENED:
                    break
                time.sleep(0.1)
            assert state is ScreeningState.SCREENED
        finally:
            worker.stop.set()
            worker.thread.join(timeout=10)
        assert not worker.thread.is_alive()
        database.session.remove()
        database.engine.dispose()


def test_a_comment_over_the_rules_budget_is_screened_and_marked(
    database_url: str, tmp_path: Path
) -> None:
    app = _app(database_url, tmp_path, classifier_backend="none", rules_budget_ms=1)
    with app.app_context():
        article = make_article(database)
        long = ("The council budget report was discussed again tonight, fuck it. " * 80)[:5000]
        comment_id = post_comment(article, long).comment.id
        _run_worker_until_idle(app)
        comment = database.session.get(Comment, comment_id)
        assert comment.screening_state is ScreeningState.SCREENED  # not failed, not waiting
        assert comment.screening_error.startswith("rule lists stopped at the 1 ms budget")
        assert "profanity" in {f["category"] for f in comment.flags}  # what ran is kept
        create_user("mod@news.example", "a long enough passphrase", "moderator")
        client = app.test_client()
        page = client.get("/auth/login").get_data(as_text=True)
        client.post(
            "/auth/login",
            data={
                "email": "mod@news.example",
                "password": "a long enough passphrase",
                "csrf_token": csrf_token_from(page),
            },
        )
        html = client.get(f"/dashboard/comments/{comment_id}").get_data(as_text=True)
        assert "screening: rule lists stopped at the 1 ms budget" in html
        database.session.remove()
        database.engine.dispose()


def _flask(database_url: str, tmp_path: Path, *args: str, timeout: float = 60):  # noqa: ANN202
    """The real `flask` executable (which sets FLASK_RUN_FROM_CLI for every command)."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "FLASK_APP": "app",
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(tmp_path / "cli-instance"),
        "EMBEDDED_WORKER": "true",
        "CLASSIFIER_BACKEND": "none",
        "LOG_LEVEL": "INFO",
    }
    flask = str(Path(sys.executable).parent / "flask")
    root = Path(__file__).resolve().parents[2]
    return subprocess.Popen(
        [flask, *args], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip


def test_commands_do_not_start_the_embedded_worker(database_url: str, tmp_path: Path) -> None:
    """`flask users list` (like `flask db upgrade` or `flask moderation train`) builds the app
    but must not start a screening thread: it once did, because Flask marks every command with
    FLASK_RUN_FROM_CLI, not only `flask run`."""
    proc = _flask(database_url, tmp_path, "users", "list")
    output = proc.communicate(timeout=60)[0]
    assert proc.returncode == 0, output
    assert "screening worker" not in output


@pytest.mark.slow
def test_flask_run_starts_the_embedded_worker_without_a_request(
    database_url: str, tmp_path: Path
) -> None:
    from tests.support.servers import free_port

    proc = _flask(database_url, tmp_path, "run", "--port", str(free_port()), "--no-reload")
    try:
        deadline = time.monotonic() + 30
        seen = ""
        while "screening worker" not in seen and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
            seen += line
        assert "screening worker" in seen and "started" in seen, seen
    finally:
        proc.terminate()
        proc.communicate(timeout=20)
