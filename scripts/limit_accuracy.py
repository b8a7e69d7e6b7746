"""Limit accuracy: configured vs let through, per rate limit, with memory:// and Redis storage.

Starts real servers on loopback (gunicorn instances of 2 workers each, a throwaway
redis-server, a fresh SQLite database per run) and drives every limit of
tests/support/limit_scenarios.py through them, requests alternating between instances:

    .venv/bin/python scripts/limit_accuracy.py            # the table in docs/SECURITY.md
    .venv/bin/python scripts/limit_accuracy.py --database-url postgresql+psycopg://...

Needs redis-server (apt-get install redis-server). Bounded: ~100 requests per configuration.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from tests.support import limit_scenarios as scenarios  # noqa: E402
from tests.support import servers  # noqa: E402

CONFIGURATIONS = (
    ("memory://, 1 instance x 2 workers", "memory", 1),
    ("memory://, 2 instances x 2 workers", "memory", 2),
    ("Redis, 2 instances x 2 workers", "redis", 2),
)


def _fresh_database(url: str | None, work: Path) -> str:
    from tests.conftest import migrate_to_head

    if url is None:
        url = f"sqlite:///{work / 'limits.db'}"
    else:
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    migrate_to_head(url, work / "migrate")
    return url


def run(kind: str, instances: int, database_url: str | None, work: Path) -> list:
    url = _fresh_database(database_url, work)
    scenarios.seed_articles(url, work / "seed")
    with ExitStack() as stack:
        storage = "memory://"
        if kind == "redis":
            storage = stack.enter_context(servers.redis_server(work))
        env = servers.production_env(
            url,
            work / "instance",
            RATELIMIT_STORAGE_URI=storage,
            RATELIMIT_ALLOW_PER_PROCESS="true",
            ALLOWED_EMBED_ORIGINS=scenarios.PUBLIC_URL,
            **scenarios.LIMIT_SETTINGS,
        )
        ports = [
            stack.enter_context(servers.gunicorn(env, work / f"gunicorn-{i}.log", workers=2))
            for i in range(instances)
        ]
        cluster = scenarios.Cluster(ports)
        outcomes = scenarios.run_all(cluster, url)
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a scratch PostgreSQL database (it is emptied)")
    args = parser.parse_args()
    if servers.redis_binary() is None:
        sys.exit("redis-server is not installed (apt-get install redis-server)")
    results = {}
    for label, kind, instances in CONFIGURATIONS:
        with tempfile.TemporaryDirectory() as tmp:
            results[label] = run(kind, instances, args.database_url, Path(tmp))
    names = [(o.name, o.setting, o.allowed, o.attempts) for o in results[CONFIGURATIONS[0][0]]]
    header = ["limit", "configured", "tried"] + [label for label, _, _ in CONFIGURATIONS]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for i, (name, setting, allowed, attempts) in enumerate(names):
        cells = [name, f"{setting} → {allowed}", str(attempts)]
        for label, _, _ in CONFIGURATIONS:
            outcome = results[label][i]
            mark = "" if outcome.exact else " ✗"
            five = sum(s >= 500 for s in outcome.statuses)
            cells.append(f"{outcome.accepted}{mark}" + (f" ({five} 5xx)" if five else ""))
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
