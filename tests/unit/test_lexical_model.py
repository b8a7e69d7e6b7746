"""The lexical model: hashed n-grams -> one logistic regression per label; stored without pickle,
read as extra combiner features, never flagging anything by itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.model import lexical
from moderation.model.combiner import COMBINED, Combiner, Logistic, feature_count, features
from moderation.model.labels import HOUSE_LABELS

SMALL = lexical.LexicalSettings(n_features=2**12)
# Arabic abuse the English WordPiece vocabulary cannot read (letters only), against news talk.
ABUSIVE = ["يا حمار يا كلب", "انت حمار وغبي", "كلب ابن كلب", "يا غبي يا حمار", "حقير وكلب"]
CLEAN = ["شكرا على الخبر المفيد", "المجلس صوت على الميزانية", "الطريق الجديد جميل", "خبر جيد"]


def _targets(violation: int) -> tuple[int | None, ...]:
    return tuple(violation if label == "violation" else None for label in HOUSE_LABELS)


def _trained() -> lexical.LexicalModel:
    texts = [f"{t} {'.' * i}" for i in range(3) for t in ABUSIVE + CLEAN]
    targets = [_targets(1 if any(t.startswith(a) for a in ABUSIVE) else 0) for t in texts]
    return lexical.train_lexical(texts, targets, HOUSE_LABELS, settings=SMALL)


def test_it_learns_arabic_abuse_from_a_few_rows_and_reads_spelling_variants() -> None:
    model = _trained()
    (abusive, clean, diacritics) = model.predict(["انت كلب", "الميزانية جيدة", "يَا حِمَارْ"])
    assert abusive["lexical_violation"] > clean["lexical_violation"] + 0.1
    # Tashkeel is folded away: the vowelled spelling reads as the plain one.
    assert diacritics["lexical_violation"] > clean["lexical_violation"] + 0.1
    # Labels no row judged get a neutral prior, not a learned score.
    assert abusive["lexical_threat"] == pytest.approx(clean["lexical_threat"])


def test_it_is_stored_as_safetensors_and_loads_to_the_same_scores(tmp_path: Path) -> None:
    from safetensors import safe_open

    model = _trained()
    path = model.save(tmp_path)
    assert path.name == lexical.LEXICAL_FILE and path.read_bytes()[:8] != b"\x80\x04\x95"
    with safe_open(str(path), framework="numpy") as fh:
        assert sorted(fh.keys()) == ["bias", "weights"]
        assert str(fh.get_tensor("weights").dtype) == "float16"
    again = lexical.load(tmp_path)
    assert again is not None and again.labels == HOUSE_LABELS
    texts = ["انت كلب", "الميزانية جيدة"]
    for a, b in zip(model.scores(texts), again.scores(texts), strict=True):
        assert a == pytest.approx(b, abs=1e-6)  # trained weights already round-trip float16
    assert lexical.load(tmp_path / "nothing-here") is None


def test_a_weights_file_of_the_wrong_shape_is_refused(tmp_path: Path) -> None:
    import numpy as np

    with pytest.raises(ValueError, match="lexical weights have shape"):
        lexical.LexicalModel(HOUSE_LABELS, np.zeros((10, 2)), np.zeros(2), SMALL)


def _lexical_combiner() -> Combiner:
    models = {name: Logistic(-2.0, (1.0, 0.3, 3.0, 0.5, 0.8, 0.2)) for name in COMBINED}
    risk = Logistic(-3.0, tuple([0.4] * 6 + [2.0] * 5 + [1.0] + [0.5] * 6))
    return Combiner(models, risk, dict.fromkeys(COMBINED, 0.5), lexical=True)


probabilities = st.floats(0.0, 1.0, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(category=st.sampled_from([*COMBINED, "violation"]), low=probabilities, high=probabilities)
def test_a_higher_lexical_score_never_lowers_a_probability(category, low, high) -> None:
    low, high = min(low, high), max(low, high)
    combiner = _lexical_combiner()
    model = combiner.risk if category == "violation" else combiner.models[category]
    label = "violation" if category == "violation" else COMBINED[category][0]
    base = dict.fromkeys(HOUSE_LABELS, 0.05)
    lo = model(features(category, {**base, f"lexical_{label}": low}, frozenset(), True))
    hi = model(features(category, {**base, f"lexical_{label}": high}, frozenset(), True))
    assert hi >= lo


def test_a_lexical_combiner_round_trips_and_refuses_weights_of_the_wrong_length() -> None:
    combiner = _lexical_combiner()
    again = Combiner.from_dict(combiner.to_dict())
    assert again.lexical is True
    scores = {**dict.fromkeys(HOUSE_LABELS, 0.05), "lexical_profanity": 0.9}
    assert again.probabilities(scores, set()) == pytest.approx(
        combiner.probabilities(scores, set())
    )
    assert (
        again.probabilities(scores, set())["profanity"]
        > again.probabilities(dict.fromkeys(HOUSE_LABELS, 0.05), set())["profanity"]
    )
    stale = combiner.to_dict()
    stale["lexical"] = False  # a combiner fitted with lexical features, read without them
    with pytest.raises(ValueError, match="weights, expected"):
        Combiner.from_dict(stale)
    assert feature_count("violation", True) == len(combiner.risk.weights)
