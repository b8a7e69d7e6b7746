"""Thresholds proposed from the site's own decisions, at a target precision.

The shipped thresholds were chosen on public corpora's dev splits. A site's moderators say, with
every decision, which screened comments break *their* guidelines: for each combined category,
the lowest threshold on the calibrated probability at which at least ``target_precision`` of
the comments it would flag were rejected is the one that flags the most of that category's
rejections (recall) without flagging more approved comments than the target allows.

Precision counts a flag as upheld when the comment was rejected for any reason (as the Stats
page does); recall counts the comments rejected for that category's reasons. A category with
too few decisions gets no proposal, and says how many more it needs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from moderation.guidelines import Reason
from moderation.model.combiner import RISK

#: Which rejection reasons each combined category's flag is meant to catch.
CATEGORY_REASONS: dict[str, frozenset[str]] = {
    "profanity": frozenset({Reason.PROFANITY, Reason.VULGARITY}),
    "threat": frozenset({Reason.THREAT}),
    "personal_attack": frozenset({Reason.PERSONAL_ATTACK}),
    "identity_abuse": frozenset(
        {Reason.SEXISM, Reason.RACISM, Reason.HOMOPHOBIA, Reason.XENOPHOBIA}
    ),
    "promotion": frozenset({Reason.COMMERCIAL_PROMOTION, Reason.PERSONAL_PROMOTION, Reason.SPAM}),
    # "Likely violation": every reason the model could see in the text alone.
    RISK: frozenset(r.value for r in Reason if r is not Reason.OFF_TOPIC),
}
DEFAULT_TARGET_PRECISION = 0.8
MIN_POSITIVES = 10
MIN_APPROVED = 20
MIN_FLAGGED = 5
#: Never propose a threshold outside these bounds (a proposal is advice; these keep it sane).
FLOOR, CEILING = 0.02, 0.99


@dataclass(frozen=True, slots=True)
class Observation:
    """One decided comment: its calibrated probabilities at screening and the decision."""

    probabilities: Mapping[str, float]
    rejected: bool
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Proposal:
    """The threshold proposed for one category, with what it would have done on the decisions."""

    category: str
    current: float | None
    proposed: float | None
    positives: int  # rejected for this category's reasons
    approved: int
    precision_now: float | None
    recall_now: float | None
    precision_new: float | None
    recall_new: float | None
    note: str = ""

    @property
    def changes(self) -> bool:
        """A proposal that differs from the threshold in use."""
        return self.proposed is not None and (
            self.current is None or abs(self.proposed - self.current) >= 0.0005
        )

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (stored as the basis of an applied set)."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _at(
    rows: list[tuple[float, bool, bool]], threshold: float
) -> tuple[float | None, float | None, int]:
    """(precision, recall, flagged) at a threshold: rows are (p, rejected, positive)."""
    flagged = [(rejected, positive) for p, rejected, positive in rows if p >= threshold]
    positives = sum(positive for _, _, positive in rows)
    upheld = sum(rejected for rejected, _ in flagged)
    caught = sum(positive for _, positive in flagged)
    precision = round(upheld / len(flagged), 4) if flagged else None
    recall = round(caught / positives, 4) if positives else None
    return precision, recall, len(flagged)


def propose(
    observations: Iterable[Observation],
    current: Mapping[str, float | None],
    *,
    target_precision: float = DEFAULT_TARGET_PRECISION,
    min_positives: int = MIN_POSITIVES,
    min_approved: int = MIN_APPROVED,
) -> list[Proposal]:
    """One proposal per combined category (and the risk), in CATEGORY_REASONS order."""
    if not 0.0 < target_precision <= 1.0:
        raise ValueError("target precision must be in (0, 1]")
    observed = list(observations)
    out = []
    for category, reasons in CATEGORY_REASONS.items():
        rows = [
            (float(o.probabilities[category]), o.rejected, o.rejected and o.reason in reasons)
            for o in observed
            if category in o.probabilities
        ]
        positives = sum(r[2] for r in rows)
        approved = sum(not r[1] for r in rows)
        now = current.get(category)
        precision_now, recall_now, _ = _at(rows, now) if now is not None else (None, None, 0)
        proposal: dict[str, Any] = {
            "category": category,
            "current": now,
            "positives": positives,
            "approved": approved,
            "precision_now": precision_now,
            "recall_now": recall_now,
        }
        if positives < min_positives or approved < min_approved:
            needs = []
            if positives < min_positives:
                needs.append(f"{min_positives - positives} more rejections for it")
            if approved < min_approved:
                needs.append(f"{min_approved - approved} more approvals")
            out.append(
                Proposal(
                    **proposal,
                    proposed=None,
                    precision_new=None,
                    recall_new=None,
                    note="needs " + " and ".join(needs),
                )
            )
            continue
        best: tuple[float, float | None, float | None] | None = None
        for candidate in sorted({p for p, _, positive in rows if positive}, reverse=True):
            t = min(CEILING, max(FLOOR, candidate))
            precision, recall, flagged = _at(rows, t)
            if flagged >= MIN_FLAGGED and precision is not None and precision >= target_precision:
                best = (t, precision, recall)  # lower and lower: more recall, still precise
        if best is None:
            out.append(
                Proposal(
                    **proposal,
                    proposed=None,
                    precision_new=None,
                    recall_new=None,
                    note=f"no threshold reaches {target_precision:.0%} precision",
                )
            )
            continue
        # Rounded down (never past the comment it was chosen at); figures at what is proposed.
        t = math.floor(best[0] * 10_000) / 10_000
        precision, recall, _ = _at(rows, t)
        out.append(
            Proposal(
                **proposal,
                proposed=t,
                precision_new=precision,
                recall_new=recall,
            )
        )
    return out
