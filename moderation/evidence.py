"""Split a comment into plain and flagged segments, so evidence is highlighted in place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of the original text and the flags whose evidence covers it (empty: plain)."""

    text: str
    flags: list[dict[str, Any]] = field(default_factory=list)


def segments(text: str, flags: list[dict[str, Any]] | None) -> list[Segment]:
    """The text cut at every flag span boundary; overlapping spans share their segments."""
    spans = []
    for flag in flags or []:
        span = flag.get("span")
        if span and 0 <= span[0] < span[1] <= len(text):
            spans.append((span[0], span[1], flag))
    if not spans:
        return [Segment(text)] if text else []
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Segment] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [f for s, e, f in spans if s <= start and end <= e]
        if out and not covering and not out[-1].flags:
            out[-1] = Segment(out[-1].text + text[start:end])
        else:
            out.append(Segment(text[start:end], covering))
    return out
