"""The learned policy: model scores + rule evidence -> calibrated probability per category.

One logistic regression per category over a handful of features (the model's score for the
category and for "violation" as logits, whether the rules flagged that category, whether they
flagged any other), fitted on the dev splits with every weight constrained to be >= 0: more
evidence never lowers a probability (monotone), so a rule hit can only help. A second model of
the same shape over all features gives P(any violation), the risk that orders the queue.
Thresholds are chosen on the dev splits too: for each category the lowest probability that
flags at most its budget of the clean dev comments.

Pure numpy/scipy: no torch, no Flask; the fitted numbers live in house.json.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from moderation.guidelines import ABUSE_CATEGORIES, Category
from moderation.model.lexical import PREFIX as LEXICAL_PREFIX

#: Categories the combiner decides, the model label each reads, and the rule categories that
#: count as that category's rule evidence.
COMBINED: dict[str, tuple[str, frozenset[str]]] = {
    "profanity": ("profanity", frozenset({Category.PROFANITY.value})),
    "threat": ("threat", frozenset({Category.THREAT.value})),
    "personal_attack": ("personal_attack", frozenset({Category.PERSONAL_ATTACK.value})),
    "identity_abuse": ("identity_abuse", frozenset(c.value for c in ABUSE_CATEGORIES)),
    "promotion": (
        "promotion",
        frozenset({Category.COMMERCIAL_PROMOTION.value, Category.PERSONAL_PROMOTION.value}),
    ),
}
RISK = "violation"
#: Share of clean dev comments each category may flag (about 4% together, under the 5% target).
DEFAULT_BUDGETS: dict[str, float] = {
    "profanity": 0.01,
    "threat": 0.005,
    "personal_attack": 0.0125,
    "identity_abuse": 0.0075,
    "promotion": 0.005,
    # P(any violation) with no category sure on its own: flags its most probable category.
    RISK: 0.01,
}
_EPS = 1e-4


def logit(p: float) -> float:
    """log(p / (1 - p)), clipped away from 0 and 1."""
    p = min(max(float(p), _EPS), 1.0 - _EPS)
    return math.log(p / (1.0 - p))


def sigmoid(x: float) -> float:
    """The logistic function, safe for large |x|."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _lexical_logit(scores: Mapping[str, float], label: str) -> float:
    return logit(scores.get(LEXICAL_PREFIX + label, 0.0))


def features(
    category: str,
    scores: Mapping[str, float],
    rule_categories: set[str] | frozenset[str],
    lexical: bool = False,
) -> list[float]:
    """The evidence for one category: model logit, violation logit, rule hit, other rule hit;
    with ``lexical``, the lexical model's logits for the label and for violation too."""
    if category == RISK:
        row = [logit(scores.get(label, 0.0)) for label, _ in COMBINED.values()]
        row.append(logit(scores.get(RISK, 0.0)))
        row.extend(1.0 if rule_categories & cats else 0.0 for _, cats in COMBINED.values())
        other = rule_categories - frozenset().union(*(c for _, c in COMBINED.values()))
        row.append(1.0 if other else 0.0)
        if lexical:
            row.extend(_lexical_logit(scores, label) for label, _ in COMBINED.values())
            row.append(_lexical_logit(scores, RISK))
        return row
    label, own = COMBINED[category]
    row = [
        logit(scores.get(label, 0.0)),
        logit(scores.get(RISK, 0.0)),
        1.0 if rule_categories & own else 0.0,
        1.0 if rule_categories - own else 0.0,
    ]
    if lexical:
        row.extend((_lexical_logit(scores, label), _lexical_logit(scores, RISK)))
    return row


def feature_count(category: str, lexical: bool) -> int:
    """How many features `features` gives a category."""
    if category == RISK:
        return 2 * len(COMBINED) + 2 + (len(COMBINED) + 1 if lexical else 0)
    return 4 + (2 if lexical else 0)


@dataclass(frozen=True, slots=True)
class Logistic:
    """sigmoid(bias + weights . x), weights >= 0."""

    bias: float
    weights: tuple[float, ...]

    def __call__(self, x: Sequence[float]) -> float:
        return sigmoid(self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True)))

    @classmethod
    def fit(
        cls,
        xs: Sequence[Sequence[float]],
        ys: Sequence[int],
        *,
        l2: float = 1e-3,
        sample_weight: Sequence[float] | None = None,
    ) -> Logistic:
        """Weighted logistic regression with non-negative weights (L-BFGS-B with bounds)."""
        import numpy as np
        from scipy.optimize import minimize

        x = np.asarray(xs, dtype=float)
        y = np.asarray(ys, dtype=float)
        if x.ndim != 2 or len(x) != len(y) or len(y) == 0:
            raise ValueError("fit needs a non-empty 2-D feature table and one label per row")
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        w = w / w.mean()
        n_features = x.shape[1]

        def loss(theta: Any) -> tuple[float, Any]:
            z = theta[0] + x @ theta[1:]
            # log(1 + e^z) - y z, computed stably; gradient (sigmoid(z) - y).
            value = np.sum(w * (np.logaddexp(0.0, z) - y * z)) / len(y)
            value += l2 * np.sum(theta[1:] ** 2)
            p = 0.5 * (1.0 + np.tanh(0.5 * z))
            g = w * (p - y) / len(y)
            grad = np.concatenate([[g.sum()], x.T @ g + 2 * l2 * theta[1:]])
            return float(value), grad

        start = np.zeros(n_features + 1)
        bounds = [(None, None)] + [(0.0, None)] * n_features
        result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds)
        theta = result.x
        return cls(float(theta[0]), tuple(float(v) for v in theta[1:]))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"bias": round(self.bias, 6), "weights": [round(v, 6) for v in self.weights]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Logistic:
        """Inverse of to_dict; refuses negative weights (the combiner must stay monotone)."""
        weights = tuple(float(v) for v in data["weights"])
        if any(v < 0 for v in weights):
            raise ValueError("combiner weights must be >= 0")
        return cls(float(data["bias"]), weights)


