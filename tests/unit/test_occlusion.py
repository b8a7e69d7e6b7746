"""Evidence spans for model flags by occlusion: the words whose removal lowers the score most."""

from __future__ import annotations

from collections.abc import Sequence

from moderation.model.occlusion import best_span, explain, windows


def _keyword_model(words: dict[str, float]) -> tuple[list[int], object]:
    """Scores "threat" as the strongest keyword present; counts the texts it was asked about."""
    calls: list[int] = []

    def predict(texts: Sequence[str]) -> list[dict[str, float]]:
        calls.append(len(texts))
        return [
            {"threat": max([w for k, w in words.items() if k in t.lower()], default=0.05)}
            for t in texts
        ]

    return calls, predict


def test_windows_cover_every_word_in_at_most_the_allowed_number() -> None:
    text = " ".join(f"w{i}" for i in range(50))
    spans = windows(text, max_variants=16)
    assert len(spans) <= 16
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert windows("   ") == []
    assert windows("one two", max_variants=16) == [(0, 3), (4, 7)]


def test_the_span_is_the_words_that_drove_the_score() -> None:
    text = "The council met today. I will kill the mayor tomorrow. Nice weather though."
    calls, predict = _keyword_model({"kill": 0.95})
    (spans,) = explain([text], {0: {"threat"}}, [{"threat": 0.95}], predict).values()
    start, end = spans["threat"]
    assert "kill" in text[start:end]
    assert len(text[start:end]) < len(text) / 2
    assert calls == [len(windows(text))]  # one batched call


def test_strong_neighbours_widen_the_span_and_no_drop_gives_none() -> None:
    spans = [(0, 3), (4, 8), (9, 12), (13, 20)]
    assert best_span(spans, 0.9, [0.9, 0.1, 0.4, 0.9]) == (4, 12)
    assert best_span(spans, 0.9, [0.9, 0.95, 0.9, 0.9]) is None


def test_many_comments_share_one_model_call() -> None:
    texts = ["you will die soon", "a quiet day", "burn it all down now please"]
    calls, predict = _keyword_model({"die": 0.9, "burn": 0.8})
    found = explain(
        texts, {0: {"threat"}, 2: {"threat"}}, [{"threat": 0.9}, {}, {"threat": 0.8}], predict
    )
    assert len(calls) == 1
    assert texts[0][slice(*found[0]["threat"])] == "die"
    assert texts[2][slice(*found[2]["threat"])] == "burn"
    assert 1 not in found


def test_model_evidence_the_rules_would_excuse_is_recognised() -> None:
    from moderation.screener import excused

    text = 'Statements like "immigrants are scum" are deeply hurtful.'
    start = text.index("scum")
    assert excused(text, (start, start + len('scum"')))  # punctuation does not hide the quote
    plain = "Immigrants are scum."
    assert not excused(plain, (plain.index("scum"), len(plain)))
