"""Policy: rule hits + model scores -> flags, risk and the suggested rejection reason.

Pure functions over plain data; no model, database or Flask here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace

from moderation.flags import Flag, Screening
from moderation.guidelines import ABUSE_CATEGORIES, Category, Reason, reason_for_category

#: Model label -> guideline category. None: the label has no category of its own.
#: identity_attack is refined to the abuse categories of the identity groups the rules found.
#: toxicity / severe_toxicity never flag: "toxic" is not a guideline category, so a moderator
#: could not act on such a flag; they raise risk instead, so the comment rises in the queue.
LABEL_CATEGORIES: dict[str, Category | None] = {
    "toxicity": None,
    "severe_toxicity": None,
    "obscene": Category.PROFANITY,
    "sexual_explicit": Category.VULGARITY,
    "threat": Category.THREAT,
    "insult": Category.PERSONAL_ATTACK,
    "identity_attack": None,
    "profanity": Category.PROFANITY,  # alt-profanity-check, the offline fallback
}
IDENTITY_LABEL = "identity_attack"
#: Labels whose score alone never flags: a flag needs a rule flag (any category) on the same
#: comment; below that the score still raises risk, so the comment rises in the queue.
#: alt-profanity-check is a bag of words: it cannot tell "calling refugees 'scum' is vile",
#: "I never said gay people are scum" or a reclaimed slur from abuse, and on HateCheck's
#: counter-speech and neutral identity cases it flagged four times as many as the rules,
#: which already excuse quoted, condemned, negated and reclaimed terms. See Thresholds.
CORROBORATED_LABELS = frozenset({"profanity"})

#: How strongly one rule hit of a category suggests a violation (noisy-OR evidence).
#: Hate, threats and promotion lists are curated and specific: a hit is close to decisive.
#: Profanity and insult lists catch quoted or mild uses more often, so they weigh less.
RULE_WEIGHTS: dict[Category, float] = {
    Category.THREAT: 0.85,
    Category.SEXISM: 0.85,
    Category.RACISM: 0.85,
    Category.HOMOPHOBIA: 0.85,
    Category.XENOPHOBIA: 0.85,
    Category.COMMERCIAL_PROMOTION: 0.8,
    Category.PERSONAL_PROMOTION: 0.7,
    Category.PERSONAL_ATTACK: 0.6,
    Category.VULGARITY: 0.6,
    Category.PROFANITY: 0.55,
    Category.OFF_TOPIC: 0.3,
}
_UNKNOWN_RULE_WEIGHT = 0.5
#: Further hits of an already-hit category add a quarter of its weight: repetition is more
#: evidence, but three swear words are not three times as likely to break the rules as one.
_REPEAT_FACTOR = 0.25
#: A model score exactly at its threshold counts as this much evidence; 1.0 counts as _MODEL_MAX.
_AT_THRESHOLD = 0.45
_MODEL_MAX = 0.95


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Per-label score at or above which a model label raises a flag (None: label ignored).

    Defaults suit Detoxify's ``unbiased`` and ``multilingual`` models, trained on Civil Comments
    where each target is the *fraction of raters* who applied the label. Their scores read as
    "share of people who would call this X": 0.5 is a majority, and sub-labels (threat, insult,
    identity_attack) run lower than overall toxicity because raters split between them. Hence
    sub-labels at 0.4-0.6, and toxicity, which only ranks (never flags), at 0.8. The
    ``original`` model was trained on 0/1 labels, so its scores saturate near 0 or 1 and need
    higher cut-offs: see ORIGINAL_THRESHOLDS. alt-profanity-check's own cut-off is 0.5, but
    ordinary sentences score up to ~0.4 and mild criticism ~0.8, so 0.9.

    A higher cut-off does not make alt-profanity-check safe on its own: it scores words, not
    their use, so a slur quoted to condemn it, a negated statement ("I never said gay people
    are scum"), a reclaimed slur or a homonym score 0.95-1.0 just like the abuse itself (on
    HateCheck's must-pass cases even a 0.99 cut-off kept most of its false flags while losing
    three quarters of its extra recall). So its label is in CORROBORATED_LABELS: at or above
    the threshold it adds a profanity flag only to a comment the rules already flagged, and
    otherwise only raises risk (monotonic in the score either way), which ranks the comment
    higher in the moderator queue without claiming a violation the rules' context checks
    rejected. Detoxify's labels, trained on comments in context, flag on their own.

    These are starting points, not tuned on this site's comments: re-tune against moderator
    decisions.
    """

    toxicity: float | None = 0.8
    severe_toxicity: float | None = 0.3
    obscene: float | None = 0.6
    threat: float | None = 0.6
    insult: float | None = 0.6
    identity_attack: float | None = 0.4
    sexual_explicit: float | None = 0.5
    profanity: float | None = 0.9

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None and not (0.0 < value <= 1.0):
                raise ValueError(f"threshold {f.name}={value!r} must be in (0, 1] or None")

    @classmethod
    def labels(cls) -> tuple[str, ...]:
        """The labels a threshold can be set for."""
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_mapping(
        cls, mapping: Mapping[str, float | str | None], *, base: Thresholds | None = None
    ) -> Thresholds:
        """Override ``base`` (default: the defaults) from a dict; unknown labels are an error."""
        known = cls.labels()
        unknown = sorted(set(mapping) - set(known))
        if unknown:
            raise ValueError(
                f"unknown threshold label(s) {', '.join(map(repr, unknown))}; "
                f"known labels: {', '.join(known)}"
            )
        values: dict[str, float | None] = {}
        for label, raw in mapping.items():
            values[label] = _parse_threshold(label, raw)
        return replace(base or cls(), **values)

    @classmethod
    def for_model(cls, model_name: str) -> Thresholds:
        """The preset matching a classifier name ("detoxify:original" has its own scale)."""
        if model_name.startswith("detoxify:original"):
            return ORIGINAL_THRESHOLDS
        return cls()

    def get(self, label: str) -> float | None:
        """The threshold of a label, None when unknown or disabled."""
        return getattr(self, label, None) if label in self.labels() else None

    def to_dict(self) -> dict[str, float | None]:
        """Plain dict, for settings pages and logs."""
        return asdict(self)


