"""Fit the combiner on the dev splits, choose thresholds there, report on the test splits.

Inputs: the held-out rows (corpora.load) and the model's scores for them (pipeline.SCORES_FILE);
the rule lists are run on the same texts. Nothing here is chosen on the test split: it is only
scored, once, with the very function the worker uses (policy.combined_verdict).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from moderation.combined_policy import combined_verdict
from moderation.flags import Flag
from moderation.model.combiner import (
    COMBINED,
    DEFAULT_BUDGETS,
    LEXICAL_PREFIX,
    RISK,
    Combiner,
    Logistic,
    feature_count,
    features,
    threshold_for_budget,
)
from moderation.model.corpora import Example
from moderation.model.labels import HOUSE_LABELS
from moderation.model.text import script_of
from moderation.rules import RuleSet


def unfitted(lexical: bool) -> Logistic:
    """A category the dev rows cannot fit (no positives or no negatives): P = the model's score."""
    return Logistic(0.0, (1.0,) + (0.0,) * (feature_count("profanity", lexical) - 1))


def read_scores(path: Path) -> dict[str, dict[str, float]]:
    """key -> {label: score} from a held-out scores file: the transformer's labels, and the
    lexical model's as `lexical_<label>` when the file has them."""
    out: dict[str, dict[str, float]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            scores = dict(zip(HOUSE_LABELS, row["scores"], strict=True))
            if "lexical" in row:
                scores.update(
                    (LEXICAL_PREFIX + label, value)
                    for label, value in zip(HOUSE_LABELS, row["lexical"], strict=True)
                )
            out[row["key"]] = scores
    return out


class Evidence:
    """One held-out row with its model scores and rule findings."""

    __slots__ = ("example", "scores", "flags", "rule_categories", "groups", "script")

    def __init__(
        self, example: Example, scores: Mapping[str, float] | Sequence[float], rules: RuleSet
    ) -> None:
        self.example = example
        self.scores = (
            dict(scores)
            if isinstance(scores, Mapping)
            else dict(zip(HOUSE_LABELS, scores, strict=True))
        )
        self.flags: list[Flag] = rules.match(example.text)
        self.rule_categories = {f.category for f in self.flags}
        self.groups = rules.mentioned_groups(example.text)
        self.script = script_of(example.text)


def gather(
    examples: Sequence[Example],
    scores: Mapping[str, Mapping[str, float] | Sequence[float]],
    rules: RuleSet,
    key: Callable[[str], str],
) -> list[Evidence]:
    """Evidence for every held-out example that has scores."""
    out = []
    for e in examples:
        s = scores.get(key(e.text))
        if e.split in {"dev", "test"} and s is not None:
            out.append(Evidence(e, s, rules))
    return out


def _corpus_weights(rows: Sequence[Evidence]) -> list[float]:
    """1 / (rows of that corpus): every corpus counts alike."""
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.example.corpus] += 1
    return [1.0 / counts[r.example.corpus] for r in rows]


#: Share of the clean dev comments the rules leave alone (every corpus counting alike) that the
#: model may flag. Rule flags are decisive and come on top: on these corpora they flag 4.1% of
#: clean comments, much of it where a corpus's labels differ from the guidelines (Davidson's
#: "neither" tweets with slurs, Jigsaw comments with unlabelled swearing).
TARGET_CLEAN_RATE = 0.025
#: A script needs this many clean dev comments for thresholds of its own.
MIN_CLEAN_PER_SCRIPT = 200


def fit(
    dev: Sequence[Evidence],
    budgets: Mapping[str, float] | None = None,
    *,
    target_clean_rate: float | None = TARGET_CLEAN_RATE,
) -> Combiner:
    """Per-category and risk models, and per-category thresholds, all from dev rows.

    Each category's threshold flags at most its budget of the clean dev comments that no rule
    flagged; with a target, the budgets are scaled together so that the model's flags on those
    comments reach it.
    """
    budgets = dict(budgets or DEFAULT_BUDGETS)
    # The lexical model's scores are features wherever every dev row has them.
    lexical = bool(dev) and all(LEXICAL_PREFIX + RISK in r.scores for r in dev)
    models: dict[str, Logistic] = {}
    for name, (label, _) in COMBINED.items():
        index = HOUSE_LABELS.index(label)
        rows = [r for r in dev if r.example.target[index] is not None]
        if len({r.example.target[index] for r in rows}) < 2:
            # Too little dev data to learn from: the model's own score, as it is.
            models[name] = unfitted(lexical)
            continue
        models[name] = Logistic.fit(
            [features(name, r.scores, frozenset(r.rule_categories), lexical) for r in rows],
            [int(r.example.target[index]) for r in rows],  # type: ignore[arg-type]
            sample_weight=_corpus_weights(rows),
        )
    index = HOUSE_LABELS.index(RISK)
    rows = [r for r in dev if r.example.target[index] is not None]
    risk = Logistic.fit(
        [features(RISK, r.scores, frozenset(r.rule_categories), lexical) for r in rows],
        [int(r.example.target[index]) for r in rows],  # type: ignore[arg-type]
        sample_weight=_corpus_weights(rows),
    )
    prototype = Combiner(models, risk, {}, budgets, {}, lexical)
    # The model's budget is spent only on what it adds: clean comments no rule flagged.
    clean = [r for r in dev if r.example.target[index] == 0 and not r.flags]
    shared = _thresholds(prototype, clean, budgets, target_clean_rate)
    per_script = {}
    for script in sorted({r.script for r in clean}):
        rows = [r for r in clean if r.script == script]
        if len(rows) >= MIN_CLEAN_PER_SCRIPT:
            per_script[script] = _thresholds(prototype, rows, budgets, target_clean_rate)
    return replace(
        prototype,
        thresholds=shared.thresholds,
        budgets=shared.budgets,
        script_thresholds={script: c.thresholds for script, c in per_script.items()},
    )


