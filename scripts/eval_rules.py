"""Measure the rule lists alone on the labelled public datasets (see datasets/README.md).

Usage: .venv/bin/python scripts/eval_rules.py [--datasets PATH] [--show N] [--family NAME]

Prints recall per guideline category, recall of violations overall, the false-flag rate on clean
comments, promotion recall on the spam sets, the screening speed, and the worst misses and false
flags (truncated) for tuning. Dataset rows are read at run time and never stored in the repo.
"""

from __future__ import annotations

import argparse
import csv
import html
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from moderation.guidelines import Category  # noqa: E402
from moderation.rules import RuleSet  # noqa: E402

DEFAULT_DATASETS = ROOT.parent / "shared" / "datasets"
PROMOTION = {Category.COMMERCIAL_PROMOTION.value, Category.PERSONAL_PROMOTION.value}
ABUSE = {"sexism", "racism", "homophobia", "xenophobia"}
MUST_PASS_HATECHECK = {
    "counter_quote_nh",
    "counter_ref_nh",
    "ident_neutral_nh",
    "ident_pos_nh",
    "negate_neg_nh",
    "slur_homonym_nh",
    "slur_reclaimed_nh",
}
HATECHECK_TARGET = {
    "women": "sexism",
    "black people": "racism",
    "Muslims": "racism",
    "gay people": "homophobia",
    "trans people": "homophobia",
    "immigrants": "xenophobia",
    "disabled people": "personal_attack",
}


@dataclass
class Row:
    """One labelled comment: which guideline categories it breaks (empty set: clean)."""

    source: str
    text: str
    expected: set[str]
    clean: bool
    kind: str = ""  # e.g. a HateCheck functionality


@dataclass
class Tally:
    """Hits and totals per key, with examples of misses for tuning."""

    hit: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    misses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, key: str, ok: bool, text: str) -> None:
        self.total[key] += 1
        if ok:
            self.hit[key] += 1
        else:
            self.misses[key].append(text)

    def rate(self, key: str) -> float:
        return self.hit[key] / self.total[key] if self.total[key] else float("nan")


