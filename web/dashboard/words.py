"""Plain words for moderators: what a flag found, what the risk means, what a degraded
screening means for their work. The technical detail (rule id, list, label, exception) stays
one hover away for whoever maintains the rules, and in the log and /healthz for staff."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from moderation.guidelines import REASONS, Category, reason_for_category

#: What the risk number means, for the hover on its label.
RISK_HELP = (
    "How likely this comment breaks the guidelines, from 0% (surely fine) to 100% (surely "
    "breaks them), from the rules and the model together. The queue shows the likeliest first; "
    "every comment still waits for a person."
)


def category_label(category: str) -> str:
    """The guideline's name for a category ("Personal attack", "Commercial promotion")."""
    try:
        return REASONS[reason_for_category(Category(category))].label
    except ValueError:
        return category.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class FlagWords:
    """One flag as a moderator reads it."""

    label: str  # "Threat"
    words: str  # "matched “we know where you live”" / "model: 97% likely (flags from 90%)"
    technical: str  # "rule threats#know-where · threats/en: intent+target pattern"


def flag_words(flag: dict[str, Any], body: str) -> FlagWords:
    """A stored flag in plain words; `body` is the comment it was found in."""
    label = category_label(str(flag.get("category", "")))
    source = str(flag.get("source", ""))
    detail = str(flag.get("detail", ""))
    span = flag.get("span")
    score, threshold = flag.get("score"), flag.get("threshold")
    technical = " · ".join(x for x in (f"rule {flag['rule']}" if flag.get("rule") else source,
                                        detail) if x)  # fmt: skip
    if source == "rule":
        if span and 0 <= span[0] < span[1] <= len(body):
            matched = " ".join(body[span[0] : span[1]].split())
            if len(matched) > 80:
                matched = matched[:77] + "…"
            return FlagWords(label, f"matched “{matched}”", technical)
        return FlagWords(label, "matched a rule", technical)
    if score is not None:
        likely = f"model: {round(float(score) * 100)}% likely"
        if threshold is not None:
            likely += f" (flags from {round(float(threshold) * 100)}%)"
        return FlagWords(label, likely, technical)
    return FlagWords(label, f"flagged by {source or 'screening'}", technical)


def banner_words(health: dict[str, Any]) -> str | None:
    """What a degraded screening means for a moderator's work (None: screening is fine)."""
    status = health.get("status")
    if status == "ok":
        return None
    if status == "no-worker":
        return (
            "Automatic screening is not running. New comments still arrive here, but without "
            "flags or a risk: read each one yourself before you approve it."
        )
    model = health.get("model") or {}
    if model.get("fallback") and model.get("name") not in (None, "", "none"):
        return (
            "Automatic screening runs on its reduced offline model: fewer comments are flagged "
            "than usual, so read unflagged comments with more care."
        )
    return (
        "Automatic screening uses the word lists only (no model): many violations arrive "
        "unflagged, so read every comment with care."
    )
