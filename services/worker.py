"""The screening worker: claims unscreened comments in batches with a lease, screens, records.

The comments table is the durable work queue. A claim is one atomic UPDATE (on PostgreSQL its
sub-select takes `FOR UPDATE SKIP LOCKED`, so many worker processes share the queue without
waiting on each other). Leases are short (30 s by default) and renewed
by a heartbeat thread while the batch is being screened, so a live worker keeps its claim however
slow the model is, and a dead worker's claim runs out within one lease; a worker whose batch broke
off (the database went away mid-batch) frees its own orphaned claims at its next batch. A
comment whose screening keeps failing is given up after `max_attempts` and reaches moderators
marked "not screened" (state FAILED), with whatever rule evidence could still be found.
No Flask here: the worker gets a SQLAlchemy session factory and a screener.
"""

from __future__ import annotations

import logging
import math
import os
import socket
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import Row, and_, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from models.base import utcnow
from models.comment import FAILED_RANK, Comment, CommentCategory, ScreeningState
from models.threshold_set import ThresholdSet
from moderation.flags import Screening
from moderation.lifecycle import CommentStatus
from services.commenters import TRUSTED_RANK_FACTOR, TrustRule, author_key, trusted_authors

log = logging.getLogger(__name__)


class BatchScreener(Protocol):
    """What the worker needs of the screening engine."""

    @property
    def model_version(self) -> str | None: ...

    @property
    def rules_version(self) -> str: ...

    def screen(self, texts: Sequence[str], *, use_model: bool = True) -> list[Screening]: ...


@dataclass(frozen=True, slots=True)
class WorkerSettings:
    """Batching, leasing and retry knobs."""

    # A claim several model batches long lets length bucketing group similar lengths: claims of
    # one model batch each ran at ~55% of the bare forward rate, claims of 128 at ~90%.
    batch_size: int = 128
    #: Renewed every third of itself while a batch is screened (LeaseKeeper): it only bounds how
    #: long a dead worker's claim holds comments back, never how long a batch may take.
    lease_seconds: int = 30
    max_attempts: int = 3
    retry_delay_seconds: int = 30
    idle_seconds: float = 1.0
    #: Trusted commenters (services/commenters.TrustRule; off unless TRUSTED_MIN_APPROVED > 0).
    trust: TrustRule = field(default_factory=TrustRule)


@dataclass(frozen=True, slots=True)
class BatchReport:
    """What one pass of the worker did."""

    claimed: int = 0
    screened: int = 0
    retried: int = 0
    failed: int = 0


