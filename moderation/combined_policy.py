"""The learned policy: rule flags + the house model's scores -> one Screening, through the
combiner fitted on the dev splits (moderation/model/combiner.py, calibrate.py).

The hand-weighted policy for other classifiers (Detoxify's published models, the offline
fallback) and what both share — the suggested reason, the Screening constructor — are in
policy.py.
"""

from __future__ import annotations

from collections.abc import Mapping

from moderation.flags import Flag, Screening
from moderation.guidelines import ABUSE_CATEGORIES, Category
from moderation.model.combiner import COMBINED, Combiner
from moderation.model.combiner import RISK as RISK_KEY
from moderation.model.labels import LABEL_CATEGORY
from moderation.policy import clean_scores, rule_weight, screening_of

#: Identity abuse the model found where the rules recognise no group: the abuse category most
#: of this site's identity abuse falls under (ethnic and sectarian hatred is filed as racism).
IDENTITY_FALLBACK = Category.RACISM


def combined_verdict(
    rule_flags: list[Flag],
    model_scores: Mapping[str, float],
    *,
    source: str,
    groups: set[Category],
    combiner: Combiner,
    script: str | None = None,
    site_thresholds: Mapping[str, float] | None = None,
) -> Screening:
    """Rule flags + house-model scores through the fitted combiner into one Screening.

    Every rule flag is kept. A combined category (profanity, threat, personal attack, identity
    abuse, promotion) gets a model flag stating its calibrated probability when that reaches its
    dev-chosen threshold. ``script`` (text.script_of) picks the thresholds chosen for comments
    in that script; ``site_thresholds`` (applied by an admin from the site's own decisions,
    proposals.py) replace them category by category, whatever the script. Risk is the
    calibrated probability of any violation (at least that of each category), raised by the
    rule flags' weights by noisy-OR.
    """
    scores = clean_scores(model_scores)
    rule_categories = {f.category for f in rule_flags}
    probabilities = combiner.probabilities(scores, rule_categories)
    # Rule flags stay decisive: they are curated and context-checked (quotes, negation,
    # counter-speech), and the corpora the combiner is fitted on label those finer points
    # differently from the guidelines (docs/MODEL.md, "Rule flags stay decisive").
    flags: list[Flag] = list(rule_flags)
    other = 1.0
    for flag in flags:
        other *= 1.0 - rule_weight(flag.category)
    thresholds = {**combiner.thresholds_for(script), **(site_thresholds or {})}
    flagged_any = False
    for name, probability in probabilities.items():
        threshold = thresholds.get(name)
        if threshold is None or probability < threshold:
            continue
        flags.extend(_model_flags(name, probability, threshold, rule_flags, groups, source))
        flagged_any = True
    # P(any violation) is at least the probability of each category on its own.
    any_violation = max(combiner.risk_of(scores, rule_categories), *probabilities.values())
    threshold = thresholds.get(RISK_KEY)
    if not flagged_any and threshold is not None and any_violation >= threshold:
        # Likely a violation, no category sure on its own: flag the most probable category so
        # the moderator is pointed at it (its detail says so); score = P(any violation).
        name = max(probabilities, key=probabilities.__getitem__)
        flags.extend(
            _model_flags(
                name,
                any_violation,
                threshold,
                rule_flags,
                groups,
                source,
                note="likely violation, category uncertain",
            )
        )
    return screening_of(
        1.0 - (1.0 - any_violation) * other, flags, {**probabilities, RISK_KEY: any_violation}
    )


def _model_flags(
    name: str,
    probability: float,
    threshold: float,
    rule_flags: list[Flag],
    groups: set[Category],
    source: str,
    note: str = "",
) -> list[Flag]:
    """The model flag(s) of one combined category (in the rules' category when they found one)."""
    label, own = COMBINED[name]
    evidence = [f for f in rule_flags if f.category in own]
    targets = list(dict.fromkeys(f.category for f in evidence))
    notes = [note] if note else []
    if not targets and name == "identity_abuse":
        found = [c.value for c in Category if c in ABUSE_CATEGORIES and c in groups]
        targets = found or [IDENTITY_FALLBACK.value]
        if not found:
            notes.append("target group not recognised")
    elif not targets:
        category = LABEL_CATEGORY[label]
        targets = [category.value] if category is not None else []
    detail = f"{label} ({'; '.join(notes)})" if notes else label
    model = [
        Flag(
            category=c,
            source=source,
            detail=detail,
            score=probability,
            threshold=round(threshold, 4),
        )
        for c in targets
    ]
    return model
