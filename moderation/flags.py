"""The screening output, one shape everywhere (worker, dashboard, API, CLI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Flag:
    """One reason a comment may break the guidelines, with its evidence."""

    category: str
    source: str  # "rule" or a model name such as "detoxify:unbiased"
    detail: str  # which list and term ("threats/en: 'we know where you live'") or model label
    span: tuple[int, int] | None = None  # [start, end) in the ORIGINAL comment text
    score: float | None = None  # model flags only
    threshold: float | None = None  # model flags only
    #: Rule flags only: the family and shape that fired ("threats#know-where",
    #: "terms#profanity/en"), so each shape's precision can be measured from decisions.
    rule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ARCHITECTURE.md."""
        out: dict[str, Any] = {
            "category": self.category,
            "source": self.source,
            "detail": self.detail,
            "span": list(self.span) if self.span is not None else None,
            "score": round(self.score, 4) if self.score is not None else None,
        }
        if self.threshold is not None:
            out["threshold"] = self.threshold
        if self.rule is not None:
            out["rule"] = self.rule
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Flag:
        """Inverse of to_dict (flags are stored as JSON on the comment)."""
        span = data.get("span")
        return cls(
            category=data["category"],
            source=data["source"],
            detail=data["detail"],
            span=(int(span[0]), int(span[1])) if span else None,
            score=data.get("score"),
            threshold=data.get("threshold"),
            rule=data.get("rule"),
        )


@dataclass(frozen=True, slots=True)
class Screening:
    """The verdict of the screening step for one comment."""

    risk: float
    flagged: bool
    categories: list[str]
    flags: list[Flag] = field(default_factory=list)
    #: The house model's calibrated probability per combined category and of any violation
    #: ("violation"), flagged or not: stored so thresholds can be proposed from decisions.
    probabilities: dict[str, float] = field(default_factory=dict)
    #: Why this screening is partial, when it is (shown to moderators with the comment).
    note: str | None = None
    #: The rejection reason pre-selected for moderators (policy.suggested_reason), decided once
    #: here and stored with the comment: reads never recompute it.
    suggested_reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ARCHITECTURE.md."""
        return {
            "risk": round(self.risk, 4),
            "flagged": self.flagged,
            "categories": list(self.categories),
            "suggested_reason": self.suggested_reason,
            "flags": [f.to_dict() for f in self.flags],
        }
