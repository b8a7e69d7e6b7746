"""`flask moderation worker|screen|evaluate|rescreen|fetch-model|status`."""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

import click
from flask import current_app
from tqdm import tqdm

from extensions import db
from moderation.evaluation import Example, evaluate, format_report, parse_labels
from services import screening as screening_service
from services.worker import apply_site_thresholds, new_owner_id


@click.group("moderation")
def moderation() -> None:
    """Screening: the worker, batch screening and evaluation, re-screening, the model."""


def _progress(total: int | None, desc: str) -> tqdm:
    return tqdm(total=total, desc=desc, unit="comment", file=sys.stderr, disable=None)


@moderation.command("worker")
@click.option("--batch-size", type=click.IntRange(1, 1024), default=None)
@click.option("--max-batches", type=click.IntRange(1), default=None, help="Stop after N passes.")
def worker(batch_size: int | None, max_batches: int | None) -> None:
    """Run a screening worker until SIGTERM/SIGINT (finishes its current batch first)."""
    eng = screening_service.engine()
    settings = screening_service.worker_settings(eng.cfg)
    if batch_size:
        settings = replace(settings, batch_size=batch_size)
    stop = threading.Event()

    def _stop(signum: int, frame: Any) -> None:
        click.echo(f"signal {signum}: finishing the current batch, then stopping", err=True)
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    owner = new_owner_id()
    _, status = eng.model()
    click.echo(f"worker {owner}: {status.detail}", err=True)
    screening_service.run_worker(eng, stop, owner=owner, settings=settings, max_batches=max_batches)


