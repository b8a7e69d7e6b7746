"""Thresholds from the site's decisions: propose (Stats page), apply, undo — versioned.

The web process never loads the model: it reads the house model's house.json (its version and
thresholds) and the calibrated probabilities the worker stored on each screened comment. An
applied set is a ThresholdSet row; the workers pick up the newest standing set for their model
version before each batch (services/worker.py). Undo marks the newest set undone, so the one
before it (or the model's own thresholds) applies again. Nothing is ever deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from extensions import db
from models import Comment, ThresholdSet, User
from models.base import utcnow
from moderation.lifecycle import CommentStatus
from moderation.model.proposals import (
    CATEGORY_REASONS,
    DEFAULT_TARGET_PRECISION,
    Observation,
    Proposal,
    propose,
)
from moderation.model_fetch import ModelUnavailable
from services.errors import Conflict, InvalidInput, NotFound

DEFAULT_DAYS = 90
MAX_DAYS = 366
#: The most recent decided comments read for one proposal (bounded work per page view).
MAX_OBSERVATIONS = 20_000
PRECISION_RANGE = (0.5, 0.99)
MAX_NOTE_CHARS = 500


@dataclass(frozen=True, slots=True)
class HouseModel:
    """What the web process knows of the house model: its version and shipped thresholds."""

    model_version: str  # as recorded on screened comments: "house@<version>"
    thresholds: dict[str, float]


@dataclass(frozen=True, slots=True)
class ProposalPage:
    """Everything the Stats page shows about thresholds."""

    model: HouseModel | None
    unavailable: str | None  # why there is nothing to propose for
    days: int
    target_precision: float
    observed: int
    proposals: list[Proposal]
    active: ThresholdSet | None
    history: list[ThresholdSet]


def house_model(folder: Path | None = None) -> HouseModel:
    """The configured house model's version and thresholds, read from its house.json."""
    from moderation.model import artifact
    from services.screening import engine

    folder = folder or engine().settings.house_dir or artifact.SHIPPED_DIR
    meta = artifact.read_meta(folder)
    combiner = meta.get("combiner") or {}
    thresholds = {k: float(v) for k, v in (combiner.get("thresholds") or {}).items()}
    return HouseModel(f"house@{meta['version']}", thresholds)


def observations(model_version: str, days: int) -> list[Observation]:
    """Decided comments of the window screened by this model version, newest first."""
    since = utcnow() - timedelta(days=days)
    rows = db.session.execute(
        select(Comment.model_probabilities, Comment.status, Comment.reject_reason)
        .where(
            Comment.status.in_([CommentStatus.APPROVED, CommentStatus.REJECTED]),
            Comment.decided_at >= since,
            Comment.model_version == model_version,
            Comment.model_probabilities.is_not(None),
        )
        .order_by(Comment.decided_at.desc(), Comment.id.desc())
        .limit(MAX_OBSERVATIONS)
    ).all()
    return [
        Observation(dict(probabilities), CommentStatus(status) == CommentStatus.REJECTED, reason)
        for probabilities, status, reason in rows
        if isinstance(probabilities, dict)
    ]


def _check(days: int, target_precision: float) -> None:
    errors = {}
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = f"must be between 1 and {MAX_DAYS}"
    low, high = PRECISION_RANGE
    if not low <= target_precision <= high:
        errors["target_precision"] = f"must be between {low} and {high}"
    if errors:
        raise InvalidInput("These thresholds cannot be proposed.", errors)


def proposal_page(
    days: int = DEFAULT_DAYS, target_precision: float = DEFAULT_TARGET_PRECISION
) -> ProposalPage:
    """Proposals from the window's decisions, the standing set and the history of sets."""
    _check(days, target_precision)
    try:
        model = house_model()
    except ModelUnavailable as exc:
        return ProposalPage(None, str(exc), days, target_precision, 0, [], None, [])
    return _page(model, days, target_precision)


def _page(model: HouseModel, days: int, target_precision: float) -> ProposalPage:
    active = ThresholdSet.active(db.session, model.model_version)
    # The threshold in use: the model's own, with the standing site set on top.
    current = {**model.thresholds, **(active.thresholds if active is not None else {})}
    observed = observations(model.model_version, days)
    proposals = propose(observed, current, target_precision=target_precision)
    history = list(
        db.session.scalars(select(ThresholdSet).order_by(ThresholdSet.id.desc()).limit(20))
    )
    return ProposalPage(
        model, None, days, target_precision, len(observed), proposals, active, history
    )


def apply(
    categories: Iterable[str],
    *,
    days: int,
    target_precision: float,
    applied_by: User | None,
    note: str | None = None,
) -> ThresholdSet:
    """Apply the proposals of these categories, recomputed here from the same window and target
    (never numbers sent by the browser), on top of the standing set. Returns the new set."""
    _check(days, target_precision)
    chosen = list(dict.fromkeys(c for c in categories if c))
    unknown = [c for c in chosen if c not in CATEGORY_REASONS]
    if not chosen or unknown:
        raise InvalidInput(
            "Choose which proposals to apply.",
            {"categories": f"unknown: {', '.join(unknown)}" if unknown else "none chosen"},
        )
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE_CHARS:
        raise InvalidInput(
            "The note is too long.", {"note": f"at most {MAX_NOTE_CHARS} characters"}
        )
    try:
        model = house_model()
    except ModelUnavailable as exc:
        raise Conflict(f"No house model to apply thresholds to: {exc}") from None
    page = _page(model, days, target_precision)
    by_category = {p.category: p for p in page.proposals}
    refused = {c: by_category[c].note or "no change" for c in chosen if not by_category[c].changes}
    if refused:
        raise Conflict(
            "Only a proposal that changes a threshold can be applied.",
            refused,
        )
    active = page.active
    thresholds = dict(active.thresholds) if active is not None else {}
    thresholds.update({c: float(by_category[c].proposed) for c in chosen})  # type: ignore[arg-type]
    row = ThresholdSet(
        model_version=model.model_version,
        thresholds=thresholds,
        basis={
            "days": days,
            "target_precision": target_precision,
            "decisions": page.observed,
            "replaces": active.id if active is not None else None,
            "proposals": [by_category[c].to_dict() for c in chosen],
        },
        note=note,
        created_by=applied_by.id if applied_by is not None else None,
    )
    db.session.add(row)
    db.session.commit()
    return row


def undo(set_id: int, *, undone_by: User | None) -> ThresholdSet:
    """Undo the standing set; the one before it (or the model's thresholds) applies again."""
    row = db.session.get(ThresholdSet, set_id)
    if row is None:
        raise NotFound(f"no threshold set {set_id}")
    if row.undone_at is not None:
        raise Conflict(f"threshold set {set_id} was already undone")
    active = ThresholdSet.active(db.session, row.model_version)
    if active is None or active.id != row.id:
        raise Conflict(
            f"threshold set {set_id} is not the newest standing one: undo set "
            f"{active.id if active else '?'} first"
        )
    row.undone_at = utcnow()
    row.undone_by = undone_by.id if undone_by is not None else None
    db.session.commit()
    return row
