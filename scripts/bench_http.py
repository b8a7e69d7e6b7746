"""Benchmark posting and reading comments over HTTP, this app and Isso side by side.

Usage: .venv/bin/python scripts/bench_http.py [--database-url URL] [--requests 1000]
       [--concurrency 8,16] [--workers 2] [--threads 1] [--retries 2] [--isso-venv DIR]
       [--no-isso] [--no-postgres]

Each server runs under gunicorn on 127.0.0.1 with the same worker count and worker class, and
the same load generator sends the same number of requests at the same concurrencies (a closed
loop: `concurrency` requests in flight, each on a new connection, as gunicorn's sync workers
close every connection). Cases:

- POST a comment: this app's JSON API (202, pending) / Isso's `POST /new` (202 with moderation);
- GET the first page of 50 approved comments: `GET /api/v1/articles/{id}/comments?limit=50` /
  Isso's `GET /?uri=...&limit=50`;
- the same GET revalidated with `If-None-Match` (304), where the server supports it.

Reading runs first, on the freshly seeded databases, then posting. Each row also gives the CPU
time of the gunicorn processes per request and how much CPU other processes used meanwhile; a
case disturbed by them is measured again when the machine is quiet (--retries).

Without --database-url: SQLite in a temporary folder, then PostgreSQL when
scripts/ensure_postgres.sh starts it (a database `commentmod_bench`, dropped and created again
on every run). With --database-url: only that database, which must be empty. Isso (its only
database is SQLite) is installed on first use into its own virtualenv (--isso-venv, default
.bench/isso-venv), never into this project's. Loopback only; bounded; a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.servers import free_port  # noqa: E402

READ_ARTICLE = "bench-read"
POST_ARTICLE = "bench-post"
BENCH_DATABASE = "commentmod_bench"
ISSO_VERSION = "0.14.0"
#: The concurrency the issue's targets are judged at (see docs/PERFORMANCE.md for why 8).
TARGET_CONCURRENCY = 8
#: Above this share of one core used by other processes during a case, the report warns.
OTHER_LOAD_WARNING = 10
#: No case is measured again after this many seconds of the run (the default run stays under
#: about four minutes however busy the machine is).
RETRY_WINDOW_SECONDS = 150

Request = tuple[str, str, bytes, dict[str, str]]
#: Numbers the posted comments, so no two texts are alike (this app refuses duplicates).
SEQ = itertools.count(1)


@dataclass
class Row:
    """One measured case."""

    server: str
    database: str
    concurrency: int
    case: str
    per_second: float | None
    p50: float | None = None
    p99: float | None = None
    statuses: str = ""
    cpu_ms: float | None = None  # CPU time of the gunicorn processes per request
    other_pct: float | None = None  # CPU used by other processes meanwhile, % of one core


# --------------------------------------------------------------------------- load generator


def raw_request(port: int, method: str, path: str, body: bytes, headers: dict[str, str]) -> bytes:
    """The bytes of one HTTP/1.1 request that asks the server to close the connection."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def send(port: int, data: bytes) -> tuple[int, bytes]:
    """Send one request on a new connection; (status, whole response). Reads until the server
    closes, so the time covers the complete answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    response = b"".join(chunks)
    return int(response[9:12]), response


def header(response: bytes, name: str) -> str | None:
    """A header of a raw response, or None."""
    head = response.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    for line in head.split("\r\n")[1:]:
        key, _, value = line.partition(":")
        if key.strip().lower() == name.lower():
            return value.strip()
    return None


def machine_busy_seconds() -> float | None:
    """CPU seconds the whole machine has been busy (Linux), or None."""
    try:
        with open("/proc/stat") as f:
            ticks = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return None
    # user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def cpu_snapshot(master: int) -> dict[str, float] | None:
    """CPU seconds used so far (Linux /proc; None elsewhere): by the gunicorn master and its
    workers ("server"), by PostgreSQL's processes, by this load generator, and by the whole
    machine. What is left over is other processes sharing the cores with the benchmark."""
    machine = machine_busy_seconds()
    if machine is None:
        return None
    tick = os.sysconf("SC_CLK_TCK")
    snap = {"machine": machine * tick, "server": 0, "postgres": 0}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid = int(stat.parent.name)
            text = stat.read_text()
        except (OSError, ValueError):
            continue
        name, fields = text[text.index("(") + 1 : text.rindex(")")], text.rsplit(")", 1)[1].split()
        used = int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
        if pid == master or int(fields[1]) == master:  # fields[1] is the parent pid
            snap["server"] += used
        elif name.startswith("postgres"):
            snap["postgres"] += used
        elif pid == os.getpid():
            snap["self"] = used
    return {k: v / tick for k, v in snap.items()}


def wait_until_quiet(limit: float = 30.0) -> None:
    """Between cases (servers idle): wait until the machine stays quiet for a second, at most
    `limit` seconds."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = machine_busy_seconds()
        time.sleep(1.0)
        after = machine_busy_seconds()
        if before is None or after is None or (after - before) * 100 < OTHER_LOAD_WARNING:
            return


