"""Screening in the app: one engine per process, the embedded worker, health, re-screening."""

from __future__ import annotations

import atexit
import logging
import os
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from config import Config, ConfigError
from extensions import db
from models import Comment, RuleTerm, ScreeningState, TermAction, WorkerHeartbeat
from models.base import utcnow
from moderation.classifier import Classifier
from moderation.classifier_loading import (
    BACKENDS,
    ClassifierSettings,
    ModelStatus,
    load_classifier,
)
from moderation.lifecycle import CommentStatus
from moderation.policy import Thresholds
from moderation.rules import RuleSet
from moderation.screener import Screener
from services.commenters import TrustRule
from services.worker import BatchReport, WorkerSettings, new_owner_id, run_forever

log = logging.getLogger(__name__)

#: A worker not seen for this long is considered gone.
HEARTBEAT_STALE = timedelta(seconds=90)


def classifier_settings(cfg: Config) -> ClassifierSettings:
    """The model knobs from configuration."""
    if cfg.classifier_backend not in BACKENDS:
        raise ConfigError(
            f"CLASSIFIER_BACKEND must be one of {', '.join(BACKENDS)}, "
            f"not {cfg.classifier_backend!r}"
        )
    return ClassifierSettings(
        backend=cfg.classifier_backend,  # type: ignore[arg-type]
        house_dir=Path(cfg.house_model_dir) if cfg.house_model_dir else None,
        house_base_zip=Path(cfg.house_base_zip) if cfg.house_base_zip else None,
        model_type=cfg.detoxify_model,
        checkpoint=Path(cfg.detoxify_checkpoint) if cfg.detoxify_checkpoint else None,
        hf_config_path=Path(cfg.detoxify_hf_config) if cfg.detoxify_hf_config else None,
        num_threads=cfg.model_threads or None,
        quantize=cfg.model_quantize,
        batch_size=cfg.model_batch_size,
    )


def worker_settings(cfg: Config) -> WorkerSettings:
    """The worker knobs from configuration."""
    return WorkerSettings(
        batch_size=cfg.worker_batch_size,
        lease_seconds=cfg.worker_lease_seconds,
        max_attempts=cfg.worker_max_attempts,
        trust=trust_rule(cfg),
    )


def trust_rule(cfg: Config) -> TrustRule:
    """Who counts as a trusted commenter, from configuration (off by default)."""
    return TrustRule(cfg.trusted_min_approved, cfg.trusted_window_days)


def _threshold_overrides(cfg: Config) -> dict[str, str]:
    overrides = dict(cfg.model_thresholds)
    try:
        Thresholds.from_mapping(overrides)
    except ValueError as exc:
        raise ConfigError(f"MODEL_THRESHOLDS: {exc}") from None
    return overrides


class ScreeningEngine:
    """Per process: the classifier (loaded lazily, once) and the rule set (rebuilt on changes)."""

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.settings = classifier_settings(cfg)
        self.threshold_overrides = _threshold_overrides(cfg)
        self._lock = threading.Lock()
        self._model_loaded = False
        self._classifier: Classifier | None = None
        self._status: ModelStatus | None = None
        self._rules: RuleSet | None = None
        self._rules_key: tuple[int, int] | None = None

    @property
    def model_status(self) -> ModelStatus | None:
        """The model's status in this process; None until something asked for the model."""
        return self._status

    @property
    def current_rules_version(self) -> str | None:
        """The version of the rule set last built in this process."""
        return self._rules.version if self._rules is not None else None

    def model(self) -> tuple[Classifier | None, ModelStatus]:
        """The classifier, loaded on first use; a model that cannot load degrades, never fails."""
        with self._lock:
            if not self._model_loaded:
                self._classifier, self._status = load_classifier(self.settings)
                self._model_loaded = True
        assert self._status is not None
        return self._classifier, self._status

    def rules(self, session: Session | None) -> RuleSet:
        """The list files merged with admins' terms; rebuilt only when those terms change."""
        key = (0, 0)
        if session is not None:
            row = session.execute(select(func.count(RuleTerm.id), func.max(RuleTerm.id))).one()
            key = (int(row[0] or 0), int(row[1] or 0))
        with self._lock:
            if self._rules is None or key != self._rules_key:
                terms = list(session.scalars(select(RuleTerm))) if session is not None else []
                self._rules = build_rule_set(terms, self.cfg.link_allowlist)
                self._rules_key = key
            return self._rules

    def screener(self, session: Session | None, *, with_model: bool = True) -> Screener:
        """A screener over the current rules (and the model, unless with_model is False)."""
        classifier, status = self.model() if with_model else (None, None)
        return Screener(
            self.rules(session),
            classifier,
            status=status,
            threshold_overrides=self.threshold_overrides or None,
            rules_budget=self.cfg.rules_budget_ms / 1000,
        )


def build_rule_set(terms: list[RuleTerm], link_allowlist: tuple[str, ...] = ()) -> RuleSet:
    """The rule set from the list files plus admin terms from the database."""
    added = [(t.category, t.language, t.term) for t in terms if t.action == TermAction.ADD]
    removed = [(t.category, t.language, t.term) for t in terms if t.action == TermAction.REMOVE]
    allowed = [t.term for t in terms if t.action == TermAction.ALLOW]
    return RuleSet.load(
        extra_terms=added,
        removed_terms=removed,
        allowed_terms=allowed,
        allowed_domains=link_allowlist,
    )


def engine() -> ScreeningEngine:
    """The current app's engine."""
    return current_app.extensions["screening"]


