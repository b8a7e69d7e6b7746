"""Benchmark posting and reading comments over HTTP, the app under gunicorn on 127.0.0.1.

Usage: .venv/bin/python scripts/bench_http.py [--database-url URL] [--requests 1000]
       [--concurrency 16] [--workers 2]

Posting: POST /api/v1/articles/{id}/comments (202) at a fixed concurrency. Reading: GET the first
page of an article's 50 approved comments, plainly and with If-None-Match (304). Prints
throughput and p50/p99 latency. Loopback only; bounded; a benchmark, not a test. Without
--database-url it uses a fresh SQLite file; a PostgreSQL database must be empty.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ARTICLE = "bench-article"


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(url: str, instance: str) -> None:
    """Migrate, register the article and 50 approved comments."""
    from app import create_app
    from config import Config
    from extensions import db
    from models import Article
    from moderation.lifecycle import Action
    from services.comments import submit_comment
    from services.decisions import decide

    cfg = Config(env="testing", secret_key="b" * 40, database_url=url, instance_path=instance,
                 embedded_worker=False, classifier_backend="none", log_level="WARNING")  # fmt: skip
    app = create_app(cfg)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        article = Article(external_id=ARTICLE, url="https://news.example/b", title="Bench")
        db.session.add(article)
        db.session.commit()
        for i in range(50):
            comment = submit_comment(
                article, author_name="Reader", author_email=None, fingerprint=f"seed{i}",
                body=f"Approved comment {i} about the market.", limits=cfg.limits(),
            ).comment  # fmt: skip
            decide(comment.id, Action.APPROVE, None)
        db.session.remove()
        db.engine.dispose()


def timed_requests(port: int, make, count: int, concurrency: int) -> tuple[list[float], dict]:  # noqa: ANN001
    """Run `count` requests built by make(i) -> (method, path, body, headers); latencies in ms."""

    def one(i: int) -> tuple[float, int]:
        method, path, body, headers = make(i)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        conn.close()
        return (time.perf_counter() - start) * 1000, response.status

    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, range(count)))
    statuses: dict[int, int] = {}
    for _, status in results:
        statuses[status] = statuses.get(status, 0) + 1
    return [ms for ms, _ in results], statuses


def summary(name: str, latencies: list[float], elapsed: float, statuses: dict) -> str:
    """One table row."""
    ordered = sorted(latencies)
    p99 = ordered[max(0, int(0.99 * len(ordered)) - 1)]
    return (f"| {name} | {len(latencies) / elapsed:,.0f} | {statistics.median(ordered):.1f} | "
            f"{p99:.1f} | {statuses} |")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Serve, load, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="bench-http-")
    url = args.database_url or f"sqlite:///{tmp}/bench.db"
    prepare(url, tmp)
    port = free_port()
    env = {**os.environ, "APP_ENV": "production", "SECRET_KEY": "b" * 64, "DATABASE_URL": url,
           "INSTANCE_PATH": tmp, "EMBEDDED_WORKER": "false", "LOG_LEVEL": "WARNING",
           "API_RATE_LIMIT": "1000000 per minute", "ARTICLE_RATE_LIMIT": "1000000 per minute",
           "DUPLICATE_WINDOW_SECONDS": "0"}  # fmt: skip
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(  # noqa: S603 — our own server on loopback
        [gunicorn, "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "app:create_app()"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        listing = f"/api/v1/articles/{ARTICLE}/comments?limit=50"
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", listing)
        first = conn.getresponse()
        etag = first.getheader("ETag")
        first.read()
        rows = []
        post_path = f"/api/v1/articles/{ARTICLE}/comments"
        cases = [
            ("POST a comment (202)", lambda i: ("POST", post_path,
             json.dumps({"author_name": "Bench", "body": f"Benchmark comment number {i}."}),
             {"Content-Type": "application/json"})),
            ("GET 50 approved", lambda i: ("GET", listing, None, {})),
            ("GET 50 approved, If-None-Match (304)", lambda i: ("GET", listing, None,
             {"If-None-Match": etag or ""})),
        ]  # fmt: skip
        for name, make in cases:
            timed_requests(port, make, min(50, args.requests), args.concurrency)  # warm-up
            start = time.perf_counter()
            latencies, statuses = timed_requests(port, make, args.requests, args.concurrency)
            rows.append(summary(name, latencies, time.perf_counter() - start, statuses))
    finally:
        server.terminate()
        server.wait(timeout=20)
    kind = url.split(":", 1)[0].split("+")[0]
    print(f"{kind}, gunicorn {args.workers} workers, concurrency {args.concurrency}, "
          f"{args.requests} requests each, {os.cpu_count()} cores\n")  # fmt: skip
    print("| request | per second | p50 ms | p99 ms | statuses |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