def new_owner_id() -> str:
    """A lease owner id naming host, process and a random part (shown in logs, never secret)."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _claimable(now: datetime, max_attempts: int):  # noqa: ANN202 — a SQL expression
    return and_(
        Comment.screening_state == ScreeningState.QUEUED,
        Comment.screening_attempts < max_attempts,
        or_(Comment.lease_until.is_(None), Comment.lease_until < now),
    )


def release_orphaned(session: Session, owner: str) -> int:
    """Free the claims still in `owner`'s name. A worker screens one batch at a time, so when it
    starts a batch any claim of its own was orphaned (the last batch broke off on a database
    error): those comments are free again at once instead of waiting out the lease."""
    result = session.execute(
        update(Comment)
        .where(Comment.lease_owner == owner, Comment.screening_state == ScreeningState.QUEUED)
        .values(lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount or 0


def give_up_exhausted(session: Session, settings: WorkerSettings, now: datetime) -> int:
    """Mark FAILED the comments whose every attempt ended in a crash (lease expired at the cap)."""
    result = session.execute(
        update(Comment)
        .where(
            Comment.screening_state == ScreeningState.QUEUED,
            Comment.screening_attempts >= settings.max_attempts,
            or_(Comment.lease_until.is_(None), Comment.lease_until < now),
        )
        .values(
            screening_state=ScreeningState.FAILED,
            queue_rank=FAILED_RANK,
            screening_error=f"gave up after {settings.max_attempts} attempts",
            lease_owner=None,
            lease_until=None,
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount or 0


def retry_batch_size(settings: WorkerSettings, attempts: int) -> int:
    """Batch size for comments claimed ``attempts`` times before: the full batch for new ones,
    shrinking by powers of two so that the last attempt is made one comment at a time."""
    if attempts <= 0:
        return settings.batch_size
    if attempts >= settings.max_attempts - 1:
        return 1
    shift = math.ceil(math.log2(max(2, settings.batch_size)) / max(1, settings.max_attempts - 1))
    return max(1, settings.batch_size >> (shift * attempts))


def claim_batch(
    session: Session, owner: str, settings: WorkerSettings, now: datetime | None = None
) -> list[int]:
    """Atomically lease up to batch_size queued comments to `owner`; returns their ids."""
    now = now or utcnow()
    # Comments whose earlier claim died with its worker (a crash, an OOM kill: the lease ran
    # out) come back in ever smaller batches, so a comment that kills the process ends up
    # alone and is the only one given up (issue 13.15).
    claimable = _claimable(now, settings.max_attempts)
    attempts = session.scalar(
        select(Comment.screening_attempts).where(claimable).order_by(Comment.id).limit(1)
    )
    if attempts is None:
        session.commit()
        return []
    # A CTE is evaluated once: PostgreSQL may re-run an IN (sub-select ... LIMIT) per row,
    # which with SKIP LOCKED can hand out more rows than the limit.
    candidates = (
        select(Comment.id)
        .where(claimable, Comment.screening_attempts == attempts)
        .order_by(Comment.id)
        .limit(retry_batch_size(settings, attempts))
        .with_for_update(skip_locked=True)
        .cte("candidates")
    )
    result = session.execute(
        update(Comment)
        # The condition is repeated so a row leased between sub-select and update is not taken.
        .where(Comment.id == candidates.c.id, claimable)
        .values(
            lease_owner=owner,
            lease_until=now + timedelta(seconds=settings.lease_seconds),
            screening_attempts=Comment.screening_attempts + 1,
        )
        .returning(Comment.id)
        .execution_options(synchronize_session=False)
    )
    ids = sorted(result.scalars().all())
    session.commit()
    return ids


class LeaseKeeper:
    """Renews this worker's claim on a batch every third of the lease while it is screened, in
    a thread of its own with a session of its own (the screening thread holds no transaction).
    A renewal that fails (the database blinked) is logged and tried again at the next beat; if
    the claim runs out meanwhile another worker may take it, and then `_record` writes nothing.
    """

    def __init__(
        self,
        bind: object,
        ids: Sequence[int],
        owner: str,
        lease_seconds: float,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.bind = bind
        self.ids = list(ids)
        self.owner = owner
        self.lease = timedelta(seconds=lease_seconds)
        self.interval = max(0.2, lease_seconds / 3)
        self.now = now
        self.renewals = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lease-keeper", daemon=True)

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def renew(self) -> int:
        """Push the lease one lease length ahead; returns how many comments are still ours."""
        with Session(self.bind) as session:  # type: ignore[call-overload]
            result = session.execute(
                update(Comment)
                .where(Comment.id.in_(self.ids), Comment.lease_owner == self.owner)
                .values(lease_until=self.now() + self.lease)
                .execution_options(synchronize_session=False)
            )
            session.commit()
        self.renewals += 1
        return result.rowcount or 0

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.renew()
            except Exception:  # noqa: BLE001 — a blip: the next beat tries again
                log.warning("worker %s: could not renew its lease", self.owner, exc_info=True)


def _record(
    session: Session,
    comment_id: int,
    owner: str,
    values: dict[str, object],
) -> bool:
    """Write a result (and the category rows) only while this worker still holds the lease."""
    result = session.execute(
        update(Comment)
        .where(Comment.id == comment_id, Comment.lease_owner == owner)
        .values(lease_owner=None, lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:
        return False
    session.execute(delete(CommentCategory).where(CommentCategory.comment_id == comment_id))
    categories = values.get("categories") or []
    # Category rows exist for pending comments only: they serve the queue's filter and counts.
    still_pending = session.scalar(select(Comment.status).where(Comment.id == comment_id)) == (
        CommentStatus.PENDING
    )
    if categories and still_pending:
        session.execute(
            insert(CommentCategory),
            [{"comment_id": comment_id, "category": c} for c in categories],
        )
    return True


def _screened_values(screening: Screening, screener: BatchScreener, now: datetime) -> dict:
    return {
        "screening_state": ScreeningState.SCREENED,
        "risk": screening.risk,
        "queue_rank": screening.risk,
        "flags": [f.to_dict() for f in screening.flags],
        "categories": screening.categories,
        "suggested_reason": screening.suggested_reason,
        "model_probabilities": screening.probabilities or None,
        "screened_at": now,
        "model_version": screener.model_version,
        "rules_version": screener.rules_version,
        "screening_error": screening.note,
    }


def _screen_each(
    screener: BatchScreener, texts: Sequence[str]
) -> list[tuple[Screening | None, str | None]]:
    """Screen one at a time after a batch failure, so one bad comment cannot sink the others."""
    out: list[tuple[Screening | None, str | None]] = []
    for text in texts:
        try:
            out.append((screener.screen([text])[0], None))
        except Exception as exc:  # noqa: BLE001 — any model failure is recorded, never raised
            out.append((None, f"{type(exc).__name__}: {exc}"[:250]))
    return out


def process_batch(
    session: Session,
    screener: BatchScreener,
    owner: str,
    settings: WorkerSettings,
    now: Callable[[], datetime] = utcnow,
) -> BatchReport:
    """Claim one batch, screen it, record the results. Never raises for a screening failure."""
    if orphaned := release_orphaned(session, owner):
        log.info("worker %s: took back %d comments its broken-off batch held", owner, orphaned)
    exhausted = give_up_exhausted(session, settings, now())
    ids = claim_batch(session, owner, settings, now())
    if not ids:
        return BatchReport(failed=exhausted)
    rows = session.execute(
        select(
            Comment.id,
            Comment.body,
            Comment.screening_attempts,
            Comment.author_email,
            Comment.commenter_key,
        )
        .where(Comment.id.in_(ids))
        .order_by(Comment.id)
    ).all()
    apply_site_thresholds(session, screener)
    session.commit()  # end the read transaction: the model runs with no transaction open
    texts = [row.body for row in rows]
    with LeaseKeeper(session.get_bind(), ids, owner, settings.lease_seconds, now):
        try:
            results: list[tuple[Screening | None, str | None]] = [
                (s, None) for s in screener.screen(texts)
            ]
        except Exception:  # noqa: BLE001
            log.warning("batch of %d failed to screen; one by one", len(ids), exc_info=True)
            results = _screen_each(screener, texts)
    screened = retried = failed = 0
    stamp = now()
    trusted = _trusted_unflagged(session, rows, results, settings.trust)
    for row, (screening, error) in zip(rows, results, strict=True):
        if screening is not None:
            values = _screened_values(screening, screener, stamp)
            if row.id in trusted:
                # A trusted commenter and nothing flagged: still moderated, lower in the queue.
                values["queue_rank"] = screening.risk * TRUSTED_RANK_FACTOR
            screened += _record(session, row.id, owner, values)
            continue
        log.warning("comment %s: screening failed (attempt %d)", row.id, row.screening_attempts)
        if row.screening_attempts < settings.max_attempts:
            # Back off, then another worker (or this one) tries again.
            delay = timedelta(seconds=settings.retry_delay_seconds * row.screening_attempts)
            session.execute(
                update(Comment)
                .where(Comment.id == row.id, Comment.lease_owner == owner)
                .values(lease_owner=None, lease_until=stamp + delay, screening_error=error)
                .execution_options(synchronize_session=False)
            )
            retried += 1
            continue
        failed += _record(session, row.id, owner, _failed_values(screener, row.body, error, stamp))
    session.commit()
    log.info(
        "batch: %d claimed, %d screened, %d retry, %d failed", len(ids), screened, retried, failed
    )
    return BatchReport(len(ids), screened, retried, failed + exhausted)


def _trusted_unflagged(
    session: Session,
    rows: Sequence[Row],
    results: Sequence[tuple[Screening | None, str | None]],
    trust: TrustRule,
) -> set[int]:
    """Ids of the batch's comments with no flag whose author the trust rule trusts."""
    if not trust.enabled:
        return set()
    unflagged = {
        row.id: key
        for row, (screening, _) in zip(rows, results, strict=True)
        if screening is not None and not screening.flags and (key := author_key(row))
    }
    trusted = trusted_authors(set(unflagged.values()), trust, session=session)
    return {cid for cid, key in unflagged.items() if key in trusted}


