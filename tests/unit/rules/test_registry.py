"""The rule families: one protocol, one ordered registry, triggers that never skip a finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from moderation.languages import SITE_LANGUAGES
from moderation.rules import RuleSet
from moderation.rules.family import Reading
from tests.support.rules import shipped_rules
from tests.unit.rules.test_hostility import NEWS_HARD_NEGATIVES
from tests.unit.rules.test_news import NEWS_VIOLATIONS
from tests.unit.rules.test_promotion import DISGUISED_LINKS

RULES = shipped_rules()

#: Comments of every kind the families were written for, and some they were not.
TEXTS = [
    *(text for text, _ in NEWS_VIOLATIONS),
    *NEWS_HARD_NEGATIVES,
    *(row if isinstance(row, str) else row[0] for row in DISGUISED_LINKS),
    "I h a t e women, they should all be locked up",
    "what a c u n t",
    "you stupid fagot",
    "Disabld people belong in a zoo",
    "ya 1d10t, go back to the kitchen",
    "@karwan_news you are a paid troll",
    "انت حمار وغبي",
    "Tu kerî yî, here malê xwe",
    "Sen bir aptalsın",
]


def test_the_registry_lists_each_family_once_in_the_order_they_run() -> None:
    names = [f.name for f in RULES.families]
    assert names == [
        *("terms", "spelling", "threats", "attacks", "abuse", "hostility", "promotion"),
        "attacks/ar",  # a shape file of its own (lists/ar/shapes/attacks.toml)
    ]
    for family in RULES.families:
        assert family.languages, family.name
        assert family.languages <= {*SITE_LANGUAGES, "*"}, family.name


@pytest.mark.parametrize("family", [f.name for f in shipped_rules().families])
def test_a_family_it_skips_would_have_found_nothing(family: str) -> None:
    """Triggers come from each family's own words: skipping it never loses a finding."""
    chosen = next(f for f in RULES.families if f.name == family)
    skipped = 0
    for text in TEXTS:
        reading = RULES.read(text)
        if not chosen.wants(reading):
            skipped += 1
            assert chosen.find(reading) == [], text
    # The check means something only if the family does skip comments.
    assert family in {"terms", "promotion"} or skipped > 0


def test_every_family_finds_what_it_was_written_for() -> None:
    found = {f.name: 0 for f in RULES.families}
    for text in TEXTS:
        reading = RULES.read(text)
        for family in RULES.families:
            if family.wants(reading) and family.find(reading):
                found[family.name] += 1
    assert all(found.values()), found


def test_a_repaired_reading_reaches_the_families_that_read_repairs() -> None:
    """Spread-out letters are read as words, and the threat and abuse families see them."""
    text = "Disabld people belong in a zoo"
    reading = RULES.read(text)
    assert reading.repair is not None and reading.repair.view is not None
    assert reading.repair.text == "disabled people belong in a zoo"
    again = Reading.of_repair(reading.repair.view)
    assert all(f.wants(again) for f in RULES.families if f.reads_repair)
    abuse = next(f for f in RULES.families if f.name == "abuse")
    assert abuse.find(reading) == [] and abuse.find(again)
    [flag] = RULES.match(text)
    assert flag.category == "personal_attack" and flag.span == (0, len(text))


def test_a_new_language_is_a_new_folder(tmp_path: Path) -> None:
    """A toy language's lists flag in that language, beside the shipped ones, with nothing
    else to change."""
    (tmp_path / "en").mkdir()
    (tmp_path / "toy").mkdir()
    (tmp_path / "toy" / "profanity.txt").write_text("# toy\nblorf*\n", encoding="utf-8")
    (tmp_path / "toy" / "threats.txt").write_text("zap zap you\n", encoding="utf-8")
    rules = RuleSet.load(lists_dir=tmp_path)
    flags = rules.match("Blorfing council! zap zap you")
    assert [(f.category, f.detail.split(":")[0]) for f in flags] == [
        ("profanity", "profanity/toy"),
        ("threat", "threats/toy"),
    ]


def test_without_switches_off_families_shapes_and_term_lists_for_measurement() -> None:
    text = "We know where you live, councillor. You will pay for this. What a shit council."
    rules_of = lambda rs: sorted(f.rule for f in rs.match(text))  # noqa: E731
    assert rules_of(RULES) == ["terms#profanity/en", "threats#know-where", "threats#pay"]
    assert rules_of(RULES.without("threats")) == ["terms#profanity/en", "terms#threats/en"]
    assert rules_of(RULES.without("threats#pay")) == ["terms#profanity/en", "threats#know-where"]
    assert rules_of(RULES.without("terms#profanity")) == ["threats#know-where", "threats#pay"]
    assert RULES.without("threats").version != RULES.version
    assert rules_of(RULES) == ["terms#profanity/en", "threats#know-where", "threats#pay"]
