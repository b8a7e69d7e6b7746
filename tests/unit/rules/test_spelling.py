"""The spelling repair (moderation/rules/spelling.py): what it reads, where its spans point, and
what it never touches; and the family that flags repaired slurs and profanity."""

from __future__ import annotations

import pytest

from moderation.normalize import deleet, fold
from moderation.rules.spelling import SpellingRepair, is_english_word
from tests.support.rules import shipped_rules

RULES = shipped_rules()


def categories(text: str) -> set[str]:
    return {f.category for f in RULES.match(text)}


def reading(text: str, vocabulary: tuple[str, ...] = ("hate", "women", "death", "cancer")) -> str:
    repaired = SpellingRepair(vocabulary).read(deleet(fold(text)))
    return repaired.text if repaired.view is not None else ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("I h a t e women", "i hate women", id="letters-joined-and-split"),
        pytest.param("deathto them", "death to them", id="run-together-split"),
        pytest.param("a cancr on us", "a cancer on us", id="dropped-letter"),
        pytest.param("I hate womne", "i hate women", id="swapped-letters"),
    ],
)
def test_the_repair_reads_misspelt_words_as_the_vocabulary_s(text: str, expected: str) -> None:
    assert reading(text) == expected


def test_nothing_to_repair_gives_no_repaired_view() -> None:
    assert reading("I hate the new bridge") == ""


@pytest.mark.parametrize(
    ("text", "category"),
    [
        pytest.param("I h a t e Kurds.", "racism", id="spread-letters"),
        pytest.param("Deathto all immigrants.", "xenophobia", id="run-together"),
        pytest.param("Refugees are massivescumbags.", "xenophobia", id="run-together-insult"),
        pytest.param("Womn belong in the kitchen.", "sexism", id="dropped-letter-group"),
        pytest.param("Immigrants are a cancr on this country.", "xenophobia",
                     id="dropped-letter-word"),
        pytest.param("Syrians are a thraet to civilisation.", "xenophobia", id="swapped-letters"),
        pytest.param("I am going to murdr that Kurd.", "threat", id="threat-family-reads-repair"),
        pytest.param("Muslims are f1lthy.", "racism", id="leet"),
    ],
)  # fmt: skip
def test_evasions_are_read_through(text: str, category: str) -> None:
    assert category in categories(text)


def test_span_of_a_repaired_word_points_into_the_original_text() -> None:
    text = "Ça alors — Deathto all immigrants!"
    flags = [f for f in RULES.match(text) if f.category == "xenophobia"]
    assert flags
    start, end = flags[0].span
    assert text[start:end].startswith("Deathto")
    assert "immigrants" in text[start:end]


def test_common_words_are_recognised_so_they_are_never_repaired() -> None:
    assert is_english_word("site") and is_english_word("therapist")
    assert not is_english_word("womn") and not is_english_word("deathto")


def test_a_repaired_slur_is_flagged_as_its_list_s_category() -> None:
    flags = [f for f in RULES.match("you stupid fagot") if f.rule == "spelling#homophobia"]
    assert [f.detail for f in flags] == ["homophobia/en: misspelled term"]