def apply_site_thresholds(session: Session, screener: BatchScreener) -> None:
    """Screen with the thresholds an admin applied last (services/model_thresholds): before
    every batch, so applying or undoing a set reaches every worker process within one batch,
    and in `flask moderation screen|evaluate`, so the CLI screens as the worker does."""
    use = getattr(screener, "use_site_thresholds", None)
    if use is None:
        return
    active = ThresholdSet.active(session, screener.model_version)
    version = active.id if active is not None else None
    if version != getattr(screener, "site_thresholds_version", None):
        use(version, active.thresholds if active is not None else {})
        log.info("screening with site thresholds %s", version or "of the model")


def _failed_values(screener: BatchScreener, body: str, error: str | None, now: datetime) -> dict:
    """Not screened by the model: keep whatever the rule lists can still say."""
    values: dict[str, object] = {
        "screening_state": ScreeningState.FAILED,
        "queue_rank": FAILED_RANK,
        "screening_error": error,
        "screened_at": now,
        "rules_version": screener.rules_version,
        "model_version": None,
        "model_probabilities": None,
    }
    try:
        rules_only = screener.screen([body], use_model=False)[0]
    except Exception:  # noqa: BLE001
        log.exception("rules failed too; the comment goes to moderators unscreened")
        return values
    values["risk"] = rules_only.risk
    values["flags"] = [f.to_dict() for f in rules_only.flags]
    values["categories"] = rules_only.categories
    values["suggested_reason"] = rules_only.suggested_reason
    return values


