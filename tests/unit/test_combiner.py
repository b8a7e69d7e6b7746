"""The learned policy: monotone calibrated combiner, dev-chosen thresholds, combined decisions."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.combined_policy import combined_verdict
from moderation.flags import Flag, Screening
from moderation.guidelines import Category, Reason
from moderation.model.combiner import (
    COMBINED,
    Combiner,
    Logistic,
    features,
    threshold_for_budget,
)
from moderation.model.labels import HOUSE_LABELS
from moderation.policy import is_calibrated, suggested_reason


def _combiner(**thresholds: float) -> Combiner:
    """Every category: P rises with its own score and its rule hit; fixed thresholds."""
    models = {name: Logistic(-2.0, (1.0, 0.3, 3.0, 0.5)) for name in COMBINED}
    risk = Logistic(-3.0, tuple([0.4] * 6 + [2.0] * 5 + [1.0]))
    return Combiner(models, risk, {name: thresholds.get(name, 0.5) for name in COMBINED})


def _scores(**values: float) -> dict[str, float]:
    return {label: values.get(label, 0.01) for label in HOUSE_LABELS}


def test_fit_learns_positive_evidence_and_clamps_negative_evidence_to_zero() -> None:
    rng = random.Random(1)
    xs, ys = [], []
    for _ in range(600):
        good, bad = rng.gauss(0, 1), rng.gauss(0, 1)
        y = int(good - bad + rng.gauss(0, 0.5) > 0)
        xs.append([good, bad])
        ys.append(y)
    model = Logistic.fit(xs, ys)
    assert model.weights[0] > 1.0
    assert model.weights[1] == 0.0  # anti-correlated evidence may not lower a probability
    assert model([2.0, 0.0]) > model([0.0, 0.0]) > 0.0


def test_fit_refuses_an_empty_table() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        Logistic.fit([], [])


probabilities = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    category=st.sampled_from([*COMBINED, "violation"]),
    label=st.sampled_from(HOUSE_LABELS),
    low=probabilities,
    high=probabilities,
    rules=st.sets(st.sampled_from([c.value for c in Category])),
    extra=st.sampled_from([c.value for c in Category]),
)
def test_more_evidence_never_lowers_a_probability(
    category: str, label: str, low: float, high: float, rules: set[str], extra: str
) -> None:
    low, high = min(low, high), max(low, high)
    combiner = _combiner()
    model = combiner.risk if category == "violation" else combiner.models[category]
    base = _scores()
    before = model(features(category, {**base, label: low}, frozenset(rules)))
    higher_score = model(features(category, {**base, label: high}, frozenset(rules)))
    more_rules = model(features(category, {**base, label: low}, frozenset(rules | {extra})))
    assert higher_score >= before
    assert more_rules >= before


def test_stored_combiner_round_trips_and_refuses_what_would_break_monotonicity() -> None:
    combiner = _combiner(threat=0.3)
    again = Combiner.from_dict(combiner.to_dict())
    assert again.thresholds["threat"] == 0.3
    assert again.probabilities(_scores(threat=0.9), set()) == pytest.approx(
        combiner.probabilities(_scores(threat=0.9), set())
    )
    bad = combiner.to_dict()
    bad["models"]["threat"]["weights"][0] = -0.5
    with pytest.raises(ValueError, match=">= 0"):
        Combiner.from_dict(bad)
    bad = combiner.to_dict()
    bad["thresholds"]["threat"] = 1.5
    with pytest.raises(ValueError, match="must be in"):
        Combiner.from_dict(bad)
    bad = combiner.to_dict()
    bad["models"]["toxicity"] = bad["models"]["threat"]
    with pytest.raises(ValueError, match="unknown categories"):
        Combiner.from_dict(bad)


def test_threshold_flags_at_most_the_budget_of_clean_comments() -> None:
    clean = [i / 100 for i in range(100)]  # 0.00 .. 0.99
    t = threshold_for_budget(clean, 0.05)
    assert sum(p >= t for p in clean) == 5
    assert threshold_for_budget(clean, 0.0) > max(clean)
    # Weighted: ten rows of a small corpus count as much as the ninety of a large one.
    weights = [1 / 90] * 90 + [1 / 10] * 10
    t = threshold_for_budget(clean, 0.1, weights)
    assert sum(w for p, w in zip(clean, weights, strict=True) if p >= t) / 2 <= 0.1


def _flag(category: str, span: tuple[int, int] = (0, 4)) -> Flag:
    return Flag(category=category, source="rule", detail=f"{category}/en:x", span=span)


def test_a_confident_model_flags_the_category_with_its_calibrated_probability() -> None:
    screening = combined_verdict(
        [],
        _scores(threat=0.97, violation=0.97),
        source="model:house-t",
        groups=set(),
        combiner=_combiner(threat=0.3),
    )
    assert screening.flagged and screening.categories == ["threat"]
    (flag,) = screening.flags
    assert flag.source == "model:house-t" and is_calibrated(flag)
    assert flag.score >= flag.threshold == 0.3
    assert screening.risk > 0.5


def test_rule_evidence_comes_along_with_its_span_when_the_category_is_flagged() -> None:
    rule = _flag("threat", (10, 20))
    screening = combined_verdict(
        [rule],
        _scores(threat=0.5),
        source="model:house-t",
        groups=set(),
        combiner=_combiner(threat=0.3),
    )
    assert rule in screening.flags
    assert {f.source for f in screening.flags} == {"rule", "model:house-t"}


def test_a_rule_hit_flags_even_where_the_model_is_unsure() -> None:
    rule = _flag("profanity")
    screening = combined_verdict(
        [rule],
        _scores(),
        source="model:house-t",
        groups=set(),
        combiner=_combiner(profanity=0.95),
    )
    assert screening.flagged and screening.flags == [rule]
    clean = combined_verdict(
        [], _scores(), source="model:house-t", groups=set(), combiner=_combiner(profanity=0.95)
    )
    assert screening.risk > clean.risk


def test_rule_only_categories_pass_through_unchanged() -> None:
    vulgar = _flag("vulgarity")
    screening = combined_verdict(
        [vulgar], _scores(), source="model:house-t", groups=set(), combiner=_combiner()
    )
    assert screening.flags == [vulgar] and screening.categories == ["vulgarity"]


def test_identity_abuse_is_refined_by_the_groups_the_rules_recognise() -> None:
    args = {"source": "model:house-t", "combiner": _combiner(identity_abuse=0.3)}
    scores = _scores(identity_abuse=0.98)
    women = combined_verdict([], scores, groups={Category.SEXISM}, **args)
    assert women.categories == ["sexism"]
    unknown = combined_verdict([], scores, groups=set(), **args)
    assert unknown.categories == ["racism"]
    assert "target group not recognised" in unknown.flags[0].detail
    with_rule = combined_verdict([_flag("homophobia")], scores, groups={Category.SEXISM}, **args)
    assert with_rule.categories == ["homophobia"]


def test_promotion_takes_the_rules_kind_of_promotion_or_commercial_by_default() -> None:
    args = {"source": "model:house-t", "groups": set(), "combiner": _combiner(promotion=0.3)}
    scores = _scores(promotion=0.99)
    assert combined_verdict([], scores, **args).categories == ["commercial_promotion"]
    own = combined_verdict([_flag("personal_promotion")], scores, **args)
    assert own.categories == ["personal_promotion"]


def test_suggested_reason_is_the_strongest_calibrated_category() -> None:
    screening = Screening(
        0.9,
        True,
        ["profanity", "personal_attack"],
        [
            _flag("personal_attack"),
            Flag("personal_attack", "model:house-t", "personal_attack", score=0.81, threshold=0.4),
            Flag("profanity", "model:house-t", "profanity", score=0.55, threshold=0.5),
        ],
    )
    assert suggested_reason(screening) is Reason.PERSONAL_ATTACK
    # A vulgarity rule (weight 0.6) outranks a barely calibrated threat.
    screening = Screening(
        0.9,
        True,
        ["vulgarity", "threat"],
        [_flag("vulgarity"), Flag("threat", "model:house-t", "threat", score=0.35, threshold=0.3)],
    )
    assert suggested_reason(screening) is Reason.VULGARITY
