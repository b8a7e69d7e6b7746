"""Measuring screening against labelled comments: recall per category and false flags on clean."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from moderation.flags import Screening
from moderation.guidelines import ABUSE_CATEGORIES, Category

CLEAN = "clean"
#: Group labels for sets whose labels are coarser than the guidelines (e.g. "identity hate").
GROUPS: dict[str, frozenset[str]] = {
    "abuse": frozenset(c.value for c in ABUSE_CATEGORIES),
    "promotion": frozenset(
        {Category.COMMERCIAL_PROMOTION.value, Category.PERSONAL_PROMOTION.value}
    ),
}
_KNOWN = {c.value for c in Category} | {CLEAN} | set(GROUPS)


def label_matches(label: str, categories: frozenset[str] | set[str]) -> bool:
    """Whether flagged categories cover a label (a group label is covered by any member)."""
    return bool(categories & GROUPS[label]) if label in GROUPS else label in categories


def parse_labels(raw: str | list[str]) -> frozenset[str]:
    """A label or list of labels: categories, or "clean"; ValueError names what is wrong."""
    labels = frozenset([raw] if isinstance(raw, str) else raw)
    unknown = labels - _KNOWN
    if unknown or not labels:
        raise ValueError(
            f"unknown label(s) {sorted(unknown)}; "
            f"use a category ({', '.join(sorted(_KNOWN - {CLEAN}))}) or {CLEAN!r}"
        )
    if CLEAN in labels and len(labels) > 1:
        raise ValueError("'clean' cannot be combined with categories")
    return labels


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled comment and what screening said of it."""

    id: str
    text: str
    labels: frozenset[str]  # categories, or {"clean"}
    flagged: bool
    categories: frozenset[str]
    risk: float

    @classmethod
    def from_record(cls, record: dict[str, Any], result: Screening) -> Example:
        """From an input line {"id", "text", "label"} and its screening."""
        labels = parse_labels(record["label"])
        return cls(
            id=str(record["id"]),
            text=record["text"],
            labels=labels,
            flagged=result.flagged,
            categories=frozenset(result.categories),
            risk=result.risk,
        )

    @property
    def is_clean(self) -> bool:
        """Labelled as breaking no guideline."""
        return CLEAN in self.labels


@dataclass(frozen=True, slots=True)
class CategoryScore:
    """How screening did on the comments labelled with one category."""

    category: str
    total: int
    flagged: int  # flagged at all: a moderator sees it at the top of the queue
    exact: int  # flagged with this very category

    @property
    def recall(self) -> float:
        """Share flagged at all."""
        return self.flagged / self.total if self.total else 0.0

    @property
    def exact_recall(self) -> float:
        """Share flagged with the right category."""
        return self.exact / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Report:
    """The evaluation of one labelled set."""

    total: int
    violations: int
    violations_flagged: int
    clean: int
    clean_flagged: int
    per_category: list[CategoryScore] = field(default_factory=list)
    worst_misses: list[Example] = field(default_factory=list)
    worst_false_flags: list[Example] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of violations flagged."""
        return self.violations_flagged / self.violations if self.violations else 0.0

    @property
    def false_flag_rate(self) -> float:
        """Share of clean comments flagged."""
        return self.clean_flagged / self.clean if self.clean else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "total": self.total,
            "violations": self.violations,
            "recall": round(self.recall, 4),
            "clean": self.clean,
            "false_flag_rate": round(self.false_flag_rate, 4),
            "per_category": {
                s.category: {
                    "total": s.total,
                    "recall": round(s.recall, 4),
                    "exact_recall": round(s.exact_recall, 4),
                }
                for s in self.per_category
            },
            "worst_misses": [e.id for e in self.worst_misses],
            "worst_false_flags": [e.id for e in self.worst_false_flags],
        }


def evaluate(examples: Iterable[Example], *, worst: int = 10) -> Report:
    """Score a labelled set."""
    items = list(examples)
    violations = [e for e in items if not e.is_clean]
    clean = [e for e in items if e.is_clean]
    per_category = []
    for category in [c.value for c in Category] + list(GROUPS):
        labelled = [e for e in violations if category in e.labels]
        if labelled:
            per_category.append(
                CategoryScore(
                    category,
                    len(labelled),
                    sum(e.flagged for e in labelled),
                    sum(label_matches(category, e.categories) for e in labelled),
                )
            )
    misses = sorted((e for e in violations if not e.flagged), key=lambda e: (e.risk, e.id))
    false_flags = sorted((e for e in clean if e.flagged), key=lambda e: (-e.risk, e.id))
    return Report(
        total=len(items),
        violations=len(violations),
        violations_flagged=sum(e.flagged for e in violations),
        clean=len(clean),
        clean_flagged=sum(e.flagged for e in clean),
        per_category=per_category,
        worst_misses=misses[:worst],
        worst_false_flags=false_flags[:worst],
    )


def _short(text: str, width: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def format_report(report: Report) -> str:
    """A plain-text table for the terminal."""
    lines = [
        f"comments: {report.total}  violations: {report.violations}  clean: {report.clean}",
        f"recall of violations: {report.recall:.3f} "
        f"({report.violations_flagged}/{report.violations})",
        f"false-flag rate on clean: {report.false_flag_rate:.3f} "
        f"({report.clean_flagged}/{report.clean})",
        "",
        f"{'category':<22}{'n':>7}{'recall':>9}{'exact':>9}",
    ]
    for s in report.per_category:
        lines.append(f"{s.category:<22}{s.total:>7}{s.recall:>9.3f}{s.exact_recall:>9.3f}")
    if report.worst_misses:
        lines += ["", "worst misses (violations not flagged):"]
        lines += [
            f"  [{e.id}] {'/'.join(sorted(e.labels))}: {_short(e.text)}"
            for e in report.worst_misses
        ]
    if report.worst_false_flags:
        lines += ["", "worst false flags (clean comments flagged):"]
        lines += [
            f"  [{e.id}] {'/'.join(sorted(e.categories))} risk {e.risk:.2f}: {_short(e.text)}"
            for e in report.worst_false_flags
        ]
    return "\n".join(lines)
