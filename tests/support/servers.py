"""Real servers on loopback for the tests (and scripts/limit_accuracy.py): redis-server and
gunicorn instances of this app. Each starts on a free port and stops when its block ends."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nobody listens on right now (loopback)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL if it has not gone in 20 s."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def redis_binary() -> str | None:
    """Debian's redis-server, when installed."""
    return shutil.which("redis-server")


@contextmanager
def redis_server(tmp_path: Path) -> Iterator[str]:
    """A throwaway redis-server on loopback with no persistence; yields its redis:// URL."""
    exe = redis_binary()
    if exe is None:
        raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    log = tmp_path / f"redis-{port}.log"
    proc = subprocess.Popen(
        [
            exe,
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", str(tmp_path),
            "--logfile", str(log),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            assert proc.poll() is None, log.read_text() if log.exists() else "redis exited"
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "redis-server did not come up in 10 s"
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(proc)


def production_env(database_url: str, instance: Path, **extra: str) -> dict[str, str]:
    """The environment of a production-mode instance with no screening (limits and storage
    are what these servers are for)."""
    return {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": "s" * 64,
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(instance),
        "EMBEDDED_WORKER": "false",
        "CLASSIFIER_BACKEND": "none",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


@contextmanager
def gunicorn(env: dict[str, str], log_path: Path, workers: int = 2) -> Iterator[int]:
    """`gunicorn 'app:create_app()'` (reading the repository's gunicorn.conf.py) on a free
    loopback port; yields the port once /healthz answers 200."""
    exe = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    assert exe, "gunicorn is a runtime dependency"
    port = free_port()
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [exe, "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "app:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 45
        while True:
            assert proc.poll() is None, log_path.read_text()
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=2
                ) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not come up in 45 s"
            time.sleep(0.2)
        yield port
    finally:
        stop(proc)
        log.close()