def load(
    port: int, make: Callable[[int], Request], count: int, concurrency: int, master: int
) -> Row:
    """`count` requests built by make(i), `concurrency` in flight; throughput and latency."""

    def one(i: int) -> tuple[float, int]:
        method, path, body, headers = make(i)
        data = raw_request(port, method, path, body, headers)
        start = time.perf_counter()
        status, _ = send(port, data)
        return (time.perf_counter() - start) * 1000, status

    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(-min(50, count), 0)))  # warm-up: connections, caches, JIT paths
        before = cpu_snapshot(master)
        started = time.perf_counter()
        results = list(pool.map(one, range(count)))
        elapsed = time.perf_counter() - started
        after = cpu_snapshot(master)
    statuses: dict[int, int] = {}
    for _, status in results:
        statuses[status] = statuses.get(status, 0) + 1
    ordered = sorted(ms for ms, _ in results)
    p99 = ordered[max(0, int(0.99 * len(ordered)) - 1)]
    server_ms = other = None
    if before and after:
        used = {k: after[k] - before.get(k, 0) for k in after}
        server_ms = used["server"] * 1000 / count
        other = used["machine"] - used["server"] - used["postgres"] - used.get("self", 0)
        other = max(0.0, other) * 100 / elapsed  # percent of one core
    return Row(
        "",
        "",
        concurrency,
        "",
        count / elapsed,
        statistics.median(ordered),
        p99,
        ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())),
        server_ms,
        other,
    )


def run_cases(
    port: int,
    master: int,
    cases: list[tuple[str, Callable[[int], Request]]],
    args: argparse.Namespace,
    server: str,
    database: str,
) -> list[Row]:
    """Every case at every concurrency; the reading cases first, while the database holds only
    the 50 seeded comments (Isso's list query slows down as its comments table grows), then
    posting. Rows in table order."""
    order = sorted(range(len(cases)), key=lambda n: cases[n][0].startswith("POST"))
    rows = []
    for n in order:
        for concurrency in args.concurrency:
            case, make = cases[n]
            row = load(port, make, args.requests, concurrency, master)
            for _ in range(args.retries):  # another process took CPU: measure again
                if row.other_pct is None or row.other_pct <= OTHER_LOAD_WARNING:
                    break
                if time.monotonic() > args.retry_until:  # keep the whole run bounded
                    break
                print(
                    f"   {server} {database} c={concurrency} {case}: other processes used "
                    f"{row.other_pct:.0f}% of a core; measuring again when quiet",
                    file=sys.stderr,
                )
                wait_until_quiet()
                again = load(port, make, args.requests, concurrency, master)
                row = min(row, again, key=lambda r: r.other_pct or 0)
            row.server, row.database, row.case = server, database, case
            rows.append((concurrency, n, row))
    return [row for _, _, row in sorted(rows, key=lambda r: r[:2])]


