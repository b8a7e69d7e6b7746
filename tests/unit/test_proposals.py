"""Thresholds proposed from decisions at a target precision (moderation/model/proposals.py)."""

from __future__ import annotations

import random

import pytest

from moderation.model.proposals import MIN_POSITIVES, Observation, propose


def _site(n_attacks: int = 40, n_clean: int = 160, seed: int = 1) -> list[Observation]:
    """Attacks score high, clean comments low, with an overlap in between."""
    rng = random.Random(seed)
    rows = [
        Observation({"personal_attack": rng.uniform(0.3, 0.95)}, True, "personal_attack")
        for _ in range(n_attacks)
    ]
    rows += [
        Observation({"personal_attack": rng.uniform(0.0, 0.45)}, False) for _ in range(n_clean)
    ]
    return rows


def _one(proposals, category: str = "personal_attack"):
    return next(p for p in proposals if p.category == category)


def test_the_proposal_is_the_lowest_threshold_that_keeps_the_target_precision() -> None:
    rows = _site()
    p = _one(propose(rows, {"personal_attack": 0.6}, target_precision=0.8))
    assert p.proposed is not None and p.proposed < 0.6  # the site's attacks score lower
    assert p.precision_new >= 0.8 and p.recall_new > p.recall_now
    # Exactly what a moderator would count at that threshold:
    flagged = [o for o in rows if o.probabilities["personal_attack"] >= p.proposed]
    assert sum(o.rejected for o in flagged) / len(flagged) == pytest.approx(
        p.precision_new, abs=1e-4
    )
    # Any lower threshold would miss the target.
    lower = [o for o in rows if o.probabilities["personal_attack"] >= p.proposed - 0.02]
    assert sum(o.rejected for o in lower) / len(lower) < 0.8 or len(lower) == len(flagged)


def test_a_stricter_target_proposes_a_higher_threshold() -> None:
    rows = _site()
    loose = _one(propose(rows, {}, target_precision=0.7)).proposed
    strict = _one(propose(rows, {}, target_precision=0.95)).proposed
    assert loose < strict


def test_rejections_for_other_reasons_count_as_upheld_but_not_as_recall() -> None:
    rows = _site() + [Observation({"personal_attack": 0.5}, True, "spam") for _ in range(10)]
    p = _one(propose(rows, {"personal_attack": 0.5}))
    assert p.positives == 40  # the spam rejections are not personal attacks
    assert p.precision_now == 1.0  # ... but a flag on them was upheld


def test_too_few_decisions_give_no_proposal_and_say_what_is_missing() -> None:
    rows = _site(n_attacks=MIN_POSITIVES - 3, n_clean=5)
    p = _one(propose(rows, {"personal_attack": 0.6}))
    assert p.proposed is None and not p.changes
    assert p.note == "needs 3 more rejections for it and 15 more approvals"
    untouched = _one(propose(rows, {}), "threat")
    assert untouched.positives == 0 and untouched.proposed is None


def test_an_unreachable_target_gives_no_proposal() -> None:
    rng = random.Random(3)  # scores say nothing: attacks and clean comments alike
    rows = [Observation({"threat": rng.random()}, i % 2 == 0, "threat") for i in range(200)]
    p = _one(propose(rows, {"threat": 0.5}, target_precision=0.95), "threat")
    assert p.proposed is None and p.note == "no threshold reaches 95% precision"


def test_the_target_must_be_a_share() -> None:
    with pytest.raises(ValueError, match="target precision"):
        propose([], {}, target_precision=1.5)
