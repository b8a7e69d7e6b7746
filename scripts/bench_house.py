"""Benchmark the shipped house model: bare forward rate, fp32 vs dynamic int8, and end to end.

End to end is what a worker does per batch: rule lists, the model, the combiner and occlusion
evidence spans for flagged comments (`Screener.screen`). Comments are synthetic (realistic
lengths, some with violations so occlusion runs), never dataset rows.

Usage: .venv/bin/python scripts/bench_house.py [--comments 256] [--batch 32] [--threads 0]
       [--house DIR]

A benchmark (prints figures), not a test. Target (issue 12): >= 100 comments/s end to end on
2 cores, int8 scores within 0.02 of fp32.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench_screening import synthetic_comments  # noqa: E402

from moderation.model.house import HouseClassifier  # noqa: E402
from moderation.rules import RuleSet  # noqa: E402
from moderation.screener import Screener  # noqa: E402

VIOLATIONS = [
    "Someone should burn down the council building with all of them inside.",
    "You are a brainless idiot and everyone knows it.",
    "Buy cheap followers now at www.example-shop.com, call 0750 123 4567.",
    "This fucking council is a joke.",
]


def _rate(fn, items: int, repeats: int = 3) -> float:  # noqa: ANN001
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        rates.append(items / (time.perf_counter() - start))
    return sorted(rates)[len(rates) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=256)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--house", type=Path, default=None, help="another artifact folder")
    args = parser.parse_args(argv)
    texts = synthetic_comments(args.comments)
    for i in range(0, len(texts), 10):  # one comment in ten breaks the rules
        texts[i] = VIOLATIONS[(i // 10) % len(VIOLATIONS)]
    rules = RuleSet.load()
    print(
        f"house model, {len(texts)} synthetic comments, batch {args.batch}, "
        f"threads {args.threads or 'default'}"
    )
    results = {}
    for quantize in (False, True):
        started = time.perf_counter()
        clf = HouseClassifier(
            args.house, quantize=quantize, batch_size=args.batch, num_threads=args.threads or None
        )
        clf.load()
        load = time.perf_counter() - started
        bare = _rate(lambda c=clf: c.predict(texts), len(texts))
        screener = Screener(rules, clf)

        def run(s: Screener = screener) -> None:
            for start in range(0, len(texts), 128):  # the worker's claim size
                s.screen(texts[start : start + 128])

        e2e = _rate(run, len(texts))
        flagged = sum(s.flagged for s in screener.screen(texts))
        results[quantize] = clf.predict(texts)
        name = "int8" if clf.quantized else "fp32"
        print(
            f"  {name}: load {load:.1f} s, bare forward {bare:.0f}/s, end to end {e2e:.0f}/s "
            f"(flagged {flagged}/{len(texts)})"
        )
    fp32, int8 = results[False], results[True]
    delta = max(abs(a[k] - b[k]) for a, b in zip(fp32, int8, strict=True) for k in a)
    print(f"  int8 vs fp32: max |score difference| {delta:.4f} (target <= 0.02)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