def run_forever(
    session_factory: Callable[[], Session],
    screener_factory: Callable[[], BatchScreener],
    settings: WorkerSettings,
    stop: threading.Event,
    owner: str | None = None,
    heartbeat: Callable[[Session, BatchReport], None] | None = None,
    max_batches: int | None = None,
) -> None:
    """Loop until `stop` is set: screen while there is work, sleep briefly when there is none.

    The screener is asked for on every pass, so rule-list changes apply to the next batch; the
    model itself loads once, on the first pass — in the worker, never at import.
    """
    owner = owner or new_owner_id()
    log.info("screening worker %s started", owner)
    batches = 0
    while not stop.is_set() and (max_batches is None or batches < max_batches):
        session = session_factory()
        report = BatchReport()
        try:
            report = process_batch(session, screener_factory(), owner, settings)
            if heartbeat is not None:
                heartbeat(session, report)
        except Exception:  # noqa: BLE001 — e.g. the database is down: wait and try again
            log.exception("screening worker %s: batch failed; retrying shortly", owner)
            session.rollback()
            stop.wait(max(settings.idle_seconds, 5.0))
        finally:
            session.close()
        batches += 1
        if report.claimed == 0:
            stop.wait(settings.idle_seconds)
    log.info("screening worker %s stopped", owner)
