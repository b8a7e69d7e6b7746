"""Benchmark the moderation queue at 100,000 pending comments (first page and a deep page).

Usage: .venv/bin/python scripts/bench_queue.py [--database-url URL] [--pending 100000] [--runs 30]

Without --database-url it uses a fresh SQLite file in a temporary folder. With a PostgreSQL URL
the database must be empty (the script migrates it and leaves the data for inspection). Prints
median and p95 of the service call (the SQL) and of the whole dashboard request (SQL + template),
for the risk order, the oldest-first order and a category filter. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from app import create_app  # noqa: E402
from config import Config  # noqa: E402
from extensions import db  # noqa: E402
from models import Article, Comment, CommentCategory, User  # noqa: E402
from services.queue import Order, QueueFilters, pending_queue  # noqa: E402

CATEGORIES = ["profanity", "threat", "personal_attack", "racism", "commercial_promotion"]


def seed(pending: int, seed_value: int = 0) -> None:
    """Insert `pending` screened pending comments over 200 articles, 30% flagged."""
    rng = random.Random(seed_value)
    articles = [
        {"external_id": f"bench-{i}", "url": f"https://news.example/{i}", "title": f"Story {i}"}
        for i in range(200)
    ]
    db.session.execute(insert(Article), articles)
    now = datetime.now(UTC)
    batch: list[dict] = []
    cats: list[dict] = []
    for n in range(1, pending + 1):
        body = f"Comment {n} about the council budget and the market."
        flagged = rng.random() < 0.3
        risk = rng.uniform(0.5, 0.99) if flagged else rng.uniform(0.0, 0.3)
        category = rng.choice(CATEGORIES) if flagged else None
        batch.append(
            {
                "id": n,
                "article_id": rng.randint(1, 200),
                "author_name": f"Reader {n % 977}",
                "author_email": f"r{n % 977}@example.org" if n % 3 else None,
                "body": body,
                "body_sha256": hashlib.sha256(body.encode()).hexdigest(),
                "status": "pending",
                "created_at": now - timedelta(seconds=pending - n),
                "screening_state": "screened",
                "screening_attempts": 1,
                "risk": risk,
                "queue_rank": risk,
                "flags": (
                    [
                        {
                            "category": category,
                            "source": "rule",
                            "detail": "bench",
                            "span": [0, 7],
                            "score": None,
                        }
                    ]  # fmt: skip
                    if category
                    else []
                ),
            }
        )
        if category:
            cats.append({"comment_id": n, "category": category})
        if len(batch) == 5000:
            db.session.execute(insert(Comment), batch)
            batch = []
    if batch:
        db.session.execute(insert(Comment), batch)
    db.session.execute(insert(CommentCategory), cats)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # A live server has planner statistics and visibility maps (autovacuum); so should this.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")


def timed(fn, runs: int) -> tuple[float, float]:  # noqa: ANN001
    """Median and p95 in milliseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main(argv: list[str] | None = None) -> int:
    """Seed, then measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--pending", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--deep", type=int, default=1000, help="page number of the deep page")
    args = parser.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="bench-queue-")
    url = args.database_url or f"sqlite:///{tmp}/bench.db"
    cfg = Config(
        env="testing", secret_key="bench" * 8, database_url=url, instance_path=tmp,
        embedded_worker=False, classifier_backend="none", log_level="WARNING",
    )  # fmt: skip
    app = create_app(cfg)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        started = time.perf_counter()
        seed(args.pending)
        print(f"database: {db.engine.dialect.name}; seeded {args.pending:,} pending comments "
              f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
        user = User(email="bench@example.org", display_name="bench", role="moderator")
        user.set_password("bench-password-123")
        db.session.add(user)
        db.session.commit()

        def deep_cursor(filters: QueueFilters) -> str | None:
            page = pending_queue(filters, limit=25)
            for _ in range(args.deep - 1):
                if not page.next_cursor:
                    break
                page = pending_queue(filters, cursor=page.next_cursor, limit=25)
            return page.next_cursor

        client = app.test_client()
        import re

        login = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
        signed_in = client.post(
            "/auth/login",
            data={"email": user.email, "password": "bench-password-123", "csrf_token": token},
        )
        assert signed_in.status_code == 302, "sign-in failed"
        assert client.get("/dashboard/").status_code == 200
        rows = []
        for label, filters in [
            ("risk order", QueueFilters()),
            ("oldest first", QueueFilters(order=Order.OLDEST)),
            ("category=threat", QueueFilters(category="threat")),
        ]:
            cursor = deep_cursor(filters)
            if cursor is None:
                print(f"{label}: fewer than {args.deep} pages; deep page skipped")
                continue
            first = timed(lambda f=filters: pending_queue(f, limit=25), args.runs)
            deep = timed(
                lambda f=filters, c=cursor: pending_queue(f, cursor=c, limit=25), args.runs
            )
            query = f"order={filters.order.value}" + (
                f"&category={filters.category}" if filters.category else ""
            )
            http_first = timed(
                lambda q=query: client.get(f"/dashboard/?{q}"), max(5, args.runs // 3)
            )
            http_deep = timed(
                lambda q=query, c=cursor: client.get(f"/dashboard/?{q}&cursor={c}"),
                max(5, args.runs // 3),
            )
            rows.append((label, first, deep, http_first, http_deep))
        print(f"\n| queue ({args.pending:,} pending) | first page SQL | page {args.deep} SQL | "
              "first page request | deep page request |")  # fmt: skip
        print("|---|---|---|---|---|")
        for label, first, deep, hf, hd in rows:
            print(f"| {label} | {first[0]:.2f} ms (p95 {first[1]:.2f}) | {deep[0]:.2f} ms "
                  f"(p95 {deep[1]:.2f}) | {hf[0]:.1f} ms | {hd[0]:.1f} ms |")  # fmt: skip
        db.session.remove()
        db.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
