"""Evidence spans for model flags: the words whose removal lowers the flagged score most.

Occlusion over words, bounded in cost: a comment's words are grouped into at most
``MAX_VARIANTS`` (8) contiguous windows, each window is removed in turn, and every variant of every
flagged comment in a batch is scored in one model call. The span is the window with the largest
drop, widened to neighbouring windows that drop at least half as much.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence

MAX_VARIANTS = 8
_WORD = re.compile(r"\S+")

Predict = Callable[[Sequence[str]], list[dict[str, float]]]


def windows(text: str, max_variants: int = MAX_VARIANTS) -> list[tuple[int, int]]:
    """Character spans of at most ``max_variants`` groups of consecutive words."""
    words = [m.span() for m in _WORD.finditer(text)]
    if not words:
        return []
    size = math.ceil(len(words) / max_variants)
    return [
        (words[i][0], words[min(i + size, len(words)) - 1][1]) for i in range(0, len(words), size)
    ]


def variants(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """The text with each span removed in turn."""
    return [text[:start] + text[end:] for start, end in spans]


def best_span(
    spans: Sequence[tuple[int, int]],
    base: float,
    occluded: Sequence[float],
) -> tuple[int, int] | None:
    """The window whose removal drops the score most (widened to strong neighbours)."""
    if not spans:
        return None
    drops = [base - score for score in occluded]
    best = max(range(len(drops)), key=drops.__getitem__)
    if drops[best] <= 0:
        return None
    first = last = best
    while first > 0 and drops[first - 1] >= drops[best] / 2:
        first -= 1
    while last + 1 < len(drops) and drops[last + 1] >= drops[best] / 2:
        last += 1
    return spans[first][0], spans[last][1]


def explain(
    texts: Sequence[str],
    wanted: Mapping[int, set[str]],
    base_scores: Sequence[Mapping[str, float]],
    predict: Predict,
    *,
    max_variants: int = MAX_VARIANTS,
) -> dict[int, dict[str, tuple[int, int] | None]]:
    """For text i and each label in wanted[i]: the evidence span, in one batched model call."""
    plan: list[tuple[int, list[tuple[int, int]], int]] = []  # text, its windows, first variant
    batch: list[str] = []
    for i, labels in wanted.items():
        if not labels:
            continue
        spans = windows(texts[i], max_variants)
        if len(spans) == 1:  # one word (group): it is the evidence
            plan.append((i, spans, -1))
            continue
        plan.append((i, spans, len(batch)))
        batch.extend(variants(texts[i], spans))
    scored = predict(batch) if batch else []
    out: dict[int, dict[str, tuple[int, int] | None]] = {}
    for i, spans, first in plan:
        result: dict[str, tuple[int, int] | None] = {}
        for label in wanted[i]:
            if first < 0:
                result[label] = spans[0] if spans else None
                continue
            occluded = [scored[first + k].get(label, 0.0) for k in range(len(spans))]
            result[label] = best_span(spans, base_scores[i].get(label, 0.0), occluded)
        out[i] = result
    return out