def _read_jsonl(stream: TextIO, *, labelled: bool) -> list[dict[str, Any]]:
    """Every line parsed and checked before any work starts; errors name the line."""
    records = []
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise click.ClickException(f"line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise click.ClickException(f"line {number}: expected a JSON object")
        if not isinstance(record.get("text"), str):
            raise click.ClickException(f'line {number}: "text" must be a string')
        if "id" not in record:
            raise click.ClickException(f'line {number}: "id" is missing')
        if labelled:
            if not isinstance(record.get("label"), str | list):
                raise click.ClickException(
                    f'line {number}: "label" must be a category, a list of categories, or "clean"'
                )
            try:
                parse_labels(record["label"])
            except ValueError as exc:
                raise click.ClickException(f"line {number}: {exc}") from None
        records.append(record)
    return records


def _batches(items: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _screener(no_model: bool):  # noqa: ANN202
    """What the worker screens with: the list files with the admins' terms, the model, and the
    site thresholds an admin applied. On a database not migrated yet: the list files alone."""
    eng = screening_service.engine()
    session = db.session if _migrated() else None
    if session is None:
        click.echo("database not migrated: the list files without admins' terms", err=True)
    screener = eng.screener(session, with_model=not no_model)
    if not no_model:
        click.echo(f"model: {eng.model_status.detail}", err=True)  # type: ignore[union-attr]
    else:
        click.echo("model: not used (--no-model); rule lists only", err=True)
    if session is not None:
        apply_site_thresholds(session, screener)
        session.commit()  # no transaction stays open while the model runs
    click.echo(f"rules: {screener.rules_version}", err=True)
    return screener


def _migrated() -> bool:
    from sqlalchemy import inspect

    tables = set(inspect(db.engine).get_table_names())
    return {"rule_terms", "threshold_sets"} <= tables


@moderation.command("screen")
@click.option("--input", "input_", type=click.File("r", encoding="utf-8"), required=True)
@click.option("--output", type=click.File("w", encoding="utf-8"), required=True)
@click.option("--no-model", is_flag=True, help="Rule lists only.")
@click.option("--batch-size", type=click.IntRange(1, 1024), default=32, show_default=True)
def screen(input_: TextIO, output: TextIO, no_model: bool, batch_size: int) -> None:
    """Screen {"id", "text"} JSON lines; write {"id", "risk", "flagged", "categories",
    "suggested_reason", "flags"}: the worker's verdict, with the admins' terms."""
    records = _read_jsonl(input_, labelled=False)
    screener = _screener(no_model)
    with _progress(len(records), "screening") as bar:
        for batch in _batches(records, batch_size):
            for record, result in zip(
                batch, screener.screen([r["text"] for r in batch]), strict=True
            ):
                output.write(json.dumps({"id": record["id"], **result.to_dict()}) + "\n")
            bar.update(len(batch))
    click.echo(f"screened {len(records)} comments", err=True)


@moderation.command("evaluate")
@click.option("--input", "input_", type=click.File("r", encoding="utf-8"), required=True)
@click.option("--no-model", is_flag=True, help="Rule lists only.")
@click.option("--worst", type=click.IntRange(0), default=10, show_default=True)
@click.option("--batch-size", type=click.IntRange(1, 1024), default=32, show_default=True)
@click.option("--json-out", type=click.File("w", encoding="utf-8"), default=None)
def evaluate_command(
    input_: TextIO, no_model: bool, worst: int, batch_size: int, json_out: TextIO | None
) -> None:
    """Recall per category, false-flag rate on clean comments, and the worst misses."""
    records = _read_jsonl(input_, labelled=True)
    screener = _screener(no_model)
    examples: list[Example] = []
    with _progress(len(records), "evaluating") as bar:
        for batch in _batches(records, batch_size):
            for record, result in zip(
                batch, screener.screen([r["text"] for r in batch]), strict=True
            ):
                examples.append(Example.from_record(record, result))
            bar.update(len(batch))
    report = evaluate(examples, worst=worst)
    click.echo(format_report(report))
    if json_out is not None:
        json.dump(report.to_dict(), json_out, indent=2)


@moderation.command("rescreen")
@click.option("--pending/--all", "pending_only", default=True, show_default=True)
@click.option("--queue-only", is_flag=True, help="Only re-queue; let the workers screen them.")
def rescreen(pending_only: bool, queue_only: bool) -> None:
    """Re-screen comments after rule-list or model changes."""
    count = screening_service.requeue(db.session, pending_only=pending_only)
    click.echo(f"re-queued {count} comments", err=True)
    if queue_only or count == 0:
        return
    eng = screening_service.engine()
    settings = screening_service.worker_settings(eng.cfg)
    owner = new_owner_id()
    from services.worker import process_batch

    done = 0
    with _progress(count, "re-screening") as bar:
        while True:
            report = process_batch(db.session, eng.screener(db.session), owner, settings)
            if report.claimed == 0:
                break
            done += report.screened
            bar.update(report.claimed)
    click.echo(f"re-screened {done} comments", err=True)


@moderation.command("fetch-model")
@click.option("--model", "model_type", default="unbiased", show_default=True)
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path), required=True)
def fetch_model(model_type: str, dest: Path) -> None:
    """Download a Detoxify model into a portable folder (run where there is internet)."""
    from moderation.model_fetch import fetch_model as fetch

    try:
        folder = fetch(model_type, dest)
    except Exception as exc:  # noqa: BLE001 — any download failure is reported plainly
        raise click.ClickException(f"could not fetch {model_type!r}: {exc}") from None
    click.echo(f"model saved in {folder}")
    click.echo(f"on the air-gapped server set DETOXIFY_CHECKPOINT={folder}")


@moderation.command("status")
def status() -> None:
    """Load the model as a worker would, and report screening health."""
    eng = screening_service.engine()
    _, model_status = eng.model()
    click.echo(f"model: {model_status.detail}")
    rules = eng.rules(db.session)
    click.echo(f"rule lists: version {rules.version}")
    health = screening_service.screening_health(db.session)
    click.echo(f"workers alive: {health['workers']}; queued: {health['backlog']}")
    if current_app.config["APP_CONFIG"].embedded_worker:
        click.echo("embedded worker: on (a thread of the web process)")
