"""A digest of every rule flag on the held-out rows: proof that a restructuring of the rules
changed nothing users see.

Usage:
  .venv/bin/python scripts/rule_flags_digest.py [--datasets PATH] [--out flags.txt]

Runs RuleSet.load().match over the dev and test splits of every corpus plus HateCheck and
ETHOS (29,827 rows with the shared datasets of 2026-12) and prints the row count, the time, and
a SHA-256 of (row, category, detail, span) of every flag — equal before and after a change
means the same flags in the same places — and one of the rule ids (which change when shapes
are renamed). `--out` writes one line per flag, to diff two runs. Dataset text is read at run
time and never stored.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from moderation import evaluation_sets  # noqa: E402
from moderation.model import corpora  # noqa: E402
from moderation.rules import RuleSet  # noqa: E402

DEFAULT_DATASETS = ROOT.parent / "shared" / "datasets"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    examples, _ = corpora.load(args.datasets)
    texts = [e.text for e in examples if e.split in ("dev", "test")]
    texts += [row.text for row in evaluation_sets.load_hatecheck(args.datasets)]
    texts += [row.text for row in evaluation_sets.load_ethos(args.datasets)]
    rules = RuleSet.load()
    flags_digest, rules_digest = hashlib.sha256(), hashlib.sha256()
    lines: list[str] = []
    started = time.perf_counter()
    for i, text in enumerate(texts):
        for flag in rules.match(text):
            line = f"{i}|{flag.category}|{flag.detail}|{flag.span}"
            flags_digest.update(f"{line}\n".encode())
            rules_digest.update(f"{i}|{flag.rule}\n".encode())
            lines.append(f"{line}|{flag.rule}")
    elapsed = time.perf_counter() - started
    print(
        f"{len(texts)} rows, {len(lines)} flags in {elapsed:.1f} s; "
        f"flags {flags_digest.hexdigest()[:16]}, rule ids {rules_digest.hexdigest()[:16]}"
    )
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