def wait_for(port: int, path: str, server: subprocess.Popen, what: str) -> None:
    """Wait until the server answers `path` (60 s at most)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"{what} exited with status {server.returncode} at start")
        try:
            send(port, raw_request(port, "GET", path, b"", {}))
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer within 60 s")


def gunicorn_command(gunicorn: str, port: int, args: argparse.Namespace, app: str) -> list[str]:
    """The same gunicorn settings for both servers."""
    command = [
        gunicorn,
        "--workers",
        str(args.workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    if args.threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(args.threads)]
    return [*command, app]


def stop(server: subprocess.Popen) -> None:
    """Stop a server this script started."""
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --------------------------------------------------------------------------- this app


def prepare(url: str, instance: str) -> None:
    """Migrate; register the article to read (50 approved comments) and the one to post to."""
    from app import create_app
    from config import Config
    from extensions import db
    from models import Article
    from moderation.lifecycle import Action
    from services.comments import submit_comment
    from services.decisions import decide

    cfg = Config(
        env="testing",
        secret_key="b" * 40,
        database_url=url,
        instance_path=instance,
        embedded_worker=False,
        classifier_backend="none",
        log_level="WARNING",
    )
    app = create_app(cfg)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        read = Article(external_id=READ_ARTICLE, url="https://news.example/r", title="Bench")
        db.session.add_all(
            [read, Article(external_id=POST_ARTICLE, url="https://news.example/p", title="Post")]
        )
        db.session.commit()
        for i in range(50):
            submitted = submit_comment(
                read,
                author_name="Reader",
                author_email=None,
                fingerprint=f"seed{i}",
                body=f"Approved comment {i} about the market.",
                limits=cfg.limits(),
            )
            decide(submitted.id, Action.APPROVE, None)
        db.session.remove()
        db.engine.dispose()


def bench_ours(url: str, label: str, args: argparse.Namespace) -> list[Row]:
    """Serve this app on `url` and measure the three cases at every concurrency."""
    tmp = tempfile.mkdtemp(prefix="bench-http-")
    prepare(url, tmp)
    port = free_port()
    env = {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": "b" * 64,
        "DATABASE_URL": url,
        "INSTANCE_PATH": tmp,
        "EMBEDDED_WORKER": "false",
        "LOG_LEVEL": "WARNING",
        # The limits are lifted (their checks still run); the duplicate check stays on: every
        # posted text is different.
        "API_RATE_LIMIT": "1000000 per minute",
        "ARTICLE_RATE_LIMIT": "1000000 per minute",
        "ARTICLE_KNOWN_RATE_LIMIT": "1000000 per minute",
        # Counted in each worker's memory (the limits are lifted): gunicorn.conf.py would refuse
        # that in production unless it is said to be meant.
        "RATELIMIT_ALLOW_PER_PROCESS": "true",
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(  # our own server on loopback
        gunicorn_command(gunicorn, port, args, "app:create_app()"), cwd=ROOT, env=env
    )
    rows = []
    try:
        wait_for(port, "/healthz", server, "gunicorn (this app)")
        listing = f"/api/v1/articles/{READ_ARTICLE}/comments?limit=50"
        status, first = send(port, raw_request(port, "GET", listing, b"", {}))
        assert status == 200, f"listing answered {status}"
        etag = header(first, "ETag") or ""
        post_path = f"/api/v1/articles/{POST_ARTICLE}/comments"
        json_type = {"Content-Type": "application/json"}
        cases: list[tuple[str, Callable[[int], Request]]] = [
            (
                "POST a comment",
                lambda i: (
                    "POST",
                    post_path,
                    json.dumps(
                        {"author_name": "Bench", "body": f"Benchmark comment number {next(SEQ)}."}
                    ).encode(),
                    json_type,
                ),
            ),
            ("GET 50 approved", lambda i: ("GET", listing, b"", {})),
            (
                "GET 50 approved, If-None-Match",
                lambda i: ("GET", listing, b"", {"If-None-Match": etag}),
            ),
        ]
        rows = run_cases(port, server.pid, cases, args, "commentmod", label)
    finally:
        stop(server)
    return rows


# --------------------------------------------------------------------------- PostgreSQL


def bench_postgres_url() -> tuple[str | None, str]:
    """A fresh empty `commentmod_bench` database on the local cluster, or (None, why not)."""
    script = ROOT / "scripts" / "ensure_postgres.sh"
    try:
        done = subprocess.run([str(script)], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"scripts/ensure_postgres.sh failed: {exc}"
    if done.returncode != 0 or not done.stdout.strip():
        why = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"scripts/ensure_postgres.sh failed ({done.returncode}): {why}"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = done.stdout.strip().splitlines()[-1]
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{BENCH_DATABASE}"'))
    engine.dispose()
    return make_url(admin).set(database=BENCH_DATABASE).render_as_string(hide_password=False), ""


# --------------------------------------------------------------------------- Isso

ISSO_CONFIG = """\
[general]
dbpath = {dbpath}
host = http://127.0.0.1
# No notification backend: Isso's default "stdout" logs every comment (text and links).
notify =

