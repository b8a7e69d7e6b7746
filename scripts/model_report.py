"""Measure the house model: before/after on the held-out splits, a TF-IDF baseline, HateCheck
by functionality, and the regional-news tables written for this product. Prints Markdown.

Usage:
  .venv/bin/python scripts/model_report.py [--datasets PATH] [--house DIR] [--split test|dev]

"Before" is the offline configuration that shipped until the house model (rule lists +
alt-profanity-check through the hand-weighted policy); "after" is the house model + rule lists
through the fitted combiner, scored by the very classifier the worker loads (Detoxify's code).
Nothing here chooses anything: thresholds and the combiner were fitted on the dev splits.
Dataset text is read at run time and never stored.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from moderation.classifier import ProfanityCheckClassifier  # noqa: E402
from moderation.combined_policy import combined_verdict  # noqa: E402
from moderation.model import artifact, corpora  # noqa: E402
from moderation.model.house import HouseClassifier  # noqa: E402
from moderation.model.labels import HOUSE_LABELS  # noqa: E402
from moderation.model.pipeline import auc  # noqa: E402
from moderation.model.train import TrainSettings, select_training  # noqa: E402
from moderation.rules import RuleSet  # noqa: E402
from moderation.screener import Screener  # noqa: E402

DEFAULT_DATASETS = ROOT.parent / "shared" / "datasets"
MUST_PASS = {
    "counter_quote_nh", "counter_ref_nh", "ident_neutral_nh", "ident_pos_nh",
    "negate_neg_nh", "slur_homonym_nh", "slur_reclaimed_nh",
}  # fmt: skip


def _rate(hits: int, total: int) -> str:
    return f"{hits / total:.3f}" if total else "—"


def _screen(screener: Screener, texts: Sequence[str], batch: int = 64) -> list:
    out = []
    for start in range(0, len(texts), batch):
        out.extend(screener.screen(list(texts[start : start + batch])))
    return out


def before_after(rows: list[corpora.Example], before: list, after: list) -> list[str]:
    """Recall of violations and clean flagged per corpus, both configurations."""
    v = HOUSE_LABELS.index("violation")
    table = defaultdict(lambda: [[0, 0, 0, 0], [0, 0, 0, 0]])  # hits, positives, fp, clean
    risks = defaultdict(lambda: ([], [], []))
    for e, b, a in zip(rows, before, after, strict=True):
        target = e.target[v]
        if target is None:
            continue
        for corpus in (e.corpus, "all"):
            for k, s in enumerate((b, a)):
                t = table[corpus][k]
                if target == 1:
                    t[0] += int(s.flagged)
                    t[1] += 1
                else:
                    t[2] += int(s.flagged)
                    t[3] += 1
            ys, rb, ra = risks[corpus]
            ys.append(target)
            rb.append(b.risk)
            ra.append(a.risk)
    lines = [
        "| corpus | violations | recall before | recall after | clean | clean flagged before "
        "| clean flagged after | risk AUC before | risk AUC after |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for corpus in sorted(table, key=lambda c: (c == "all", c)):
        (bh, bp, bf, bc), (ah, ap, af, ac) = table[corpus]
        ys, rb, ra = risks[corpus]
        aucs = [auc(ys, r) for r in (rb, ra)]
        cells = [f"{x:.3f}" if x is not None else "—" for x in aucs]
        lines.append(
            f"| {corpus} | {bp} | {_rate(bh, bp)} | {_rate(ah, ap)} | {bc} | {_rate(bf, bc)} "
            f"| {_rate(af, ac)} | {cells[0]} | {cells[1]} |"
        )
    return lines


def baseline(
    examples: list[corpora.Example], split: list[corpora.Example], scores: list[dict[str, float]]
) -> list[str]:
    """Model AUC per corpus and label vs TF-IDF + logistic regression on the same training rows."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    train = select_training(examples, TrainSettings())
    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, max_features=200_000, sublinear_tf=True
    )
    x_train = vectorizer.fit_transform([e.text for e in train])
    x_test = vectorizer.transform([e.text for e in split])
    lines = [
        "| corpus | label | rows | positives | house AUC | TF-IDF LR AUC |",
        "|---|---|---|---|---|---|",
    ]
    for i, label in enumerate(HOUSE_LABELS):
        idx = [k for k, e in enumerate(train) if e.target[i] is not None]
        ys = [train[k].target[i] for k in idx]
        if len(set(ys)) < 2:
            continue
        lr = LogisticRegression(max_iter=2000, C=4.0).fit(x_train[idx], ys)
        base_scores = lr.predict_proba(x_test)[:, 1]
        by_corpus = defaultdict(lambda: ([], [], []))
        for k, e in enumerate(split):
            if e.target[i] is None:
                continue
            for corpus in (e.corpus, "all"):
                y, h, b = by_corpus[corpus]
                y.append(e.target[i])
                h.append(scores[k][label])
                b.append(base_scores[k])
        for corpus in sorted(by_corpus, key=lambda c: (c == "all", c)):
            y, h, b = by_corpus[corpus]
            ha, ba = auc(y, h), auc(y, b)
            if ha is None:
                continue
            lines.append(f"| {corpus} | {label} | {len(y)} | {sum(y)} | {ha:.3f} | {ba:.3f} |")
    return lines


