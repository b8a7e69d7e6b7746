"""Measure screening configurations on the shared labelled datasets; print the docs table.

Usage:
  .venv/bin/python scripts/screening_report.py [--datasets PATH] [--export DIR]
      [--checkpoint CKPT --hf-config DIR]

Configurations: the rule lists alone; rules + alt-profanity-check (the offline configuration of a
machine without Detoxify weights); the word-list baseline better-profanity; and, when a Detoxify
checkpoint is given, rules + Detoxify. `--export DIR` also writes the remapped sets as labelled
JSON lines for `flask moderation evaluate --input DIR/<set>.jsonl`. Dataset text is read at run
time and never stored in the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")


from moderation.evaluation import label_matches  # noqa: E402
from moderation.evaluation_sets import (  # noqa: E402
    DEFAULT_DATASETS,
    Row,
    load_ethos,
    load_hatecheck,
    load_jigsaw,
    load_spam,
)
from moderation.rules import RuleSet  # noqa: E402
from moderation.screener import Screener  # noqa: E402

COUNTER_NEUTRAL = {"counter_quote_nh", "counter_ref_nh", "ident_neutral_nh", "ident_pos_nh"}
Screen = Callable[[Sequence[str]], list[set[str]]]


def export_label(row: Row) -> str | list[str] | None:
    """The row's label for `flask moderation evaluate`, or None when it has no guideline label."""
    if row.source in {"youtube", "sms"}:
        return "promotion" if row.expected else "clean"
    if row.clean:
        return "clean"
    labels = sorted(
        {"profanity" if e == "profanity|vulgarity" else e for e in row.expected} - {"toxic_only"}
    )
    return labels or None


@dataclass
class Column:
    """One configuration's figures."""

    name: str
    figures: dict[str, str]


def _rate(hits: int, total: int) -> str:
    return f"{hits / total:.3f}" if total else "—"


def measure(name: str, screen: Screen, rows: list[Row], batch: int = 64) -> Column:
    """Screen every row and compute the table's figures."""
    started = time.perf_counter()
    flagged: list[set[str]] = []
    for start in range(0, len(rows), batch):
        flagged.extend(screen([r.text for r in rows[start : start + batch]]))
    elapsed = time.perf_counter() - started
    fig: dict[str, str] = {}
    buckets: dict[str, list[bool]] = {}

    def add(key: str, value: bool) -> None:
        buckets.setdefault(key, []).append(value)

    for row, cats in zip(rows, flagged, strict=True):
        label = export_label(row)
        if row.source in {"youtube", "sms"}:
            promo = label_matches("promotion", cats)
            add(
                f"{row.source} spam: promotion recall"
                if row.expected
                else f"{row.source} ham: promotion flagged",
                promo,
            )
            continue
        if label is None:
            continue
        if label == "clean":
            add(f"{row.source} clean: flagged", bool(cats))
            add("all clean: flagged", bool(cats))
            if row.kind in COUNTER_NEUTRAL:
                add("hatecheck counter-speech + neutral: flagged", bool(cats))
            continue
        add(f"{row.source}: recall", bool(cats))
        add("all violations: recall", bool(cats))
        for lab in label:
            category = {"profanity": "profanity|vulgarity"}.get(lab, lab)
            ok = (
                bool(cats & {"profanity", "vulgarity"})
                if lab == "profanity"
                else label_matches(lab, cats)
            )
            add(f"category {category}: recall (right category)", ok)
    for key, values in sorted(buckets.items()):
        fig[key] = f"{_rate(sum(values), len(values))} ({sum(values)}/{len(values)})"
    fig["speed (comments/s, 1 process)"] = f"{len(rows) / elapsed:,.0f}"
    return Column(name, fig)


def rules_screen(rules: RuleSet, classifier=None) -> Screen:  # noqa: ANN001
    screener = Screener(rules, classifier)
    return lambda texts: [set(s.categories) for s in screener.screen(list(texts))]


def better_profanity_screen() -> Screen:
    from better_profanity import profanity

    profanity.load_censor_words()
    return lambda texts: [
        {"profanity"} if profanity.contains_profanity(t) else set() for t in texts
    ]


def main(argv: list[str] | None = None) -> int:
    """Run every configuration and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--export", type=Path, default=None)
    parser.add_argument("--checkpoint", type=Path, default=None)
    parser.add_argument("--hf-config", type=Path, default=None)
    parser.add_argument("--no-baseline", action="store_true", help="skip better-profanity (slow)")
    args = parser.parse_args(argv)
    root: Path = args.datasets
    if not root.is_dir():
        print(f"datasets folder not found: {root} — nothing to measure (pass --datasets PATH).")
        return 0
    sets = {
        "jigsaw": list(load_jigsaw(root)),
        "ethos": list(load_ethos(root)),
        "hatecheck": list(load_hatecheck(root)),
        "spam": list(load_spam(root)),
    }
    rows = [r for part in sets.values() for r in part]
    if args.export:
        args.export.mkdir(parents=True, exist_ok=True)
        for name, part in sets.items():
            with (args.export / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
                for i, row in enumerate(part):
                    label = export_label(row)
                    if label is not None:
                        record = {"id": f"{name}-{i}", "text": row.text, "label": label}
                        fh.write(json.dumps(record) + "\n")
        print(f"exported labelled JSON lines to {args.export}", file=sys.stderr)

    from moderation.classifier import DetoxifyClassifier, ProfanityCheckClassifier

    rules = RuleSet.load()
    columns = [
        measure("rules only", rules_screen(rules), rows),
        measure(
            "rules + alt-profanity-check (offline)",
            rules_screen(rules, ProfanityCheckClassifier()),
            rows,
        ),
    ]
    if not args.no_baseline:
        columns.append(measure("better-profanity (baseline)", better_profanity_screen(), rows))
    if args.checkpoint:
        detox = DetoxifyClassifier(checkpoint=args.checkpoint, hf_config_path=args.hf_config)
        columns.append(measure("rules + Detoxify", rules_screen(rules, detox), rows))
    keys = sorted({k for c in columns for k in c.figures})
    print(f"rule-list version {rules.version}; {len(rows)} comments from {root.name}/\n")
    print("| measure | " + " | ".join(c.name for c in columns) + " |")
    print("|---|" + "---|" * len(columns))
    for key in keys:
        print(f"| {key} | " + " | ".join(c.figures.get(key, "—") for c in columns) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
