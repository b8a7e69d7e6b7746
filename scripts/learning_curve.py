"""The learning curve: how screening on one site's comments improves with that site's decisions.

A "site" is a labelled corpus the shipped model never trained on, standing in for a newsroom's
comment section: TRAC-1 (English comments on Indian news outlets' Facebook pages; overtly
aggressive = rejected as a personal attack, not aggressive = approved, covertly aggressive left
out as too ambiguous to stand for a moderator's decision). Its training file plays the
moderators' decisions; its dev file, halved by a hash of the text, is the site's dev half (only
used for the ranking figure's cut-off) and test half (every figure below is on it).

For each number of decisions N, two ways to learn from them:
  thresholds  the shipped model; thresholds proposed from the N decisions at the target
              precision (proposals.py, what the Stats page offers) and applied
  retrain     `flask moderation train --with-decisions --adapt`: the shipped adapters trained on
              for two epochs on the N decisions + 2,000 replayed corpus rows, combiner and
              thresholds refitted on the corpora's dev splits + the decisions' dev fifth

Figures: recall of violations and share of clean comments flagged by the product's screening
(rules + model, exactly as the worker runs it), and recall at the risk cut-off that flags 5%
of the site's dev-half clean comments. TRAC is CC BY-NC-SA: an experiment, nothing is shipped.

Usage:
  .venv/bin/python scripts/learning_curve.py [--sizes 0,50,100,200] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from moderation.lifecycle import CommentStatus  # noqa: E402
from moderation.model import artifact, calibrate, corpora, pipeline, site  # noqa: E402
from moderation.model.corpora import bucket, normalise  # noqa: E402
from moderation.model.house import HouseClassifier  # noqa: E402
from moderation.model.proposals import Observation, propose  # noqa: E402
from moderation.model.train import TrainSettings, select_training  # noqa: E402
from moderation.rules import RuleSet  # noqa: E402
from moderation.screener import Screener  # noqa: E402

DEFAULT_DATASETS = ROOT.parent / "shared" / "datasets"
CLEAN_BUDGET = 0.05


def _trac(path: Path) -> list[tuple[str, int]]:
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) >= 3 and row[-1].strip() in {"OAG", "NAG"}:
                out.append((",".join(row[1:-1]).strip(), int(row[-1].strip() == "OAG")))
    return out


LABEL_REASON = {
    "threat": "threat",
    "personal_attack": "personal_attack",
    "identity_abuse": "racism",
    "profanity": "profanity",
    "promotion": "commercial_promotion",
}


def _reason(example: corpora.Example) -> str:
    """The reason a moderator would give: the corpus's most specific label, else "other"."""
    for label, reason in LABEL_REASON.items():
        if example.label(label) == 1:
            return reason
    return "other"


def _corpus_site(datasets: Path, name: str):  # noqa: ANN202
    """(decision pool, dev half, test half) of a corpus: the pool is its train rows that the
    shipped model did not train on (select_training's default selection left them out)."""
    examples, _ = corpora.load(datasets, [name])
    trained = {e.text for e in select_training(examples, TrainSettings())}

    def row(e: corpora.Example) -> tuple[str, int, str | None]:
        violation = e.label("violation")
        return e.text, int(violation), _reason(e) if violation else None

    usable = [e for e in examples if e.label("violation") is not None]
    pool = [row(e) for e in usable if e.split == "train" and e.text not in trained]
    dev = [row(e) for e in usable if e.split == "dev"]
    test = [row(e) for e in usable if e.split == "test"]
    return pool, dev, test


def _trac_site(datasets: Path):  # noqa: ANN202
    measured = _trac(datasets / "trac1-en" / "agr_en_dev.csv")
    seen = {normalise(t) for t, _ in measured}
    pool = _trac(datasets / "trac1-en" / "agr_en_train.csv")
    pool = [(t, y) for t, y in pool if normalise(t) and normalise(t) not in seen]

    def row(t: str, y: int) -> tuple[str, int, str | None]:
        return t, y, "personal_attack" if y else None

    dev = [row(t, y) for t, y in measured if bucket(normalise(t)) < 50]
    test = [row(t, y) for t, y in measured if bucket(normalise(t)) >= 50]
    return [row(t, y) for t, y in pool], dev, test


def _screen(screener: Screener, texts: Sequence[str], batch: int = 64) -> list:
    out = []
    for start in range(0, len(texts), batch):
        out.extend(screener.screen(list(texts[start : start + batch])))
    return out


