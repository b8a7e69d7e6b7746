"""Flags, the risk and a degraded screening in a moderator's words (web/dashboard/words.py)."""

from __future__ import annotations

import pytest

from web.dashboard.words import banner_words, category_label, flag_words


def test_a_rule_flag_says_what_it_matched() -> None:
    body = "Careful, councillor: we know   where you live."
    flag = {"category": "threat", "source": "rule", "detail": "threats/en: intent+target pattern",
            "span": [21, 45], "rule": "threats#know-where"}  # fmt: skip
    words = flag_words(flag, body)
    assert (words.label, words.words) == ("Threat", "matched “we know where you live”")
    assert words.technical == "rule threats#know-where · threats/en: intent+target pattern"


def test_a_model_flag_says_how_likely_and_from_where_it_flags() -> None:
    flag = {"category": "profanity", "source": "model:house", "detail": "profanity",
            "score": 0.968, "threshold": 0.9}  # fmt: skip
    words = flag_words(flag, "whatever")
    assert (words.label, words.words) == ("Profanity", "model: 97% likely (flags from 90%)")


def test_a_long_match_is_shortened_and_a_bad_span_is_not_trusted() -> None:
    body = "x " * 100
    long = flag_words({"category": "personal_attack", "source": "rule", "span": [0, 200]}, body)
    assert long.words.endswith("…”") and len(long.words) < 95
    bad = flag_words({"category": "vulgarity", "source": "rule", "span": [50, 900]}, "short")
    assert bad.words == "matched a rule"


@pytest.mark.parametrize(
    ("category", "label"),
    [("personal_attack", "Personal attack"), ("commercial_promotion", "Commercial promotion"),
     ("not_a_category", "Not a category")],
)  # fmt: skip
def test_category_labels_are_the_guidelines(category: str, label: str) -> None:
    assert category_label(category).lower() == label.lower()


def test_the_banner_speaks_of_the_work_not_the_exception() -> None:
    assert banner_words({"status": "ok"}) is None
    assert "read each one yourself" in banner_words({"status": "no-worker"})
    fallback = {"status": "degraded", "detail": "OSError: weights not found",
                "model": {"fallback": True, "name": "alt-profanity-check"}}  # fmt: skip
    assert "reduced offline model" in banner_words(fallback)
    assert "OSError" not in banner_words(fallback)
    rules_only = {"status": "degraded", "model": {"fallback": False, "name": "none"}}
    assert "word lists only" in banner_words(rules_only)
