"""What each rule family adds once the house model is in: recall at equal false flags (dev splits).

For the full rule set and for the rule set without one family at a time, the combiner and
thresholds are refitted on the dev splits exactly as `flask moderation train` fits them
(calibrate.fit); without a family, the model's clean-flag target is raised or lowered (bisection)
until the screening flags the same share of clean dev comments as with every family. The
recall difference is what that family adds at equal false flags. Dev rows only: the test
splits are not read. The model's dev scores are computed once and cached in instance/.

Usage:
  .venv/bin/python scripts/rule_contribution.py [--datasets PATH] [--families a,b]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from moderation.model import artifact, calibrate, corpora, lexical  # noqa: E402
from moderation.model.labels import HOUSE_LABELS  # noqa: E402
from moderation.model.pipeline import text_key  # noqa: E402
from moderation.rules import RuleSet  # noqa: E402

DEFAULT_DATASETS = ROOT.parent / "shared" / "datasets"

#: name -> the rule ids it switches off (RuleSet.without): families, and term lists per kind.
FAMILIES: dict[str, tuple[str, ...]] = {
    "patterns:threats": ("threats",),
    "patterns:attacks": ("attacks",),
    "patterns:abuse": ("abuse",),
    "patterns:hostility": ("hostility",),
    "patterns:promotion": ("promotion",),
    "terms:misspelled": ("spelling",),
    "terms:profanity": ("terms#profanity",),
    "terms:vulgarity": ("terms#vulgarity",),
    "terms:threats": ("terms#threats",),
    "terms:attacks": ("terms#attacks",),
    "terms:slurs": tuple(
        f"terms#{n}" for n in ("racism", "homophobia", "sexism", "xenophobia", "ableism")
    ),
    "terms:promotion": ("terms#promotion_personal", "terms#promotion_commercial"),
}


def _dev_scores(rows: list[corpora.Example], cache: Path) -> dict[str, dict[str, float]]:
    """Both models' dev scores, as training's scores file holds them: the transformer's
    (cached, minutes to compute) and the shipped lexical model's (seconds, never cached)."""
    if not cache.exists():
        from moderation.model.house import HouseClassifier

        house = HouseClassifier(artifact.SHIPPED_DIR)
        texts = [r.text for r in rows]
        cache.parent.mkdir(parents=True, exist_ok=True)
        with cache.open("w", encoding="utf-8") as fh:
            for start in range(0, len(texts), 256):
                batch = texts[start : start + 256]
                for text, scores in zip(batch, house.predict(batch), strict=True):
                    values = [float(scores[label]) for label in HOUSE_LABELS]
                    fh.write(json.dumps({"key": text_key(text), "scores": values}) + "\n")
    model = lexical.load(artifact.SHIPPED_DIR)
    merged = cache.with_name("dev_scores_both.jsonl")
    by_key = {text_key(r.text): r.text for r in rows}
    with cache.open(encoding="utf-8") as src, merged.open("w", encoding="utf-8") as out:
        lines = [json.loads(line) for line in src]
        lex = model.scores([by_key[row["key"]] for row in lines]) if model is not None else None
        for n, row in enumerate(lines):
            if lex is not None:
                row["lexical"] = lex[n]
            out.write(json.dumps(row) + "\n")
    return calibrate.read_scores(merged)


def _figures(dev: list[calibrate.Evidence], target: float) -> tuple[float, float]:
    combiner = calibrate.fit(dev, target_clean_rate=target)
    overall = calibrate.evaluate(dev, combiner)["all"]
    return overall["recall"]["rate"], overall["clean_flagged"]["rate"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument(
        "--families",
        default=",".join(FAMILIES),
        help="names above, or rule ids to switch off together joined by '+' "
        "(hostility#deny-have-no+hostility#deny-can-never-be)",
    )
    args = parser.parse_args()
    meta = artifact.read_meta(artifact.SHIPPED_DIR)
    examples, _ = corpora.load(args.datasets, sorted(meta["data"]))
    dev_rows = [e for e in examples if e.split == "dev"]
    scores = _dev_scores(dev_rows, ROOT / "instance" / "rule-contribution" / "dev_scores.jsonl")
    started = time.perf_counter()
    full = calibrate.gather(dev_rows, scores, RuleSet.load(), text_key)
    recall, clean = _figures(full, calibrate.TARGET_CLEAN_RATE)
    rule_flagged = sum(bool(r.flags) for r in full)
    print(
        f"all families: recall {recall:.4f}, clean flagged {clean:.4f} "
        f"({len(full)} dev rows, {rule_flagged} with a rule flag)",
        file=sys.stderr,
    )
    table = []
    for name in args.families.split(","):
        rules = RuleSet.load().without(*FAMILIES.get(name, tuple(name.split("+"))))
        dev = calibrate.gather(dev_rows, scores, rules, text_key)
        lost = sum(bool(a.flags) and not b.flags for a, b in zip(full, dev, strict=True))
        low, high = 0.0, 0.15
        best = _figures(dev, calibrate.TARGET_CLEAN_RATE)
        for _ in range(7):  # the model target at which this rule set flags as many clean rows
            middle = (low + high) / 2
            r, c = _figures(dev, middle)
            if c <= clean:
                best, low = (r, c), middle
            else:
                high = middle
        table.append((name, lost, best[0], best[1], recall - best[0]))
        print(f"{name}: {table[-1]} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

    print(f"\nAll families: recall {recall:.3f} at {clean:.3f} clean flagged (dev splits).\n")
    print(
        "| without | rows losing every rule flag | recall at equal clean flags | clean "
        "flagged | recall the family adds |"
    )
    print("|---|---:|---:|---:|---:|")
    for name, lost, r, c, gain in table:
        print(f"| {name} | {lost} | {r:.3f} | {c:.3f} | {gain:+.3f} |")


if __name__ == "__main__":
    main()