def _figures(screenings: list, labels: list[int], dev_risks: list[float], dev_labels: list[int]):
    positives = [s for s, y in zip(screenings, labels, strict=True) if y]
    clean = [s for s, y in zip(screenings, labels, strict=True) if not y]
    recall = sum(s.flagged for s in positives) / len(positives)
    clean_rate = sum(s.flagged for s in clean) / len(clean)
    dev_clean = sorted(
        (r for r, y in zip(dev_risks, dev_labels, strict=True) if not y), reverse=True
    )
    cut = dev_clean[int(CLEAN_BUDGET * len(dev_clean))]
    ranked = sum(s.risk > cut for s in positives) / len(positives)
    ranked_clean = sum(s.risk > cut for s in clean) / len(clean)
    return recall, clean_rate, ranked, ranked_clean


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--sizes", default="0,50,100,200")
    parser.add_argument(
        "--site", default="trac", help="trac, or a corpus name (e.g. offenseval_tr, aljazeera)"
    )
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--learning-rate", type=float, default=2e-4)
    parser.add_argument("--share", type=float, default=site.SHARE, help="decisions' weight share")
    parser.add_argument("--workdir", type=Path, default=ROOT / "instance" / "learning-curve")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--replay-rows", type=int, default=2000)
    parser.add_argument("--target-precision", type=float, default=0.8)
    parser.add_argument("--skip-retrain", action="store_true")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    site.SHARE = args.share

    if args.site == "trac":
        pool, dev_half, test_half = _trac_site(args.datasets)
    else:
        pool, dev_half, test_half = _corpus_site(args.datasets, args.site)
    random.Random(args.seed).shuffle(pool)
    print(
        f"site {args.site}: {len(pool)} decisions available, dev half {len(dev_half)}, "
        f"test half {len(test_half)} ({sum(y for _, y, _ in test_half)} violations)",
        file=sys.stderr,
    )
    rules = RuleSet.load()
    shipped = HouseClassifier(artifact.SHIPPED_DIR)
    screener = Screener(rules, shipped)
    test_texts, test_labels = [t for t, _, _ in test_half], [y for _, y, _ in test_half]
    dev_texts, dev_labels = [t for t, _, _ in dev_half], [y for _, y, _ in dev_half]
    rows = []

    def measure(name: str, n: int, s: Screener, seconds: float) -> None:
        dev_screenings = _screen(s, dev_texts)
        dev = [x.risk for x in dev_screenings]
        figures = _figures(_screen(s, test_texts), test_labels, dev, dev_labels)
        on_dev = _figures(dev_screenings, dev_labels, dev, dev_labels)[:2]
        rows.append((name, n, *figures, seconds))
        print(
            f"{name} N={n}: test {figures}; dev half recall/clean {on_dev} ({seconds:.0f} s)",
            file=sys.stderr,
        )

    started = time.perf_counter()
    decision_screenings = _screen(screener, [t for t, _, _ in pool[: max(sizes)]])
    for n in sizes:
        chosen = pool[:n]
        observations = [
            Observation(sc.probabilities, bool(y), reason)
            for (_, y, reason), sc in zip(chosen, decision_screenings, strict=False)
        ]
        proposals = propose(
            observations,
            shipped.combiner.thresholds_for("latin"),
            target_precision=args.target_precision,
        )
        applied = {p.category: p.proposed for p in proposals if p.proposed is not None}
        if os.environ.get("LC_DEBUG"):
            print(proposals, file=sys.stderr)
        print(f"N={n}: proposals {applied}", file=sys.stderr)
        screener.use_site_thresholds(1 if applied else None, applied)
        measure("thresholds", n, screener, time.perf_counter() - started)
    screener.use_site_thresholds(None, {})

    if not args.skip_retrain:
        for n in [n for n in sizes if n > 0]:
            started = time.perf_counter()
            decided = [
                site.DecidedComment(
                    t, CommentStatus.REJECTED if y else CommentStatus.APPROVED, reason
                )
                for t, y, reason in pool[:n]
            ]
            examples = site.examples(decided)
            out = args.workdir / f"n{n}"
            work = args.workdir / f"work{n}"
            pipeline.run(
                args.datasets,
                out,
                settings=TrainSettings(epochs=args.epochs, learning_rate=args.learning_rate),
                workdir=work,
                decisions=examples,
                start_from=artifact.SHIPPED_DIR,
                replay_rows=args.replay_rows,
                score_splits=("dev",),
                version=f"lc-{n}",
                log=lambda line: print(line, file=sys.stderr),
            )
            calibrate.calibrate(
                args.datasets,
                out,
                workdir=work,
                extra_held_out=[e for e in examples if e.split == "dev"],
                log=lambda line: print(line, file=sys.stderr),
            )
            measure(
                "retrain", n, Screener(rules, HouseClassifier(out)), time.perf_counter() - started
            )

    print(
        f"\n| learning from | decisions | recall | clean flagged | recall at {CLEAN_BUDGET:.0%} "
        "clean (risk cut on dev half) | clean at that cut | seconds |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, n, recall, clean, ranked, ranked_clean, seconds in rows:
        print(
            f"| {name} | {n} | {recall:.3f} | {clean:.3f} | {ranked:.3f} | {ranked_clean:.3f} "
            f"| {seconds:.0f} |"
        )


if __name__ == "__main__":
    main()
