"""Load and fault tests through the real stack: nothing lost under load, faults survived.

Loopback only, bounded in count and time. They run on whichever database the suite runs on
(the `database_url` fixture): SQLite by default, PostgreSQL with TEST_DATABASE_URL.
The "model fails on one comment" fault is covered by tests/integration/test_worker.py.
"""

from __future__ import annotations

import http.client
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app import create_app
from models import Article, Comment, ScreeningState
from models.base import utcnow
from moderation.rules import RuleSet
from moderation.screener import Screener
from services.worker import WorkerSettings, process_batch
from tests.conftest import make_config
from tests.support import servers
from tests.support.servers import production_env

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "load-article"
PROBLEM_JSON = "application/problem+json"


def _server_env(database_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    return production_env(
        database_url,
        tmp_path / "instance",
        API_RATE_LIMIT="100000 per minute",
        ARTICLE_RATE_LIMIT="100000 per minute",
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_ALLOW_PER_PROCESS="true",  # limits are not what these tests measure
        **extra,
    )


@contextmanager
def gunicorn(database_url: str, tmp_path: Path, workers: int) -> Iterator[int]:
    """`gunicorn 'app:create_app()'` on a free loopback port; yields the port."""
    with servers.gunicorn(
        _server_env(database_url, tmp_path), tmp_path / "gunicorn.log", workers
    ) as port:
        yield port


def _post(port: int, body: str, article: str = ARTICLE) -> tuple[int, dict[str, str], bytes]:
    """POST one comment to the JSON API; (status, headers, body) whatever the answer."""
    data = json.dumps({"author_name": "Load tester", "body": body}).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(
            "POST",
            f"/api/v1/articles/{article}/comments",
            body=data,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def _register_article(database_url: str, tmp_path: Path) -> None:
    app = create_app(make_config(database_url, tmp_path / "setup-instance"))
    with app.app_context():
        from extensions import db

        db.session.add(
            Article(external_id=ARTICLE, url="https://news.example/load", title="Load test")
        )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@contextmanager
def session_on(database_url: str) -> Iterator[Session]:
    """A plain SQLAlchemy session on the test database (no Flask)."""
    engine = create_engine(database_url)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def _screen_all(session: Session, settings: WorkerSettings, now=utcnow) -> int:  # noqa: ANN001
    """Run the worker's batch step until the queue is empty; returns how many were screened."""
    screener = Screener(RuleSet.load(), None)
    screened = 0
    for _ in range(10_000):
        report = process_batch(session, screener, "test-worker", settings, now=now)
        screened += report.screened
        if report.claimed == 0:
            return screened
    raise AssertionError("the queue never drained")


# --- 1. Nothing lost under load ---------------------------------------------------------------

REQUESTS = 2000
THREADS = 24


@pytest.mark.slow
def test_nothing_lost_under_load(database_url: str, backend: str, tmp_path: Path) -> None:
    _register_article(database_url, tmp_path)
    run = uuid.uuid4().hex[:8]
    bodies = [
        f"Load comment {i} of run {run}: the council budget, item {i * 7}." for i in range(REQUESTS)
    ]
    with gunicorn(database_url, tmp_path, workers=3) as port:
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            answers = list(pool.map(lambda b: _post(port, b), bodies))
        elapsed = time.monotonic() - started

    statuses = Counter(status for status, _, _ in answers)
    accepted: dict[int, str] = {}
    for body, (status, headers, payload) in zip(bodies, answers, strict=True):
        assert status < 500, f"{status}: {payload[:300]!r}"
        if status == 202:
            comment_id = json.loads(payload)["id"]
            assert comment_id not in accepted, f"id {comment_id} handed out twice"
            accepted[comment_id] = body
        else:
            assert status in {400, 403, 409, 413, 415, 422, 429, 503}, status
            assert headers.get("Content-Type", "").startswith(PROBLEM_JSON), headers
            problem = json.loads(payload)
            assert problem["status"] == status and problem["title"]
            if status in {429, 503}:
                assert "Retry-After" in headers

    with session_on(database_url) as session:
        rows = dict(session.execute(select(Comment.id, Comment.body)).all())
        lost = sum(1 for cid, body in accepted.items() if rows.get(cid) != body)
        assert lost == 0
        assert len(rows) == len(accepted), "rows stored that no 202 answered for"

        t0 = time.monotonic()
        screened = _screen_all(session, WorkerSettings(batch_size=100, lease_seconds=60))
        screening_time = time.monotonic() - t0
        states = Counter(s.value for s in session.scalars(select(Comment.screening_state)).all())
    assert states == Counter({ScreeningState.SCREENED.value: len(accepted)}), states
    assert screened == len(accepted)

    refused = {k: v for k, v in sorted(statuses.items()) if k != 202}
    print(
        f"\n[load/{backend}] sent={REQUESTS} accepted={len(accepted)} refused={refused} "
        f"lost={lost} 5xx={sum(v for k, v in statuses.items() if k >= 500)} "
        f"elapsed={elapsed:.1f}s rate={REQUESTS / elapsed:.0f} req/s "
        f"screened={screened} in {screening_time:.1f}s"
    )
    # The limiter is generous and every body is unique: nothing should be refused at all.
    assert len(accepted) == REQUESTS, refused


# --- 2. Worker killed mid-batch ---------------------------------------------------------------

PENDING = 200
LEASE_SECONDS = 10

# The real `flask moderation worker` command, with screening slowed to 0.3 s a batch so that
# the test can SIGKILL it while it holds a lease (a slow model, without loading one).
SLOW_WORKER = """
import sys, time
from moderation import screener
_screen = screener.Screener.screen
def slow_screen(self, texts, *, use_model=True):
    time.sleep(0.3)
    return _screen(self, texts, use_model=use_model)
screener.Screener.screen = slow_screen
from flask.cli import main
sys.argv = ["flask", "moderation", "worker"]
main()
"""


def _seed_pending(database_url: str, tmp_path: Path, count: int) -> None:
    app = create_app(make_config(database_url, tmp_path / "setup-instance"))
    with app.app_context():
        from extensions import db
        from tests.factories import make_article, post_comment

        article = make_article(db)
        for i in range(count):
            post_comment(article, f"Pending comment {i}: the bus route should stay open.")
        db.session.remove()
        db.engine.dispose()


@pytest.mark.slow
def test_worker_killed_mid_batch_loses_nothing(database_url: str, tmp_path: Path) -> None:
    _seed_pending(database_url, tmp_path, PENDING)
    env = _server_env(
        database_url,
        tmp_path,
        FLASK_APP="app",
        WORKER_LEASE_SECONDS=str(LEASE_SECONDS),
        WORKER_BATCH_SIZE="5",
    )
    log = (tmp_path / "worker.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WORKER], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    try:
        with session_on(database_url) as session:
            deadline = time.monotonic() + 30
            while True:
                assert proc.poll() is None, (tmp_path / "worker.log").read_text()
                screened_before = session.scalar(
                    select(func.count())
                    .select_from(Comment)
                    .where(Comment.screening_state == ScreeningState.SCREENED)
                )
                leased = session.scalar(
                    select(func.count())
                    .select_from(Comment)
                    .where(Comment.lease_owner.is_not(None))
                )
                session.rollback()
                # Killed after a few batches, while it holds the lease of the next one.
                if screened_before >= 10 and leased:
                    break
                assert time.monotonic() < deadline, "the worker never leased a batch"
                time.sleep(0.05)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
            killed_at = utcnow()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        log.close()

    with session_on(database_url) as session:
        orphans = session.execute(
            select(Comment.id, Comment.screening_attempts).where(Comment.lease_owner.is_not(None))
        ).all()
        assert orphans, "the kill left no leased comment behind"
        assert all(
            session.get(Comment, cid).screening_state is ScreeningState.QUEUED for cid, _ in orphans
        )
        screened_before = session.scalar(
            select(func.count())
            .select_from(Comment)
            .where(Comment.screening_state == ScreeningState.SCREENED)
        )
        assert 0 < screened_before < PENDING
        session.rollback()

        # A restarted worker, before the lease expires, leaves the orphans alone ...
        settings = WorkerSettings(batch_size=50, lease_seconds=LEASE_SECONDS)
        _screen_all(session, settings)
        session.expire_all()
        orphan_ids = [cid for cid, _ in orphans]
        assert all(
            session.get(Comment, cid).screening_state is ScreeningState.QUEUED for cid in orphan_ids
        )
        # ... and reclaims them once it has expired.
        later = killed_at + timedelta(seconds=LEASE_SECONDS + 1)
        _screen_all(session, settings, now=lambda: later)
        session.expire_all()
        comments = session.scalars(select(Comment)).all()
        print(
            f"\n[kill] {PENDING} pending, {screened_before} screened before SIGKILL, "
            f"{len(orphans)} left leased, all screened after restart"
        )
    assert len(comments) == PENDING
    assert Counter(c.screening_state for c in comments) == {ScreeningState.SCREENED: PENDING}
    assert all(c.lease_owner is None and c.screened_at is not None for c in comments)
    attempts = {c.id: c.screening_attempts for c in comments}
    assert all(attempts[cid] == 2 for cid in orphan_ids)
    assert all(n == 1 for cid, n in attempts.items() if cid not in orphan_ids)


# --- 3. Database unavailable during a post ----------------------------------------------------


def _pg_version() -> str:
    return sorted(os.listdir("/usr/lib/postgresql"), key=lambda v: float(v))[-1]


def _pg_ready(url: str, timeout: float = 30) -> None:
    parsed = make_url(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = subprocess.run(
            ["pg_isready", "-q", "-h", parsed.host or "127.0.0.1", "-p", str(parsed.port or 5432)],
            check=False,
        )
        if ready.returncode == 0:
            return
        time.sleep(0.2)
    raise AssertionError("PostgreSQL did not come back")


@pytest.mark.slow
def test_database_down_during_a_post_then_recovers(
    database_url: str, backend: str, tmp_path: Path
) -> None:
    if backend != "postgresql":
        pytest.skip("stops and starts the PostgreSQL server; SQLite has no server to stop")
    if not shutil.which("pg_ctlcluster") or not os.path.isdir("/usr/lib/postgresql"):
        pytest.skip("needs the Debian PostgreSQL cluster tools (pg_ctlcluster)")
    if os.geteuid() != 0 and pwd.getpwuid(os.geteuid()).pw_name != "postgres":
        pytest.skip("pg_ctlcluster needs root or the postgres user to stop the cluster")
    if make_url(database_url).host not in {"127.0.0.1", "localhost"}:
        pytest.skip("the test server is not the local cluster")
    version = _pg_version()

    def pg(action: str) -> None:
        extra = ["-m", "fast"] if action == "stop" else []
        subprocess.run(["pg_ctlcluster", version, "main", action, *extra], check=True, timeout=60)
        if action == "start":
            _pg_ready(database_url)

    _register_article(database_url, tmp_path)
    accepted: dict[int, str] = {}
    with gunicorn(database_url, tmp_path, workers=1) as port:
        # Warm the web worker's connection pool, then restart PostgreSQL behind its back: the
        # pooled connections are now dead, and the next post must still be accepted.
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/api/v1/articles/{ARTICLE}", timeout=10
        ) as r:
            assert r.status == 200
        try:
            pg("stop")
        finally:
            pg("start")
        body = "Posted after a restart the service did not see."
        status, _, payload = _post(port, body)
        assert status == 202, payload
        accepted[json.loads(payload)["id"]] = body

        # Down during a post: 503 with Retry-After, as problem+json.
        try:
            pg("stop")
            status, headers, payload = _post(port, "Posted while the database is down.")
        finally:
            pg("start")
        assert status == 503, payload
        assert headers.get("Retry-After") == "5"  # the database handler's own value
        assert headers.get("Content-Type", "").startswith(PROBLEM_JSON)
        assert json.loads(payload)["status"] == 503
        retry_after = headers["Retry-After"]

        # The service recovers by itself: the first post after the restart is accepted.
        body = "Posted after the database came back."
        status, _, payload = _post(port, body)
        assert status == 202, payload
        accepted[json.loads(payload)["id"]] = body

    with session_on(database_url) as session:
        rows = dict(session.execute(select(Comment.id, Comment.body)).all())
        assert rows == accepted, "the refused post left a row behind, or an accepted one is lost"
        assert session.execute(text("SELECT count(*) FROM comment_categories")).scalar() == 0
    print(
        f"\n[db-down] post after an unseen restart: 202; post while stopped: 503 "
        f"Retry-After={retry_after}; post after restart: 202; rows stored: {len(rows)} "
        f"(the two accepted)"
    )
