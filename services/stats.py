"""Moderation statistics: backlog, throughput per moderator, time to decision, and how often
screening flags were upheld by moderators (and what they missed).

Read-only; every function works on SQLite and PostgreSQL. Day buckets and medians are computed
in Python over a bounded window, so they are in UTC whatever the database session's time zone.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from extensions import db
from models import Comment, Decision, ScreeningState, User
from models.base import utcnow
from moderation.guidelines import Category
from moderation.lifecycle import Action, CommentStatus

MAX_DAYS = 366
DEFAULT_DAYS = 30


@dataclass(frozen=True, slots=True)
class Backlog:
    """Comments waiting for a decision right now."""

    pending: int
    oldest_pending_at: datetime | None
    oldest_pending_age_seconds: float | None


@dataclass(frozen=True, slots=True)
class DailyDecisions:
    """One moderator's decisions on one UTC day (moderator None: decided by a script/CLI)."""

    day: date
    moderator_id: int | None
    moderator: str | None
    approved: int = 0
    rejected: int = 0
    reopened: int = 0

    @property
    def total(self) -> int:
        """Every action that day."""
        return self.approved + self.rejected + self.reopened


@dataclass(frozen=True, slots=True)
class FlagOutcome:
    """Among decided comments flagged with `key` (a category or a flag source): how many were
    rejected (the flag was upheld)."""

    key: str
    flagged: int
    upheld: int

    @property
    def upheld_rate(self) -> float | None:
        """upheld / flagged, None when nothing was flagged."""
        return round(self.upheld / self.flagged, 4) if self.flagged else None


@dataclass(frozen=True, slots=True)
class Misses:
    """Rejected comments that screening did not flag."""

    total: int  # screened, no flag, rejected: what screening missed
    by_reason: dict[str, int] = field(default_factory=dict)
    not_screened: int = 0  # rejected before (or without) screening: not counted as misses


@dataclass(frozen=True, slots=True)
class FlagStats:
    """How the screening flags held up among comments decided in a window."""

    decided: int
    decided_flagged: int
    by_category: list[FlagOutcome]
    by_source: list[FlagOutcome]
    #: Per rule family and shape that fired ("threats#know-where", "terms#profanity/en"):
    #: which shapes moderators uphold, and which only cost them time.
    by_rule: list[FlagOutcome]
    misses: Misses


@dataclass(frozen=True, slots=True)
class ModerationStats:
    """Everything the stats endpoint and the dashboard show, for one window."""

    since: datetime
    until: datetime
    backlog: Backlog
    decisions_per_day: list[DailyDecisions]
    median_seconds_to_decision: float | None
    first_decisions: int
    flags: FlagStats


def window(days: int = DEFAULT_DAYS, now: datetime | None = None) -> tuple[datetime, datetime]:
    """(since, until) covering the last `days` days (1..MAX_DAYS) up to `now`."""
    until = now or utcnow()
    return until - timedelta(days=max(1, min(days, MAX_DAYS))), until


def backlog(now: datetime | None = None) -> Backlog:
    """How many comments are pending and how long the oldest has waited."""
    now = now or utcnow()
    count, oldest = db.session.execute(
        select(func.count(Comment.id), func.min(Comment.created_at)).where(
            Comment.status == CommentStatus.PENDING
        )
    ).one()
    oldest = _aware(oldest) if oldest is not None else None
    age = max(0.0, (now - oldest).total_seconds()) if oldest is not None else None
    return Backlog(int(count or 0), oldest, age)