def _parse_threshold(label: str, raw: float | str | None) -> float | None:
    if raw is None or (isinstance(raw, str) and raw.strip().lower() in {"", "none", "off"}):
        return None
    if isinstance(raw, bool):
        raise ValueError(f"threshold {label}={raw!r} must be a number in (0, 1]")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"threshold {label}={raw!r} is not a number") from None
    if math.isnan(value) or not (0.0 < value <= 1.0):
        raise ValueError(f"threshold {label}={raw!r} must be in (0, 1]")
    return value


#: For Detoxify's "original" model (binary training labels, saturating scores).
ORIGINAL_THRESHOLDS = Thresholds(
    toxicity=0.9,
    severe_toxicity=0.5,
    obscene=0.8,
    threat=0.6,
    insult=0.8,
    identity_attack=0.6,
)


def model_strength(score: float, threshold: float) -> float:
    """Evidence in [0, 0.95] from one model score, scaled so the threshold maps to 0.45."""
    score = min(max(score, 0.0), 1.0)
    if score < threshold:
        # Quadratic below the threshold keeps near-zero scores of clean comments near zero.
        return _AT_THRESHOLD * (score / threshold) ** 2
    if threshold >= 1.0:
        return _AT_THRESHOLD  # only a perfect score reaches a threshold of 1
    return _AT_THRESHOLD + (_MODEL_MAX - _AT_THRESHOLD) * (score - threshold) / (1.0 - threshold)


def clean_scores(model_scores: Mapping[str, float] | None) -> dict[str, float]:
    """Drop NaN scores (no evidence either way) and clamp the rest into [0, 1]."""
    if not model_scores:
        return {}
    return {
        label: min(max(float(score), 0.0), 1.0)
        for label, score in model_scores.items()
        if score is not None and not math.isnan(score)
    }


def model_flags(
    model_scores: Mapping[str, float] | None,
    *,
    source: str,
    groups: Iterable[Category],
    thresholds: Thresholds,
    corroborated: bool = False,
) -> list[Flag]:
    """Flags for model labels at or above their threshold, in label order of LABEL_CATEGORIES.

    corroborated: the rules flagged this comment, which labels in CORROBORATED_LABELS need.
    """
    scores = clean_scores(model_scores)
    abuse = [c for c in Category if c in ABUSE_CATEGORIES and c in set(groups)]
    flags: list[Flag] = []
    for label in LABEL_CATEGORIES:
        threshold = thresholds.get(label)
        score = scores.get(label)
        if threshold is None or score is None or score < threshold:
            continue
        if label in CORROBORATED_LABELS and not corroborated:
            continue
        if label == IDENTITY_LABEL:
            # Without a detected group we cannot say which abuse it is; risk still rises.
            targets = abuse
        else:
            category = LABEL_CATEGORIES[label]
            targets = [category] if category is not None else []
        for category in targets:
            flags.append(
                Flag(
                    category=category.value,
                    source=source,
                    detail=label,
                    score=score,
                    threshold=threshold,
                )
            )
    return flags