def threshold_for_budget(
    clean_probs: Sequence[float], budget: float, weights: Sequence[float] | None = None
) -> float:
    """The lowest threshold that flags at most ``budget`` (a weighted share) of clean comments.

    Weights let every corpus's clean comments count alike whatever their number.
    """
    if not clean_probs:
        return 0.5
    w = list(weights) if weights is not None else [1.0] * len(clean_probs)
    total = sum(w)
    order = sorted(range(len(clean_probs)), key=lambda i: clean_probs[i], reverse=True)
    flagged = 0.0
    cut = 1.0
    for i in order:
        if (flagged + w[i]) / total > budget:
            # Flag strictly above this comment's probability (and everything at or below it stays).
            return min(1.0, math.nextafter(clean_probs[i], 2.0))
        flagged += w[i]
        cut = clean_probs[i]
    return max(cut, 1e-6)


def _checked_thresholds(raw: Mapping[str, Any], where: str) -> dict[str, float]:
    thresholds = {c: float(t) for c, t in raw.items()}
    for c, t in thresholds.items():
        if not 0.0 < t <= 1.0:
            raise ValueError(f"combiner threshold {where}{c}={t} must be in (0, 1]")
    return thresholds


@dataclass(frozen=True, slots=True)
class Combiner:
    """Fitted per-category models, the risk model and the thresholds.

    ``script_thresholds`` holds thresholds chosen on the clean dev comments of one script
    (the model reads Arabic-script text far less well than Latin-script text, so one shared
    threshold would let the noisier script use up the other's false-flag budget);
    ``thresholds`` serve any other script.
    """

    models: dict[str, Logistic]
    risk: Logistic
    thresholds: dict[str, float]
    budgets: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_BUDGETS))
    script_thresholds: dict[str, dict[str, float]] = field(default_factory=dict)
    #: The models read the lexical model's scores too (lexical.py).
    lexical: bool = False

    def probabilities(
        self, scores: Mapping[str, float], rule_categories: set[str]
    ) -> dict[str, float]:
        """Calibrated probability of each combined category."""
        rules = frozenset(rule_categories)
        return {c: m(features(c, scores, rules, self.lexical)) for c, m in self.models.items()}

    def risk_of(self, scores: Mapping[str, float], rule_categories: set[str]) -> float:
        """Calibrated probability that the comment breaks the guidelines at all."""
        return self.risk(features(RISK, scores, frozenset(rule_categories), self.lexical))

    def thresholds_for(self, script: str | None) -> dict[str, float]:
        """The thresholds for a comment written mostly in this script."""
        return self.script_thresholds.get(script or "", self.thresholds)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (stored in house.json)."""
        return {
            "models": {c: m.to_dict() for c, m in self.models.items()},
            "risk": self.risk.to_dict(),
            "thresholds": {c: round(t, 6) for c, t in self.thresholds.items()},
            "script_thresholds": {
                script: {c: round(t, 6) for c, t in values.items()}
                for script, values in self.script_thresholds.items()
            },
            "budgets": dict(self.budgets),
            "lexical": self.lexical,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Combiner:
        """Inverse of to_dict; unknown categories are an error."""
        models = {c: Logistic.from_dict(m) for c, m in data["models"].items()}
        unknown = sorted(set(models) - set(COMBINED))
        if unknown:
            raise ValueError(f"combiner has unknown categories {unknown}")
        lexical = bool(data.get("lexical", False))
        risk = Logistic.from_dict(data["risk"])
        for name, model in [*models.items(), (RISK, risk)]:
            if len(model.weights) != feature_count(name, lexical):
                raise ValueError(
                    f"combiner model {name} has {len(model.weights)} weights, expected "
                    f"{feature_count(name, lexical)}"
                )
        return cls(
            models,
            risk,
            _checked_thresholds(data["thresholds"], ""),
            dict(data.get("budgets") or DEFAULT_BUDGETS),
            {
                script: _checked_thresholds(values, f"{script}:")
                for script, values in (data.get("script_thresholds") or {}).items()
            },
            lexical,
        )