def _thresholds(
    prototype: Combiner,
    clean: Sequence[Evidence],
    budgets: Mapping[str, float],
    target_clean_rate: float | None,
) -> Combiner:
    """Thresholds from these clean dev comments (every corpus counting alike)."""
    weights = _corpus_weights(clean)
    rows = [prototype.probabilities(r.scores, set(r.rule_categories)) for r in clean]
    probs = {name: [row[name] for row in rows] for name in prototype.models}
    probs[RISK] = [
        max(prototype.risk_of(r.scores, set(r.rule_categories)), *row.values())
        for r, row in zip(clean, rows, strict=True)
    ]

    def combiner_at(scale: float) -> Combiner:
        scaled = {c: min(1.0, b * scale) for c, b in budgets.items()}
        thresholds = {
            name: threshold_for_budget(probs[name], scaled[name], weights) for name in probs
        }
        return replace(prototype, thresholds=thresholds, budgets=scaled, script_thresholds={})

    if target_clean_rate is None:
        return combiner_at(1.0)
    # The categories' budgets keep their proportions; one factor scales them until the share of
    # these clean dev comments (which no rule flagged) that the model flags reaches the target.
    low, high = 0.0, 1.0 / max(min(b for b in budgets.values() if b > 0), 1e-6)
    best = combiner_at(0.0)
    for _ in range(30):
        middle = (low + high) / 2
        candidate = combiner_at(middle)
        if clean_flagged_rate(clean, weights, candidate) <= target_clean_rate:
            best, low = candidate, middle
        else:
            high = middle
    return best


def clean_flagged_rate(
    clean: Sequence[Evidence], weights: Sequence[float], combiner: Combiner
) -> float:
    """Weighted share of these clean comments the combined policy flags for anything."""
    flagged = 0.0
    for r, w in zip(clean, weights, strict=True):
        screening = combined_verdict(
            r.flags,
            r.scores,
            source="model:fit",
            groups=r.groups,
            combiner=combiner,
            script=r.script,
        )
        flagged += w * screening.flagged
    return flagged / sum(weights) if weights else 0.0


def evaluate(
    rows: Sequence[Evidence], combiner: Combiner, *, source: str = "model:eval"
) -> dict[str, dict[str, Any]]:
    """Per corpus (and "all"): recall of violations, clean comments flagged, per-category
    recall (a category's positives flagged with that category), and the risk AUC."""
    from moderation.model.pipeline import auc

    tallies: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    risks: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
    v_index = HOUSE_LABELS.index(RISK)
    for r in rows:
        screening = combined_verdict(
            r.flags,
            r.scores,
            source=source,
            groups=r.groups,
            combiner=combiner,
            script=r.script,
        )
        flagged_categories = set(screening.categories)
        for corpus in (r.example.corpus, "all"):
            t = tallies[corpus]
            violation = r.example.target[v_index]
            if violation == 1:
                t["recall"][0] += int(screening.flagged)
                t["recall"][1] += 1
            elif violation == 0:
                t["clean_flagged"][0] += int(screening.flagged)
                t["clean_flagged"][1] += 1
            if violation is not None:
                risks[corpus][0].append(violation)
                risks[corpus][1].append(screening.risk)
            for name, (label, own) in COMBINED.items():
                if r.example.target[HOUSE_LABELS.index(label)] == 1:
                    t[f"recall_{name}"][0] += int(bool(flagged_categories & own))
                    t[f"recall_{name}"][1] += 1
    out: dict[str, dict[str, Any]] = {}
    for corpus, t in sorted(tallies.items()):
        out[corpus] = {k: {"rate": round(a / b, 4), "of": b} for k, (a, b) in t.items() if b}
        ys, ss = risks[corpus]
        value = auc(ys, ss)
        out[corpus]["risk_auc"] = round(value, 4) if value is not None else None
    return out


def calibrate(
    datasets: Path,
    folder: Path,
    *,
    workdir: Path,
    rules: RuleSet | None = None,
    budgets: Mapping[str, float] | None = None,
    extra_held_out: Sequence[Example] = (),
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Fit the combiner of an artifact on its dev rows; store it and the figures in house.json.

    ``extra_held_out``: held-out rows from outside the corpora (the site's decisions), scored
    by pipeline.run with the others; their dev rows count as one more corpus in the fit.
    """
    from moderation.model import artifact, corpora
    from moderation.model.pipeline import SCORES_FILE, text_key

    meta = artifact.read_meta(folder)
    names = sorted(meta.get("data") or {})
    examples, _ = corpora.load(datasets, names)
    examples.extend(extra_held_out)
    scores = read_scores(workdir / SCORES_FILE)
    rules = rules or RuleSet.load()
    rows = gather(examples, scores, rules, text_key)
    dev = [r for r in rows if r.example.split == "dev"]
    test = [r for r in rows if r.example.split == "test"]
    combiner = fit(dev, budgets)
    meta["combiner"] = combiner.to_dict()
    meta["rules_version"] = rules.version
    meta["screening_metrics"] = {
        "dev": evaluate(dev, combiner),
        "test": evaluate(test, combiner),
    }
    artifact.write_meta(folder, meta)
    overall = meta["screening_metrics"]["dev"]["all"]
    log(
        f"combiner fitted on {len(dev)} dev rows; dev recall "
        f"{overall['recall']['rate']:.3f} at {overall['clean_flagged']['rate']:.3f} clean flagged"
    )
    return meta