def decisions_per_day(since: datetime, until: datetime) -> list[DailyDecisions]:
    """Decisions per UTC day and moderator in [since, until), by day then moderator id."""
    rows = db.session.execute(
        select(Decision.created_at, Decision.moderator_id, Decision.action).where(
            Decision.created_at >= since, Decision.created_at < until
        )
    ).all()
    counts: dict[tuple[date, int | None], dict[str, int]] = defaultdict(
        lambda: {"approved": 0, "rejected": 0, "reopened": 0}
    )
    key_for = {Action.APPROVE: "approved", Action.REJECT: "rejected", Action.REOPEN: "reopened"}
    for created_at, moderator_id, action in rows:
        counts[(created_at.date(), moderator_id)][key_for[Action(action)]] += 1
    ids = {m for _, m in counts if m is not None}
    names = (
        dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())
        if ids
        else {}
    )
    return [
        DailyDecisions(day, mod, names.get(mod) if mod is not None else None, **c)
        for (day, mod), c in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0))
    ]


def time_to_first_decision(since: datetime, until: datetime) -> list[float]:
    """Seconds from posting to the first approve/reject, for comments first decided then."""
    first = (
        select(Decision.comment_id, func.min(Decision.created_at).label("first_at"))
        .where(Decision.action.in_([Action.APPROVE, Action.REJECT]))
        .group_by(Decision.comment_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Comment.created_at, first.c.first_at)
        .join(first, first.c.comment_id == Comment.id)
        .where(first.c.first_at >= since, first.c.first_at < until)
    ).all()
    out = []
    for created_at, first_at in rows:
        first_at = _aware(first_at)
        out.append(max(0.0, (first_at - created_at).total_seconds()))
    return out


def _aware(value: Any) -> datetime:
    """Aggregates (min) over a UTC column can come back naive or as text on SQLite."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def flag_stats(since: datetime, until: datetime) -> FlagStats:
    """Per category and per flag source: among comments decided in the window that carried such
    a flag, how many were rejected; plus rejected comments screening did not flag (misses)."""
    rows = db.session.execute(
        select(Comment.status, Comment.flags, Comment.screening_state, Comment.reject_reason).where(
            Comment.status != CommentStatus.PENDING,
            Comment.decided_at >= since,
            Comment.decided_at < until,
        )
    ).all()
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_source: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: dict[str, int] = defaultdict(int)
    not_screened = flagged_count = 0
    for status, flags, state, reason in rows:
        rejected = CommentStatus(status) is CommentStatus.REJECTED
        flags = [f for f in flags or [] if isinstance(f, dict)]
        if not flags:
            if rejected and ScreeningState(state) is ScreeningState.SCREENED:
                misses[reason or "other"] += 1
            elif rejected:
                not_screened += 1
            continue
        flagged_count += 1
        for table, keys in (
            (by_category, {str(f.get("category")) for f in flags}),
            (by_source, {str(f.get("source")) for f in flags}),
            (by_rule, {str(f["rule"]) for f in flags if f.get("rule")}),
        ):
            for key in keys:
                table[key][0] += 1
                table[key][1] += int(rejected)
    order = [c.value for c in Category]
    return FlagStats(
        decided=len(rows),
        decided_flagged=flagged_count,
        by_category=[
            FlagOutcome(k, *by_category[k])
            for k in sorted(by_category, key=lambda k: (order.index(k) if k in order else 99, k))
        ],
        by_source=[FlagOutcome(k, *by_source[k]) for k in sorted(by_source)],
        by_rule=[
            FlagOutcome(k, *by_rule[k]) for k in sorted(by_rule, key=lambda k: (-by_rule[k][0], k))
        ],
        misses=Misses(sum(misses.values()), dict(sorted(misses.items())), not_screened),
    )


def moderation_stats(days: int = DEFAULT_DAYS, now: datetime | None = None) -> ModerationStats:
    """All the statistics for the last `days` days (the backlog is always "now")."""
    since, until = window(days, now)
    durations = time_to_first_decision(since, until)
    return ModerationStats(
        since=since,
        until=until,
        backlog=backlog(until),
        decisions_per_day=decisions_per_day(since, until),
        median_seconds_to_decision=round(statistics.median(durations), 1) if durations else None,
        first_decisions=len(durations),
        flags=flag_stats(since, until),
    )
