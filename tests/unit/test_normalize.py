"""Normalisation against evasion, and the offset map back to the original text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.normalize import (
    deleet,
    fold,
    letter_runs,
    normalize,
    squeeze_variants,
    tokenize,
)


@pytest.mark.parametrize(
    ("original", "folded"),
    [
        pytest.param("FUCK", "fuck", id="case"),
        pytest.param("ｆｕｃｋ", "fuck", id="fullwidth"),
        pytest.param("𝐟𝐮𝐜𝐤", "fuck", id="math-bold"),
        pytest.param("ѕһіт", "shit", id="cyrillic-homoglyphs"),
        pytest.param("fαkе", "fake", id="greek-and-cyrillic-mixed"),
        pytest.param("f\u200bu\u200cc\u200dk", "fuck", id="zero-width"),
        pytest.param("f\u202eu\u2066c\u2069k\ufeff", "fuck", id="bidi-controls"),
        pytest.param("sh\u00adit", "shit", id="soft-hyphen"),
        pytest.param("fück", "fuck", id="umlaut"),
        pytest.param("z̶a̷l̸g̵o̴", "zalgo", id="zalgo"),
        pytest.param("Kirkūk", "kirkuk", id="macron"),
        pytest.param("it’s", "it's", id="curly-apostrophe"),
        pytest.param("شـــرموطة", "شرموطه", id="arabic-tatweel"),
        pytest.param("كلب", "کلب", id="arabic-kaf-to-persian"),
    ],
)
def test_fold_sees_through_disguises(original: str, folded: str) -> None:
    assert fold(original).text == folded


@pytest.mark.parametrize(
    ("original", "needle", "evidence"),
    [
        pytest.param("You f\u200bu\u200bc\u200bk!", "fuck", "f\u200bu\u200bc\u200bk", id="zw"),
        pytest.param("what a fück up", "fuck", "fück", id="accent-precomposed"),
        pytest.param("what a fu\u0308ck up", "fuck", "fu\u0308ck", id="accent-combining"),
        pytest.param("z̶a̷l̸g̵o̴ end", "zalgo", "z̶a̷l̸g̵o̴", id="zalgo-trailing-mark"),
        pytest.param("say ｓｈｉｔ now", "shit", "ｓｈｉｔ", id="fullwidth"),
        pytest.param("Straße fuck", "fuck", "fuck", id="expansion-before"),
    ],
)
def test_spans_map_back_to_exact_original_evidence(
    original: str, needle: str, evidence: str
) -> None:
    view = fold(original)
    start = view.text.index(needle)
    s, e = view.span(start, start + len(needle))
    assert original[s:e] == evidence


@pytest.mark.parametrize(
    ("original", "decoded"),
    [
        pytest.param("k1ll", "kill", id="digit-one"),
        pytest.param("m0r0n", "moron", id="zeros-between-letters"),
        pytest.param("id!ot", "idiot", id="bang"),
        pytest.param("b|tch", "bitch", id="pipe"),
        pytest.param("I have 3 kids", "i have 3 kids", id="lone-number-untouched"),
        pytest.param("£3.5bn in 2024", "£3.5bn in 2024", id="money-and-year-untouched"),
        pytest.param("wow!! great", "wow!! great", id="trailing-punctuation-untouched"),
    ],
)
def test_deleet_only_rewrites_between_letters(original: str, decoded: str) -> None:
    assert deleet(fold(original)).text == decoded


@pytest.mark.parametrize(
    ("chunk", "expected"),
    [
        pytest.param("sh1t", "shit", id="one-as-i"),
        pytest.param("$hit", "shit", id="dollar-as-s"),
        pytest.param("@ss", "ass", id="at-as-a"),
        pytest.param("a55", "ass", id="fives"),
        pytest.param("sh!t", "shit", id="bang-as-i"),
        pytest.param("f*u*c*k", "fuck", id="asterisk-separators"),
    ],
)
def test_tokenize_offers_leet_readings(chunk: str, expected: str) -> None:
    (token,) = tokenize(fold(chunk))
    assert expected in token.forms


def test_tokenize_strips_sentence_punctuation_and_emphasis() -> None:
    tokens = tokenize(fold("*Really* annoying!!! (honestly)"))
    assert [t.forms[0] for t in tokens] == ["really", "annoying", "honestly"]


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        pytest.param("f.u.c.k off", [(0, 4)], id="dots"),
        pytest.param("f u c k off", [(0, 4)], id="spaces"),
        pytest.param("f-u-c-k off", [(0, 4)], id="dashes"),
        pytest.param("a b", [], id="two-letters-are-not-a-run"),
        pytest.param("the U.S. and U.K.", [], id="abbreviations-too-short"),
    ],
)
def test_letter_runs(text: str, runs: list[tuple[int, int]]) -> None:
    view = fold(text)
    assert letter_runs(view, tokenize(view)) == runs


def test_squeeze_variants_reads_stretched_letters() -> None:
    assert "fuck" in squeeze_variants("fuuuuuck")
    assert "asshole" in squeeze_variants("asssshole")
    assert squeeze_variants("good") == []


def test_normalize_combines_fold_and_deleet() -> None:
    assert normalize("Ѕh1Т") == "shit"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fold_never_raises_and_spans_stay_inside_original(text: str) -> None:
    view = fold(text)
    n = len(view.text)
    for start in range(0, n + 1, max(1, n // 7 or 1)):
        for end in range(start, n + 1, max(1, n // 5 or 1)):
            s, e = view.span(start, end)
            assert 0 <= s <= e <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_each_folded_character_maps_to_a_nonempty_original_range(text: str) -> None:
    view = fold(text)
    for i in range(len(view.text)):
        s, e = view.span(i, i + 1)
        assert 0 <= s < e <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text).text
    assert fold(once).text == once


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_deleet_keeps_length_and_tokenize_never_raises(text: str) -> None:
    view = fold(text)
    assert len(deleet(view).text) == len(view.text)
    for token in tokenize(view):
        assert 0 <= token.start < token.end <= len(view.text)
        assert token.forms
