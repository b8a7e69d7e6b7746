"""Production serving works as documented: gunicorn 'app:create_app()' on a migrated database."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_gunicorn_serves_the_app_in_production_mode(
    database_url: str, redis_url: str, tmp_path: Path
) -> None:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    assert gunicorn, "gunicorn is a runtime dependency"
    port = free_port()
    env = {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": "s" * 64,
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "EMBEDDED_WORKER": "false",
        "RATELIMIT_STORAGE_URI": redis_url,  # as documented: several workers count in Redis
    }
    proc = subprocess.Popen(
        [gunicorn, "--workers", "2", "--bind", f"127.0.0.1:{port}", "app:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read()
            except OSError:
                time.sleep(0.2)
        assert body is not None
        health = json.loads(body)
        assert (health["status"], health["database"]) == ("ok", "ok")
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0].decode()
    assert "Booting worker" in output


def test_production_app_refuses_to_start_without_secret(tmp_path: Path) -> None:
    env = {**os.environ, "APP_ENV": "production", "DATABASE_URL": "sqlite:///x.db"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-c", "from app import create_app; create_app()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is required when APP_ENV=production" in result.stderr