def hatecheck(root: Path, before: Screener, after: Screener) -> list[str]:
    """Share flagged per HateCheck functionality (hateful ones: higher is better)."""
    path = root / "hatecheck" / "test_suite_cases.csv"
    if not path.is_file():
        return ["(HateCheck not found)"]
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    texts = [r["test_case"] for r in rows]
    b, a = _screen(before, texts), _screen(after, texts)
    by = defaultdict(lambda: [0, 0, 0, r"?"])
    for r, sb, sa in zip(rows, b, a, strict=True):
        t = by[r["functionality"]]
        t[0] += int(sb.flagged)
        t[1] += int(sa.flagged)
        t[2] += 1
        t[3] = r["label_gold"]
    lines = [
        "| functionality | gold | cases | flagged before | flagged after |",
        "|---|---|---|---|---|",
    ]
    totals = defaultdict(lambda: [0, 0, 0])
    for func in sorted(by):
        fb, fa, n, gold = by[func]
        lines.append(f"| {func} | {gold} | {n} | {_rate(fb, n)} | {_rate(fa, n)} |")
        group = (
            "hateful"
            if gold == "hateful"
            else ("must-pass" if func in MUST_PASS else "other non-hateful")
        )
        for k, v in enumerate((fb, fa, n)):
            totals[group][k] += v
    for group, (fb, fa, n) in sorted(totals.items()):
        lines.append(f"| **{group}** | | {n} | {_rate(fb, n)} | {_rate(fa, n)} |")
    counter = [
        f
        for f in by
        if f in {"counter_quote_nh", "counter_ref_nh", "ident_neutral_nh", "ident_pos_nh"}
    ]
    fb = sum(by[f][0] for f in counter)
    fa = sum(by[f][1] for f in counter)
    n = sum(by[f][2] for f in counter)
    lines.append(
        f"| **counter-speech + neutral identity** | | {n} | {_rate(fb, n)} | {_rate(fa, n)} |"
    )
    return lines


def regional(before: Screener, after: Screener, house_only: HouseClassifier) -> list[str]:
    """The regional-news tables written for this product (the rules were tuned on them)."""
    from tests.unit.rules.test_hostility import NEWS_HARD_NEGATIVES
    from tests.unit.rules.test_news import NEWS_VIOLATIONS

    texts = [t for t, _ in NEWS_VIOLATIONS]
    negatives = [n if isinstance(n, str) else n[0] for n in NEWS_HARD_NEGATIVES]
    lines = [
        "| configuration | violations flagged | right category | hard negatives flagged |",
        "|---|---|---|---|",
    ]
    scores = house_only.predict(texts + negatives)
    model_alone = [
        combined_verdict([], s, source="model:x", groups=set(), combiner=house_only.combiner)
        for s in scores
    ]
    for name, results in (
        ("before: rules + alt-profanity-check", _screen(before, texts + negatives)),
        ("house model alone (no rule evidence)", model_alone),
        ("after: house model + rules (combiner)", _screen(after, texts + negatives)),
    ):
        v, n = results[: len(texts)], results[len(texts) :]
        hits = sum(s.flagged for s in v)
        right = 0
        for (_, want), s in zip(NEWS_VIOLATIONS, v, strict=True):
            cats = set(s.categories)
            right += int(
                want in cats
                or (want in {"profanity", "vulgarity"} and bool(cats & {"profanity", "vulgarity"}))
            )
        fp = sum(s.flagged for s in n)
        lines.append(
            f"| {name} | {_rate(hits, len(v))} ({hits}/{len(v)}) | {_rate(right, len(v))} "
            f"| {_rate(fp, len(n))} ({fp}/{len(n)}) |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--house", type=Path, default=artifact.SHIPPED_DIR)
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    parser.add_argument(
        "--only-suites",
        action="store_true",
        help="HateCheck and the regional-news tables only (a few minutes)",
    )
    args = parser.parse_args(argv)
    if not args.datasets.is_dir():
        print(f"no datasets at {args.datasets}; nothing to measure")
        return 0
    started = time.perf_counter()
    meta = artifact.read_meta(args.house)
    names = sorted(meta["data"])
    examples, _ = corpora.load(args.datasets, names)
    rows = [e for e in examples if e.split == args.split]
    rules = RuleSet.load()
    house = HouseClassifier(args.house)
    house.load()
    fallback = ProfanityCheckClassifier()
    before, after = Screener(rules, fallback), Screener(rules, house)
    if args.only_suites:
        print("\n".join(hatecheck(args.datasets, before, after)))
        print("\n".join(regional(before, after, house)))
        return 0
    texts = [e.text for e in rows]
    t0 = time.perf_counter()
    after_results = _screen(after, texts)
    after_seconds = time.perf_counter() - t0
    before_results = _screen(before, texts)
    scores = house.predict(texts)
    print(f"# House model report ({meta['version']}, {args.split} split, {len(rows)} rows)\n")
    print(
        f"Screened {len(rows)} comments with the house model in {after_seconds:.0f} s "
        f"({len(rows) / after_seconds:.0f}/s, fp32, rules and occlusion spans included).\n"
    )
    print("## Before / after on the held-out split\n")
    print("\n".join(before_after(rows, before_results, after_results)))
    print("\n## Model AUC vs a TF-IDF + logistic regression baseline (same training rows)\n")
    print("\n".join(baseline(examples, rows, scores)))
    print("\n## HateCheck by functionality\n")
    print("\n".join(hatecheck(args.datasets, before, after)))
    print("\n## Regional-news tables written for this product\n")
    print("\n".join(regional(before, after, house)))
    print(f"\n(report took {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