def risk_score(
    rule_flags: Iterable[Flag],
    model_scores: Mapping[str, float] | None,
    thresholds: Thresholds,
) -> float:
    """Noisy-OR of rule evidence and the strongest scaled model score; in [0, 1], monotonic."""
    counts: dict[str, int] = {}
    for flag in rule_flags:
        counts[flag.category] = counts.get(flag.category, 0) + 1
    # A fixed factor order (category order, then unknowns sorted) keeps the float product
    # independent of the order the rules reported their hits in.
    order = [c.value for c in Category] + sorted(set(counts) - {c.value for c in Category})
    factors: list[float] = []
    for category in order:
        n = counts.get(category, 0)
        if n == 0:
            continue
        weight = rule_weight(category)
        factors.append(1.0 - weight)
        factors.extend([1.0 - weight * _REPEAT_FACTOR] * (n - 1))
    strengths = [
        model_strength(score, threshold)
        for label, score in clean_scores(model_scores).items()
        if (threshold := thresholds.get(label)) is not None
    ]
    if strengths:
        factors.append(1.0 - max(strengths))
    remaining = 1.0
    for factor in factors:
        remaining *= factor
    return min(max(1.0 - remaining, 0.0), 1.0)


def rule_weight(category: str) -> float:
    try:
        return RULE_WEIGHTS[Category(category)]
    except ValueError:
        return _UNKNOWN_RULE_WEIGHT


def threshold_verdict(
    rule_flags: list[Flag],
    model_scores: dict[str, float] | None,
    *,
    source: str,
    groups: set[Category],
    thresholds: Thresholds,
) -> Screening:
    """Combine rule flags and model scores (None: model not run) into one Screening."""
    flags = [
        *rule_flags,
        *model_flags(
            model_scores,
            source=source,
            groups=groups,
            thresholds=thresholds,
            corroborated=bool(rule_flags),
        ),
    ]
    return screening_of(risk_score(rule_flags, model_scores, thresholds), flags)


def screening_of(
    risk: float, flags: list[Flag], probabilities: Mapping[str, float] | None = None
) -> Screening:
    """A Screening of these flags (flagged and categories follow them), risk clamped to [0, 1]."""
    reason = suggested_reason_of(flags)
    return Screening(
        risk=min(max(risk, 0.0), 1.0),
        flagged=bool(flags),
        categories=_ordered_categories(f.category for f in flags),
        flags=flags,
        probabilities={k: round(float(v), 4) for k, v in (probabilities or {}).items()},
        suggested_reason=reason.value if reason is not None else None,
    )


def _ordered_categories(categories: Iterable[str]) -> list[str]:
    """Unique categories in the order of Category, unknown ones after, alphabetically."""
    present = set(categories)
    known = [c.value for c in Category if c.value in present]
    return known + sorted(present - set(known))


def flag_strength(flag: Flag) -> float:
    """How strongly one flag suggests a violation (rule weight, or scaled model score)."""
    if flag.score is not None and flag.threshold is not None:
        return model_strength(flag.score, flag.threshold)
    return rule_weight(flag.category)


def suggested_reason(screening: Screening) -> Reason | None:
    """The reason pre-selected for a moderator (see suggested_reason_of)."""
    return suggested_reason_of(screening.flags)


#: The generic category: a specific one flagged beside it (a personal attack, a threat, abuse of
#: a group ...) says more about why the comment breaks the guidelines, so it is suggested first.
GENERIC_CATEGORIES = frozenset({Category.PROFANITY.value})


def suggested_reason_of(flags: Sequence[Flag]) -> Reason | None:
    """The reason pre-selected for a moderator: the specific category with the strongest
    evidence ("you fucking idiot": personal attack, not profanity, however sure the model is
    of the swear word); profanity only when nothing more specific is flagged.

    Where the combiner decided (flags from a "model:" source carry calibrated probabilities),
    a category's strength is its calibrated probability, and rule-only categories (vulgarity)
    count with their rule weight; otherwise strengths combine by noisy-OR per category.
    """
    if not flags:
        return None
    remaining: dict[str, float] = {}
    calibrated = {f.category: f.score for f in flags if is_calibrated(f)}
    for flag in flags:
        if calibrated:
            strength = calibrated.get(flag.category) or rule_weight(flag.category)
            remaining[flag.category] = min(remaining.get(flag.category, 1.0), 1.0 - strength)
            continue
        remaining[flag.category] = remaining.get(flag.category, 1.0) * (1.0 - flag_strength(flag))
    # A specific category first; then the lowest "remaining doubt"; ties go to the earlier
    # category in the guidelines.
    order = _ordered_categories(remaining)
    best = min(order, key=lambda c: (c in GENERIC_CATEGORIES, remaining[c], order.index(c)))
    try:
        return reason_for_category(best)
    except ValueError:
        return Reason.OTHER


# ----------------------------------------------------------------------- the learned policy
#: Source prefix of flags whose score is a combiner's calibrated probability.
CALIBRATED_SOURCE = "model:"


def is_calibrated(flag: Flag) -> bool:
    """Whether a flag's score is a calibrated probability (set by combined_verdict)."""
    return flag.source.startswith(CALIBRATED_SOURCE) and flag.score is not None


def with_flags(screening: Screening, flags: list[Flag]) -> Screening:
    """The same screening with another flag list (flagged and categories follow it)."""
    return replace(
        screening_of(screening.risk, flags, screening.probabilities), note=screening.note
    )
