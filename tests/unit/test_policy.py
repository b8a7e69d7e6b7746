"""Policy: label mapping, thresholds, risk ordering and the suggested reason."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moderation.flags import Flag, Screening
from moderation.guidelines import Category, Reason
from moderation.policy import (
    ORIGINAL_THRESHOLDS,
    Thresholds,
    model_strength,
    risk_score,
    suggested_reason,
    threshold_verdict,
)

SOURCE = "detoxify:unbiased"
DEFAULTS = Thresholds()
C = Category


def rule(category: Category, term: str = "x") -> Flag:
    return Flag(category=category.value, source="rule", detail=f"list: {term!r}", span=(0, 1))


def screen(
    scores: dict[str, float] | None,
    *,
    rules: list[Flag] | None = None,
    groups: set[Category] | None = None,
    thresholds: Thresholds = DEFAULTS,
) -> Screening:
    return threshold_verdict(
        rules or [], scores, source=SOURCE, groups=groups or set(), thresholds=thresholds
    )


@pytest.mark.parametrize(
    ("label", "groups", "expected"),
    [
        ("obscene", set(), ["profanity"]),
        ("sexual_explicit", set(), ["vulgarity"]),
        ("threat", set(), ["threat"]),
        ("insult", set(), ["personal_attack"]),
        ("profanity", set(), []),  # the offline fallback needs a rule flag to corroborate it
        ("identity_attack", {C.RACISM}, ["racism"]),
        ("identity_attack", {C.XENOPHOBIA, C.SEXISM}, ["sexism", "xenophobia"]),
        ("identity_attack", {C.HOMOPHOBIA, C.THREAT}, ["homophobia"]),  # non-abuse ignored
        ("identity_attack", set(), []),  # no group found: cannot say which abuse
        ("toxicity", set(), []),  # ranks, never flags
        ("severe_toxicity", set(), []),
        ("male", set(), []),  # an unbiased identity column: not a label we act on
    ],
)
def test_label_to_category(label: str, groups: set[Category], expected: list[str]) -> None:
    result = screen({label: 0.99}, groups=groups)
    assert result.categories == expected
    assert result.flagged is bool(expected)
    assert [f.category for f in result.flags] == expected
    assert all(f.detail == label and f.source == SOURCE for f in result.flags)


FALLBACK = "alt-profanity-check"


@pytest.mark.parametrize(
    ("rules", "score", "expected"),
    [
        pytest.param([], 0.99, [], id="alone-never-flags"),
        pytest.param([], 0.5, [], id="alone-low"),
        pytest.param([rule(C.PROFANITY)], 0.99, ["profanity"], id="corroborated-by-profanity"),
        pytest.param([rule(C.PERSONAL_ATTACK)], 0.95, ["profanity", "personal_attack"],
                     id="corroborated-by-attack"),
        pytest.param([rule(C.RACISM)], 0.5, ["racism"], id="corroborated-but-below"),
    ],
)  # fmt: skip
def test_fallback_profanity_needs_a_rule_flag(
    rules: list[Flag], score: float, expected: list[str]
) -> None:
    result = threshold_verdict(
        rules, {"profanity": score}, source=FALLBACK, groups=set(), thresholds=DEFAULTS
    )
    assert result.categories == expected
    assert result.flagged is bool(expected)
    model = [f for f in result.flags if f.source == FALLBACK]
    assert [f.category for f in model] == (["profanity"] if score >= 0.9 and rules else [])


def test_uncorroborated_fallback_still_raises_risk() -> None:
    # Counter-speech quoting a slur scores high with a bag-of-words model: not flagged, but it
    # still ranks above a clean comment in the queue, and rises further with the score.
    low = screen({"profanity": 0.05})
    high = screen({"profanity": 0.95})
    higher = screen({"profanity": 0.999})
    assert not high.flagged and not higher.flagged
    assert low.risk < high.risk < higher.risk
    assert high.risk > 0.45


def test_threat_above_threshold_is_a_flag_a_moderator_sees() -> None:
    result = screen({"threat": 0.9, "toxicity": 0.2}, thresholds=Thresholds(threat=0.6))
    assert result.flagged
    assert result.categories == ["threat"]
    (flag,) = result.flags
    assert flag == Flag("threat", SOURCE, "threat", span=None, score=0.9, threshold=0.6)
    assert flag.to_dict() == {
        "category": "threat",
        "source": SOURCE,
        "detail": "threat",
        "span": None,
        "score": 0.9,
        "threshold": 0.6,
    }


@pytest.mark.parametrize(("score", "flagged"), [(0.3, False), (0.5999, False), (0.6, True)])
def test_threat_threshold_boundary(score: float, flagged: bool) -> None:
    result = screen({"threat": score}, thresholds=Thresholds(threat=0.6))
    assert result.flagged is flagged
    assert result.categories == (["threat"] if flagged else [])


def test_identity_attack_without_group_still_raises_risk() -> None:
    clean = screen({"identity_attack": 0.01})
    hateful = screen({"identity_attack": 0.95})
    assert not hateful.flagged
    assert hateful.risk > 0.8 > clean.risk


def test_categories_follow_guideline_order_and_rule_flags_are_kept() -> None:
    rules = [rule(C.THREAT), rule(C.PROFANITY)]
    result = screen({"insult": 0.9}, rules=rules)
    assert result.categories == ["profanity", "threat", "personal_attack"]
    assert result.flags[:2] == rules


def test_unscreened_clean_comment_has_no_risk() -> None:
    result = screen(None)
    assert (result.risk, result.flagged, result.categories, result.flags) == (0.0, False, [], [])
    clean = screen(dict.fromkeys(DEFAULTS.labels(), 0.001))
    assert not clean.flagged
    assert clean.risk < 0.01


def test_rule_and_model_together_rank_above_either_alone() -> None:
    rule_only = screen(None, rules=[rule(C.THREAT)])
    model_only = screen({"threat": 0.9})
    both = screen({"threat": 0.9}, rules=[rule(C.THREAT)])
    clean = screen({"threat": 0.01})
    assert both.risk > rule_only.risk > clean.risk
    assert both.risk > model_only.risk > clean.risk
    assert both.risk > 0.95
    # Slurs and threats from the curated lists outrank a mild swear word.
    assert screen(None, rules=[rule(C.RACISM)]).risk > screen(None, rules=[rule(C.PROFANITY)]).risk


def test_nan_scores_are_ignored() -> None:
    assert screen({"threat": math.nan}).risk == 0.0


def test_original_model_preset_needs_more_confidence() -> None:
    assert Thresholds.for_model("detoxify:original") is ORIGINAL_THRESHOLDS
    assert Thresholds.for_model("detoxify:unbiased") == Thresholds()
    assert not screen({"insult": 0.7}, thresholds=ORIGINAL_THRESHOLDS).flagged
    assert screen({"insult": 0.7}).flagged


def test_thresholds_from_mapping() -> None:
    parsed = Thresholds.from_mapping({"threat": 0.5, "insult": "0.75", "sexual_explicit": None})
    assert (parsed.threat, parsed.insult, parsed.sexual_explicit) == (0.5, 0.75, None)
    assert parsed.obscene == DEFAULTS.obscene
    # A disabled label neither flags nor ranks.
    off = screen({"sexual_explicit": 0.99}, thresholds=parsed)
    assert (off.flagged, off.risk) == (False, 0.0)
    assert Thresholds.from_mapping({"threat": "off"}).threat is None
    assert Thresholds.from_mapping({}, base=ORIGINAL_THRESHOLDS) == ORIGINAL_THRESHOLDS


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"thret": 0.5}, r"unknown threshold label\(s\) 'thret'; known labels: toxicity, "),
        ({"threat": 0}, r"threshold threat=0 must be in \(0, 1\]"),
        ({"threat": 1.5}, r"must be in \(0, 1\]"),
        ({"threat": -0.1}, r"must be in \(0, 1\]"),
        ({"threat": "high"}, r"threshold threat='high' is not a number"),
        ({"threat": True}, r"must be a number"),
        ({"threat": math.nan}, r"must be in \(0, 1\]"),
    ],
)
def test_threshold_errors_are_clear(mapping: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Thresholds.from_mapping(mapping)  # type: ignore[arg-type]


def test_threshold_dataclass_validates_too() -> None:
    with pytest.raises(ValueError, match="threshold insult=2"):
        Thresholds(insult=2)


@pytest.mark.parametrize(
    ("rules", "scores", "groups", "expected"),
    [
        ([], {}, set(), None),
        ([rule(C.THREAT)], {"insult": 0.7}, set(), Reason.THREAT),
        ([rule(C.PROFANITY)], {"insult": 0.99}, set(), Reason.PERSONAL_ATTACK),
        # a specific category beats the generic profanity, however sure the model is of it
        ([rule(C.PROFANITY)], {"obscene": 0.99, "insult": 0.99}, set(), Reason.PERSONAL_ATTACK),
        ([rule(C.PERSONAL_ATTACK)], {"obscene": 0.97}, set(), Reason.PERSONAL_ATTACK),
        ([rule(C.PROFANITY)], {"obscene": 0.99}, set(), Reason.PROFANITY),  # nothing specific
        ([], {"identity_attack": 0.9}, {C.RACISM}, Reason.RACISM),
        ([rule(C.RACISM), rule(C.THREAT)], {}, set(), Reason.THREAT),  # tie: guideline order
    ],
)
def test_suggested_reason_is_the_strongest_specific_category(
    rules: list[Flag], scores: dict[str, float], groups: set[Category], expected: Reason | None
) -> None:
    assert suggested_reason(screen(scores, rules=rules, groups=groups)) == expected


# --- properties --------------------------------------------------------------------------

labels = st.sampled_from(Thresholds.labels())
unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
rule_flags = st.lists(st.sampled_from(list(Category)).map(rule), max_size=6)
score_maps = st.dictionaries(labels, unit, max_size=len(Thresholds.labels()))


@given(rule_flags, rule_flags, score_maps)
def test_more_rule_evidence_never_lowers_risk(
    base: list[Flag], extra: list[Flag], scores: dict[str, float]
) -> None:
    before = risk_score(base, scores, DEFAULTS)
    after = risk_score(base + extra, scores, DEFAULTS)
    assert 0.0 <= before <= after <= 1.0


@given(rule_flags, score_maps, labels, unit)
def test_higher_model_score_never_lowers_risk(
    rules: list[Flag], scores: dict[str, float], label: str, bump: float
) -> None:
    raised = dict(scores)
    raised[label] = max(scores.get(label, 0.0), bump)
    assert risk_score(rules, scores, DEFAULTS) <= risk_score(rules, raised, DEFAULTS)
    assert risk_score(rules, None, DEFAULTS) <= risk_score(rules, scores, DEFAULTS)


@given(rule_flags, score_maps)
def test_risk_is_deterministic_and_order_free(rules: list[Flag], scores: dict[str, float]) -> None:
    first = threshold_verdict(rules, scores, source=SOURCE, groups=set(), thresholds=DEFAULTS)
    again = threshold_verdict(rules, scores, source=SOURCE, groups=set(), thresholds=DEFAULTS)
    assert first == again
    assert risk_score(rules[::-1], scores, DEFAULTS) == first.risk


@given(st.sampled_from(list(Category)), labels, st.floats(min_value=0.05, max_value=1.0))
def test_rule_plus_model_beats_either_alone(category: Category, label: str, score: float) -> None:
    scores = {label: score}
    both = risk_score([rule(category)], scores, DEFAULTS)
    assert both > risk_score([rule(category)], None, DEFAULTS)
    assert both > risk_score([], scores, DEFAULTS)


@given(unit, unit, st.floats(min_value=0.01, max_value=1.0))
def test_model_strength_is_monotonic_and_bounded(a: float, b: float, threshold: float) -> None:
    low, high = sorted((a, b))
    assert 0.0 <= model_strength(low, threshold) <= model_strength(high, threshold) <= 0.95
    assert model_strength(threshold, threshold) == pytest.approx(0.45)