def write_heartbeat(
    session: Session, owner: str, eng: ScreeningEngine, report: BatchReport
) -> None:
    """Record that a worker is alive, with its model status (read by /healthz and the dashboard)."""
    status = eng.model_status
    beat = session.get(WorkerHeartbeat, owner)
    if beat is None:
        beat = WorkerHeartbeat(owner=owner, screened=0)
        session.add(beat)
    beat.seen_at = utcnow()
    beat.screened = (beat.screened or 0) + report.screened
    if status is not None:
        beat.model_available = status.available
        beat.model_name = status.name[:120]
        beat.model_detail = status.detail[:500]
        beat.fallback = status.fallback
    if eng.current_rules_version is not None:
        beat.rules_version = eng.current_rules_version
    session.commit()


def screening_health(session: Session) -> dict[str, Any]:
    """What /healthz and the dashboard banner say about screening."""
    cutoff = utcnow() - HEARTBEAT_STALE
    beats = list(
        session.scalars(
            select(WorkerHeartbeat)
            .where(WorkerHeartbeat.seen_at >= cutoff)
            .order_by(WorkerHeartbeat.seen_at.desc())
        )
    )
    backlog = session.scalar(
        select(func.count(Comment.id)).where(Comment.screening_state == ScreeningState.QUEUED)
    )
    failed = session.scalar(
        select(func.count(Comment.id)).where(
            Comment.screening_state == ScreeningState.FAILED,
            Comment.status == CommentStatus.PENDING,
        )
    )
    if not beats:
        return {
            "status": "no-worker",
            "detail": "no screening worker has reported in the last 90 seconds; "
            "comments wait unscreened (they still reach moderators)",
            "workers": 0,
            "backlog": backlog,
            "not_screened": failed,
            "model": None,
        }
    newest = beats[0]
    return {
        "status": "ok" if newest.model_available else "degraded",
        "detail": newest.model_detail,
        "workers": len(beats),
        "backlog": backlog,
        "not_screened": failed,
        "model": {
            "available": newest.model_available,
            "name": newest.model_name,
            "fallback": newest.fallback,
        },
        "rules_version": newest.rules_version,
    }


def requeue(session: Session, *, pending_only: bool = True) -> int:
    """Put comments back in the screening queue (after list or model changes)."""
    stmt = update(Comment).values(
        # queue_rank is kept: the last verdict is the best guess until the new one lands.
        screening_state=ScreeningState.QUEUED,
        screening_attempts=0,
        screening_error=None,
        lease_owner=None,
        lease_until=None,
    )
    if pending_only:
        stmt = stmt.where(Comment.status == CommentStatus.PENDING)
    result = session.execute(stmt.execution_options(synchronize_session=False))
    session.commit()
    return result.rowcount or 0


class EmbeddedWorker:
    """The screening worker as a daemon thread of the web process (the embedded default)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None
        self._pid: int | None = None
        self._start_lock = threading.Lock()

    def start(self) -> None:
        """Start once per process; later calls do nothing. A process forked after the start
        (gunicorn --preload) has no thread of its own: it starts one."""
        with self._start_lock:
            if self.thread is not None and self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self.thread = threading.Thread(target=self._run, name="screening-worker", daemon=True)
            self.thread.start()
            atexit.register(self.stop.set)

    def _run(self) -> None:
        with self.app.app_context():
            run_worker(engine(), self.stop)


def run_worker(
    eng: ScreeningEngine,
    stop: threading.Event,
    *,
    owner: str | None = None,
    settings: WorkerSettings | None = None,
    max_batches: int | None = None,
) -> None:
    """The one screening loop, for the embedded thread and `flask moderation worker` alike
    (inside an app context): the app's session, a screener over the current rules (admins'
    terms included) and model, and a heartbeat row after every pass."""
    owner = owner or new_owner_id()
    run_forever(
        session_factory=lambda: db.session,
        screener_factory=lambda: eng.screener(db.session),
        settings=settings or worker_settings(eng.cfg),
        stop=stop,
        owner=owner,
        heartbeat=lambda session, report: write_heartbeat(session, owner, eng, report),
        max_batches=max_batches,
    )


def init_app(app: Flask) -> None:
    """Create the engine; with EMBEDDED_WORKER, start the worker thread on the first request."""
    cfg: Config = app.config["APP_CONFIG"]
    app.extensions["screening"] = ScreeningEngine(cfg)
    if not cfg.embedded_worker:
        return
    worker = EmbeddedWorker(app)
    app.extensions["screening_worker"] = worker
    # Started with the serving process (gunicorn, `flask run`), so comments posted before the
    # first page view are screened too (issue 13.14); not by `flask db upgrade` and the other
    # commands, which build the app as well and must not start a model-loading thread. The
    # first request starts it where neither applies.
    if serving():
        worker.start()
    app.before_request(worker.start)


#: Options of the `flask` command itself that take a value (`flask --app app run`).
_FLASK_VALUE_OPTIONS = frozenset({"--app", "-A", "--env-file", "-e"})


def _flask_subcommand(argv: list[str]) -> str | None:
    """The subcommand a `flask ...` command line runs: its first argument that is neither an
    option nor an option's value."""
    args = iter(argv[1:])
    for arg in args:
        if arg in _FLASK_VALUE_OPTIONS:
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


def serving() -> bool:
    """Whether this process serves the app: a WSGI server (it builds the app outside any click
    command), or `flask run`. Not `flask db upgrade`, `flask moderation train` and the other
    commands — Flask sets FLASK_RUN_FROM_CLI for every one of them, so that is no sign."""
    import sys

    import click

    if click.get_current_context(silent=True) is None:
        return True
    return os.environ.get("FLASK_RUN_FROM_CLI") == "true" and _flask_subcommand(sys.argv) == "run"
