"""Limits, lockouts and the duplicate window hold across processes and machines (issue 13.8).

Two separate gunicorn instances of two workers each — four processes, as two machines would run
them — share one database and one real redis-server; requests alternate between the instances.
Every limit lets through exactly what it is configured to. Without Redis (memory://) the same
scenarios let through up to four times as much: scripts/limit_accuracy.py prints that table.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.support import limit_scenarios as scenarios
from tests.support import servers


@pytest.fixture
def two_machines(database_url: str, redis_url: str, tmp_path: Path):  # noqa: ANN201
    staff = scenarios.seed_articles(database_url, tmp_path / "seed")
    env = servers.production_env(
        database_url,
        tmp_path / "instance",
        RATELIMIT_STORAGE_URI=redis_url,
        ALLOWED_EMBED_ORIGINS=scenarios.PUBLIC_URL,
        **scenarios.LIMIT_SETTINGS,
    )
    with (
        servers.gunicorn(env, tmp_path / "a.log", workers=2) as a,
        servers.gunicorn(env, tmp_path / "b.log", workers=2) as b,
    ):
        cluster = scenarios.Cluster([a, b])
        cluster.staff = staff
        yield cluster


@pytest.mark.slow
def test_every_limit_holds_exactly_across_two_instances_sharing_redis(
    two_machines: scenarios.Cluster, database_url: str
) -> None:
    outcomes = scenarios.run_all(two_machines, database_url)
    wrong = [o for o in outcomes if not o.exact]
    assert not wrong, "\n".join(
        f"{o.name}: {o.accepted} of {o.attempts} let through, {o.allowed} allowed {o.statuses}"
        for o in wrong
    )
    assert all(s < 500 for o in outcomes for s in o.statuses)  # refused with 4xx, never 5xx


@pytest.mark.slow
def test_health_names_the_shared_storage(two_machines: scenarios.Cluster, redis_url) -> None:
    base = two_machines.base()
    public = requests.get(f"{base}/healthz", timeout=10).json()
    assert public == {"status": "ok", "database": "ok"}  # no storage details for the public
    staff = requests.get(f"{base}/healthz", headers=two_machines.staff, timeout=10).json()
    port = redis_url.rsplit(":", 1)[1].split("/")[0]
    assert staff["rate_limits"] == {
        "storage": f"redis://127.0.0.1:{port}/0",
        "shared": True,
        "reachable": True,
        "per_process": False,
    }


@pytest.mark.slow
def test_production_refuses_per_process_limits_with_several_workers(
    database_url: str, tmp_path: Path
) -> None:
    env = servers.production_env(
        database_url, tmp_path / "instance", RATELIMIT_STORAGE_URI="memory://"
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    result = subprocess.run(
        [str(gunicorn), "--workers", "2", "--bind", f"127.0.0.1:{servers.free_port()}",
         "app:create_app()"],
        cwd=servers.ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "counts in each process" in result.stderr and "RATELIMIT_ALLOW_PER_PROCESS" in (
        result.stderr
    )


class TestRedisOutage:
    """Redis does not answer (restarting, a network blip): requests are still answered — never
    a 5xx — limits are counted in this process meanwhile, and /healthz says so."""

    @pytest.fixture
    def config_overrides(self) -> dict[str, object]:
        return {
            "ratelimit_storage_uri": f"redis://127.0.0.1:{servers.free_port()}/0",
            "api_rate_limit": "3 per minute",
        }

    def test_posting_goes_on_and_is_still_limited(self, client, db) -> None:
        from tests.factories import make_article

        article = make_article(db)
        statuses = [
            client.post(
                f"/api/v1/articles/{article.external_id}/comments",
                json={"author_name": "Reader", "body": f"Comment number {i} on the budget."},
            ).status_code
            for i in range(5)
        ]
        assert statuses == [202, 202, 202, 429, 429]

    def test_health_says_limits_are_per_process_meanwhile(self, client, db) -> None:
        from tests.conftest import staff_headers

        assert client.get("/healthz").json == {"status": "degraded", "database": "ok"}
        limits = client.get("/healthz", headers=staff_headers()).json["rate_limits"]
        assert limits["shared"] is True and limits["reachable"] is False
        assert limits["per_process"] is True


def test_the_embedded_default_says_it_counts_in_memory(client, db) -> None:
    from tests.conftest import staff_headers

    limits = client.get("/healthz", headers=staff_headers()).json["rate_limits"]
    assert limits == {"storage": "memory", "shared": False, "reachable": True, "per_process": True}