[moderation]
# Every comment waits for a moderator, as in this product: Isso answers 202 (mode 2).
enabled = true

[guard]
# Isso's per-client rate limit would refuse the benchmark's posts (this app's limits are
# lifted by configuration for the benchmark the same way).
enabled = false
"""

ISSO_SEED = """\
import sys
from isso import config, db
conf = config.load(config.default_file(), sys.argv[1])
store = db.SQLite3(conf.get("general", "dbpath"), conf)
store.threads.new("/bench-read", "Bench")
store.threads.new("/bench-post", "Post")  # else concurrent first posts race to create it
for i in range(50):
    store.comments.add("/bench-read", {"mode": 1, "remote_addr": "127.0.0.0", "parent": None,
        "text": f"Approved comment {i} about the market.", "author": "Reader"})
"""


def ensure_isso(venv: Path) -> tuple[Path | None, str]:
    """Isso and the same gunicorn in their own virtualenv; (its bin folder, "") or (None, why)."""
    gunicorn = importlib.metadata.version("gunicorn")
    marker = venv / f".installed-isso-{ISSO_VERSION}-gunicorn-{gunicorn}"
    bin_dir = venv / "bin"
    if marker.exists():
        return bin_dir, ""
    print(
        f"installing isso=={ISSO_VERSION} and gunicorn=={gunicorn} into {venv} ...", file=sys.stderr
    )
    try:
        if not (bin_dir / "python").exists():
            base = getattr(sys, "_base_executable", sys.executable)
            subprocess.run(
                [base, "-m", "venv", str(venv)],
                check=True,
                capture_output=True,
                text=True,
                timeout=300,
            )
        subprocess.run(
            [
                str(bin_dir / "python"),
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                f"isso=={ISSO_VERSION}",
                f"gunicorn=={gunicorn}",
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=900,
        )
    except subprocess.CalledProcessError as exc:
        lines = [x for x in (exc.stderr or exc.stdout or "").splitlines() if "ignored" not in x]
        return None, f"{' '.join(map(str, exc.cmd[:4]))} ... failed: {' / '.join(lines[-3:])}"
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"could not build the Isso virtualenv: {exc}"
    marker.touch()
    return bin_dir, ""


def bench_isso(bin_dir: Path, args: argparse.Namespace) -> tuple[list[Row], str]:
    """Serve Isso (SQLite, moderation on) and measure the same cases; (rows, note)."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-isso-"))
    cfg = tmp / "isso.cfg"
    cfg.write_text(ISSO_CONFIG.format(dbpath=tmp / "isso.db"))
    subprocess.run(
        [str(bin_dir / "python"), "-c", ISSO_SEED, str(cfg)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    port = free_port()
    env = {**os.environ, "ISSO_SETTINGS": str(cfg)}
    log = (tmp / "isso.log").open("w")
    server = subprocess.Popen(
        gunicorn_command(str(bin_dir / "gunicorn"), port, args, "isso.run:application"),
        cwd=tmp,
        env=env,
        stdout=log,
        stderr=log,
    )
    rows: list[Row] = []
    note = ""
    try:
        listing = "/?uri=%2Fbench-read&limit=50"
        wait_for(port, listing, server, "gunicorn (Isso)")
        status, first = send(port, raw_request(port, "GET", listing, b"", {}))
        seeded = len(json.loads(first.split(b"\r\n\r\n", 1)[1])["replies"])
        assert status == 200 and seeded == 50, f"Isso listing: {status}, {seeded} comments"
        etag, modified = header(first, "ETag"), header(first, "Last-Modified")
        json_type = {"Content-Type": "application/json"}
        cases: list[tuple[str, Callable[[int], Request]]] = [
            (
                "POST a comment",
                lambda i: (
                    "POST",
                    "/new?uri=%2Fbench-post",
                    json.dumps(
                        {
                            "author": "Bench",
                            "text": f"Benchmark comment number {next(SEQ)}.",
                            "title": "Post",
                        }
                    ).encode(),
                    json_type,
                ),
            ),
            ("GET 50 approved", lambda i: ("GET", listing, b"", {})),
        ]
        if etag:
            cases.append(
                (
                    "GET 50 approved, If-None-Match",
                    lambda i: ("GET", listing, b"", {"If-None-Match": etag}),
                )
            )
        elif modified:
            cases.append(
                (
                    "GET 50 approved, If-Modified-Since",
                    lambda i: ("GET", listing, b"", {"If-Modified-Since": modified}),
                )
            )
        else:
            note = "Isso's comment list sends no ETag or Last-Modified: revalidation not supported"
        measured = run_cases(port, server.pid, cases, args, f"Isso {ISSO_VERSION}", "SQLite")
        for row in measured:
            rows.append(row)
            if not etag and not modified and row.case == cases[-1][0]:
                rows.append(
                    Row(
                        row.server,
                        row.database,
                        row.concurrency,
                        "GET 50 approved, If-None-Match",
                        None,
                        statuses="not supported",
                    )
                )
    finally:
        stop(server)
        log.close()
    return rows, note


# --------------------------------------------------------------------------- report


def fmt(value: float | None, digits: int = 1) -> str:
    """A number for the table, or a dash."""
    return "–" if value is None else f"{value:,.{digits}f}"


def find(rows: list[Row], server: str, database: str, concurrency: int, case: str) -> Row | None:
    """The row of one case."""
    for row in rows:
        if (
            row.server.startswith(server)
            and row.database == database
            and row.concurrency == concurrency
            and row.case == case
        ):
            return row
    return None


def report(rows: list[Row], args: argparse.Namespace, notes: list[str]) -> None:
    """The table, the ratios the issue's targets need, and the targets."""
    worker = f"gthread, {args.threads} threads each" if args.threads > 1 else "sync"
    print(
        f"\ngunicorn {args.workers} workers ({worker}) for both servers, {args.requests} "
        f"requests per case, {os.cpu_count()} cores; load generator on the same cores\n"
    )
    print(
        "| server | database | concurrency | request | per second | p50 ms | p99 ms | "
        "server CPU ms/request | other load % | statuses |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r.server} | {r.database} | {r.concurrency} | {r.case} | "
            f"{fmt(r.per_second, 0)} | {fmt(r.p50)} | {fmt(r.p99)} | {fmt(r.cpu_ms, 2)} | "
            f"{fmt(r.other_pct, 0)} | {r.statuses} |"
        )
    busy = [r for r in rows if r.other_pct is not None and r.other_pct > OTHER_LOAD_WARNING]
    if busy:
        notes.append(
            f"other processes used more than {OTHER_LOAD_WARNING}% of a core during "
            f"{len(busy)} case(s) (column 'other load %'): those figures are low; run again "
            "on a quiet machine"
        )
    for note in notes:
        print(f"\nnote: {note}")
    isso = any(r.server.startswith("Isso") for r in rows)
    print(
        "\n| database | concurrency | POST p50 ms | POST/s ÷ Isso POST/s | cached read/s ÷ Isso "
        "read/s | uncached read/s ÷ Isso read/s |"
    )
    print("|---|---|---|---|---|---|")
    verdicts = []
    for database in dict.fromkeys(r.database for r in rows if r.server == "commentmod"):
        for c in args.concurrency:
            post = find(rows, "commentmod", database, c, "POST a comment")
            cached = find(rows, "commentmod", database, c, "GET 50 approved, If-None-Match")
            plain = find(rows, "commentmod", database, c, "GET 50 approved")
            i_post = find(rows, "Isso", "SQLite", c, "POST a comment")
            i_read = find(rows, "Isso", "SQLite", c, "GET 50 approved")

            def ratio(a: Row | None, b: Row | None) -> float | None:
                return a.per_second / b.per_second if a and b and a.per_second else None

            post_ratio, cached_ratio = ratio(post, i_post), ratio(cached, i_read)
            print(
                f"| {database} | {c} | {fmt(post.p50 if post else None)} | "
                f"{fmt(post_ratio, 2)} | {fmt(cached_ratio, 2)} | "
                f"{fmt(ratio(plain, i_read), 2)} |"
            )
            if c == TARGET_CONCURRENCY and post:
                verdicts.append(
                    f"{database}: posting p50 {post.p50:.1f} ms < 20 ms: "
                    f"{'met' if post.p50 < 20 else 'NOT met'}"
                )
                if isso:
                    verdicts.append(
                        f"{database}: posting {fmt(post_ratio, 2)}× Isso's posts/s (≥ 1): "
                        f"{'met' if post_ratio and post_ratio >= 1 else 'NOT met'}"
                    )
                    verdicts.append(
                        f"{database}: cached reading {fmt(cached_ratio, 2)}× Isso's read/s "
                        f"(≥ 3): {'met' if cached_ratio and cached_ratio >= 3 else 'NOT met'}"
                    )
                else:
                    verdicts.append(f"{database}: the targets relative to Isso: Isso not measured")
    if TARGET_CONCURRENCY not in args.concurrency:
        print(f"\n(the issue's targets are judged at concurrency {TARGET_CONCURRENCY}: not run)")
    if verdicts:
        print(
            f"\nissue 8 targets at concurrency {TARGET_CONCURRENCY} "
            "(Isso runs on SQLite, its only database):"
        )
        print("\n".join(f"- {v}" for v in verdicts))


def main(argv: list[str] | None = None) -> int:
    """Serve, load, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=None,
        help="only this (empty) database; default SQLite, then PostgreSQL",
    )
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument(
        "--concurrency", default=f"{TARGET_CONCURRENCY},16", help="comma-separated, e.g. 4,8,16"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="gunicorn threads per worker (>1: the gthread worker) for both",
    )
    parser.add_argument("--isso-venv", type=Path, default=ROOT / ".bench" / "isso-venv")
    parser.add_argument(
        "--retries",
        type=int,
        default=2,
        help=f"measure a case again when other processes used over {OTHER_LOAD_WARNING}%% of a "
        "core meanwhile (at most this many times; the quietest run is kept)",
    )
    parser.add_argument("--no-isso", action="store_true", help="skip the Isso side")
    parser.add_argument(
        "--no-postgres", action="store_true", help="without --database-url: SQLite only"
    )
    args = parser.parse_args(argv)
    args.concurrency = [int(c) for c in args.concurrency.split(",") if c.strip()]
    started = time.perf_counter()
    args.retry_until = time.monotonic() + RETRY_WINDOW_SECONDS
    notes: list[str] = []
    targets: list[tuple[str, str]] = []
    if args.database_url:
        kind = args.database_url.split(":", 1)[0].split("+")[0]
        targets.append(
            (args.database_url, "PostgreSQL" if kind.startswith("postgres") else "SQLite")
        )
    else:
        tmp = tempfile.mkdtemp(prefix="bench-http-sqlite-")
        targets.append((f"sqlite:///{tmp}/bench.db", "SQLite"))
        if not args.no_postgres:
            url, why = bench_postgres_url()
            if url:
                targets.append((url, "PostgreSQL"))
            else:
                notes.append(f"PostgreSQL skipped: {why}")
    rows: list[Row] = []
    for url, label in targets:
        print(f"== this app on {label} ...", file=sys.stderr)
        rows += bench_ours(url, label, args)
    if args.no_isso:
        notes.append("Isso skipped (--no-isso)")
    else:
        print("== Isso ...", file=sys.stderr)
        bin_dir, why = ensure_isso(args.isso_venv)
        if bin_dir is None:
            notes.append(f"Isso not measured: {why}")
        else:
            try:
                isso_rows, note = bench_isso(bin_dir, args)
                rows += isso_rows
                if note:
                    notes.append(note)
            except (RuntimeError, AssertionError, subprocess.SubprocessError, OSError) as exc:
                notes.append(f"Isso not measured: {exc}")
    report(rows, args, notes)
    print(f"\n(whole run {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