def _csv(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        yield from csv.DictReader(fh, delimiter=delimiter)


def load_jigsaw(root: Path) -> Iterator[Row]:
    """Jigsaw sample: obscene -> profanity/vulgarity, threat, insult, identity_hate -> abuse."""
    for path in sorted((root / "jigsaw-train").glob("*.csv")):
        for r in _csv(path):
            labels = {k for k in ("toxic", "severe_toxic", "obscene", "threat", "insult",
                                  "identity_hate") if r.get(k) == "1"}  # fmt: skip
            expected = set()
            if "obscene" in labels:
                expected.add("profanity|vulgarity")
            if "threat" in labels:
                expected.add("threat")
            if "insult" in labels:
                expected.add("personal_attack")
            if "identity_hate" in labels:
                expected.add("abuse")
            if labels and not expected:
                expected.add("toxic_only")
            yield Row("jigsaw", r["comment_text"], expected, clean=not labels)


def load_ethos(root: Path) -> Iterator[Row]:
    """ETHOS multi-label: annotator fractions >= 0.5 mean yes."""
    path = root / "ethos" / "Ethos_Dataset_Multi_Label.csv"
    if not path.is_file():
        return
    for r in _csv(path, delimiter=";"):
        yes = {k for k, v in r.items() if k != "comment" and _float(v) >= 0.5}
        expected = set()
        if "violence" in yes:
            expected.add("threat")
        if "gender" in yes:
            expected.add("sexism")
        if yes & {"race", "religion"}:
            expected.add("racism")
        if "national_origin" in yes:
            expected.add("xenophobia")
        if "sexual_orientation" in yes:
            expected.add("homophobia")
        if "disability" in yes or ("directed_vs_generalized" in yes and not expected - {"threat"}):
            expected.add("personal_attack")
        if expected:
            yield Row("ethos", r["comment"], expected, clean=False)


def load_hatecheck(root: Path) -> Iterator[Row]:
    """HateCheck: hateful cases by target; the must-pass non-hateful functionalities as clean."""
    path = root / "hatecheck" / "test_suite_cases.csv"
    if not path.is_file():
        return
    for r in _csv(path):
        func = r["functionality"]
        if r["label_gold"] == "hateful":
            target = HATECHECK_TARGET.get(r["target_ident"], "abuse")
            expected = {"threat" if func.startswith("threat") else target}
            yield Row("hatecheck", r["test_case"], expected, clean=False, kind=func)
        elif func in MUST_PASS_HATECHECK:
            yield Row("hatecheck", r["test_case"], set(), clean=True, kind=func)


def load_spam(root: Path) -> Iterator[Row]:
    """YouTube comments and SMS: spam -> promotion; ham kept to count false promotion flags."""
    for path in sorted((root / "youtube-spam").glob("*.csv")):
        for r in _csv(path):
            spam = r.get("label", r.get("CLASS", "0")).strip() == "1"
            text = html.unescape(re.sub(r"<br\s*/?>", " ", r["CONTENT"]))
            yield Row("youtube", text, {"promotion"} if spam else set(), clean=False)
    path = root / "sms-spam" / "SMSSpamCollection"
    if path.is_file():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
            label, _, text = line.partition("\t")
            spam = label.strip() == "spam"
            yield Row("sms", text, {"promotion"} if spam else set(), clean=False)


def _float(value: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def satisfied(expected: str, flagged: set[str]) -> bool:
    """Whether the flagged categories cover one expected label."""
    if expected == "profanity|vulgarity":
        return bool(flagged & {"profanity", "vulgarity"})
    if expected == "abuse":
        return bool(flagged & ABUSE)
    if expected == "promotion":
        return bool(flagged & PROMOTION)
    return expected in flagged


def _short(text: str, width: int = 150) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--show", type=int, default=8, help="examples per miss list")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    root: Path = args.datasets
    if not root.is_dir():
        print(f"datasets folder not found: {root} — nothing to evaluate (pass --datasets PATH).")
        return 0

    rules = RuleSet.load()
    rows = [*load_jigsaw(root), *load_ethos(root), *load_hatecheck(root), *load_spam(root)]
    if not rows:
        print(f"no dataset files found under {root}.")
        return 0

    started = time.perf_counter()
    matches = [rules.match(r.text) for r in rows]
    elapsed = time.perf_counter() - started
    results = [{f.category for f in m} for m in matches]
    chars = sum(len(r.text) for r in rows)

    per_cat, overall, clean, spam, ham = Tally(), Tally(), Tally(), Tally(), Tally()
    clean_no_links = Tally()
    wrong_cat: list[str] = []
    hatecheck_pass = Tally()
    flagged_examples: dict[str, list[str]] = defaultdict(list)
    for row, flagged, flags in zip(rows, results, matches, strict=True):
        evidence = "; ".join(
            f"{f.category}:{row.text[f.span[0] : f.span[1]]!r}" for f in flags if f.span
        )
        if row.source in {"youtube", "sms"}:
            if row.expected:
                spam.add(row.source, bool(flagged & PROMOTION), row.text)
            else:
                is_promo = bool(flagged & PROMOTION)
                ham.add(row.source, not is_promo, f"<{_short(evidence, 60)}> {row.text}")
            continue
        if row.clean:
            passed = not flagged
            clean.add(row.source, passed, row.text)
            # Links and contacts are flagged by design; show the rate without them too.
            clean_no_links.add(row.source, not (flagged - PROMOTION), row.text)
            if row.source == "hatecheck":
                hatecheck_pass.add(row.kind, passed, row.text)
            if not passed:
                flagged_examples[row.source].append(f"<{_short(evidence, 80)}> {_short(row.text)}")
            continue
        real = row.expected - {"toxic_only"}
        overall.add(row.source, bool(flagged), row.text)
        for label in real:
            per_cat.add(label, satisfied(label, flagged), f"[{row.source}] {_short(row.text)}")
        if real and flagged and not any(satisfied(lb, flagged) for lb in real):
            wrong_cat.append(f"{sorted(flagged)} for {sorted(real)}: {_short(row.text)}")

    def line(name: str, tally: Tally, key: str) -> str:
        return f"  {name:<34} {tally.rate(key):6.3f}   ({tally.hit[key]}/{tally.total[key]})"

    print(f"rule-list version {rules.version}; {len(rows)} comments from {root}\n")
    print("Recall per category (flagged with a matching category)")
    for key in sorted(per_cat.total):
        print(line(key, per_cat, key))
    print("\nRecall of violations (any rule flag)")
    for key in sorted(overall.total):
        print(line(key, overall, key))
    all_hit, all_total = sum(overall.hit.values()), sum(overall.total.values())
    print(f"  {'all':<34} {all_hit / all_total:6.3f}   ({all_hit}/{all_total})")
    print("\nFalse-flag rate on clean comments (lower is better)")
    for key in sorted(clean.total):
        print(f"  {key:<34} {1 - clean.rate(key):6.3f}   "
              f"({clean.total[key] - clean.hit[key]}/{clean.total[key]})")  # fmt: skip
    for key in sorted(clean_no_links.total):
        print(f"  {key + ' (not counting promotion)':<34} {1 - clean_no_links.rate(key):6.3f}")
    print("  HateCheck must-pass functionalities:")
    for key in sorted(hatecheck_pass.total):
        print(f"    {key:<32} {1 - hatecheck_pass.rate(key):6.3f} flagged")
    print("\nPromotion (spam sets)")
    for key in sorted(spam.total):
        print(line(f"recall {key} spam", spam, key))
    for key in sorted(ham.total):
        print(f"  {'false promotion on ' + key + ' ham':<34} {1 - ham.rate(key):6.3f}   "
              f"({ham.total[key] - ham.hit[key]}/{ham.total[key]})")  # fmt: skip
    print(f"\nSpeed: {len(rows) / elapsed:,.0f} comments/s on one core "
          f"(mean {chars / len(rows):.0f} chars; {chars / elapsed / 1e6:.2f} MB/s)")  # fmt: skip

    rng = random.Random(args.seed)
    if args.show:
        print("\n--- samples for tuning (truncated; dataset text is not stored anywhere) ---")
        for key in sorted(per_cat.misses):
            misses = per_cat.misses[key]
            print(f"\nmissed {key} ({len(misses)}):")
            for text in rng.sample(misses, min(args.show, len(misses))):
                print("   ", text)
        for key, examples in sorted(flagged_examples.items()):
            print(f"\nfalse flags on clean {key} ({len(examples)}):")
            for text in examples[: args.show * 2]:
                print("   ", text)
        print(f"\nflagged but with another category ({len(wrong_cat)}):")
        for text in rng.sample(wrong_cat, min(args.show, len(wrong_cat))):
            print("   ", text)
        for key in sorted(ham.misses):
            print(f"\nfalse promotion on {key} ham ({len(ham.misses[key])}):")
            for text in ham.misses[key][: args.show]:
                print("   ", _short(text))
        for key in sorted(spam.misses):
            print(f"\nmissed {key} spam ({len(spam.misses[key])}):")
            for text in rng.sample(spam.misses[key], min(args.show, len(spam.misses[key]))):
                print("   ", _short(text))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
