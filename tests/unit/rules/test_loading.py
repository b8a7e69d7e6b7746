"""Loading the rule lists: data files, run-time additions and removals, and the version."""

from __future__ import annotations

from pathlib import Path

import pytest

from moderation.guidelines import SCREENED_CATEGORIES, Category
from moderation.languages import SITE_LANGUAGES
from moderation.rules import DEFAULT_LISTS_DIR, FLAGGED_LISTS, VOCABULARY_LISTS, RuleSet
from moderation.rules.term_index import read_list
from tests.support.rules import shipped_rules

RULES = shipped_rules()


def categories(rules: RuleSet, text: str) -> set[str]:
    """The categories of every rule flag."""
    return {f.category for f in rules.match(text)}


def test_version_is_stable_and_short() -> None:
    again = RuleSet.load()
    assert RULES.version == again.version
    code, _, digest = RULES.version.partition("-")
    assert code and len(digest) == 12


def test_version_changes_with_effective_terms() -> None:
    added = RuleSet.load(extra_terms=[("profanity", "en", "gobshite")])
    removed = RuleSet.load(removed_terms=[("profanity", "en", "bollock*")])
    domains = RuleSet.load(allowed_domains=["kirkuknow.com"])
    versions = {RULES.version, added.version, removed.version, domains.version}
    assert len(versions) == 4


def test_extra_term_from_database_is_matched_with_its_category() -> None:
    rules = RuleSet.load(extra_terms=[("profanity", "en", "gobshite")])
    text = "Shut it, you g0bsh1te."
    flags = [f for f in rules.match(text) if f.category == Category.PROFANITY.value]
    assert [text[f.span[0] : f.span[1]] for f in flags] == ["g0bsh1te"]
    assert flags[0].detail == "profanity/en: 'gobshite'"
    assert Category.PROFANITY.value not in categories(RULES, text)


def test_extra_term_in_a_language_without_files() -> None:
    rules = RuleSet.load(extra_terms=[("profanity", "kmr", "qehpik")])
    (flag,) = rules.match("tu qehpik î")
    assert flag.detail == "profanity/kmr: 'qehpik'"


def test_removed_term_is_no_longer_matched() -> None:
    text = "What a load of bollocks."
    assert Category.PROFANITY.value in categories(RULES, text)
    rules = RuleSet.load(removed_terms=[("profanity", "en", "bollock*")])
    assert Category.PROFANITY.value not in categories(rules, text)


def test_extra_insult_needs_a_target_like_the_list() -> None:
    rules = RuleSet.load(extra_terms=[("personal_attack", "en", "gowk")])
    assert Category.PERSONAL_ATTACK.value in categories(rules, "You absolute gowk.")
    assert categories(rules, "The gowk is a Scots word for cuckoo.") == set()


def test_allowlist_additions_at_run_time() -> None:
    text = "We stayed in Cockwood near Exeter."
    rules = RuleSet.load(
        extra_terms=[("vulgarity", "en", "cockwood"), ("allowlist", "en", "cockwood")]
    )
    assert rules.match(text) == []


def test_allowed_terms_parameter_extends_the_allowlist() -> None:
    rules = RuleSet.load(extra_terms=[("vulgarity", "en", "cockwood")], allowed_terms=["Cockwood"])
    assert rules.match("We stayed in Cockwood near Exeter.") == []


def test_unknown_category_is_refused() -> None:
    with pytest.raises(ValueError):
        RuleSet.load(extra_terms=[("rudeness", "en", "meh")])


def test_missing_lists_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        RuleSet.load(lists_dir=tmp_path / "nowhere")


def test_custom_lists_folder(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "profanity.txt").write_text("# test list\nflip*\n", encoding="utf-8")
    (tmp_path / "allowlist.txt").write_text("flipchart\n", encoding="utf-8")
    rules = RuleSet.load(lists_dir=tmp_path)
    assert categories(rules, "flipping heck") == {Category.PROFANITY.value}
    assert rules.match("bring the flipchart") == []


def test_every_list_file_parses_and_names_a_known_list() -> None:
    known = {*FLAGGED_LISTS, *VOCABULARY_LISTS}
    for path in DEFAULT_LISTS_DIR.glob("*/*.txt"):
        assert path.stem in known, path
        terms = list(read_list(path))
        assert terms, path
        assert all(t == t.strip() and "\t" not in t for t in terms), path
    for path in DEFAULT_LISTS_DIR.glob("en/groups/*.txt"):
        assert Category(path.stem) in {
            Category.SEXISM, Category.RACISM, Category.HOMOPHOBIA, Category.XENOPHOBIA,
            Category.PERSONAL_ATTACK,  # disability groups
        }  # fmt: skip


#: An invented word per script, so only the added term can flag.
_INVENTED = {"en": "zorblax", "kmr": "zorblax", "tr": "zorblax",
             "ar": "زربلاخ", "ckb": "زربلاخ", "fa": "زربلاخ"}  # fmt: skip


@pytest.mark.parametrize("language", sorted(SITE_LANGUAGES))
@pytest.mark.parametrize("category", [c.value for c in SCREENED_CATEGORIES])
def test_every_category_s_run_time_term_flags_in_every_language(
    category: str, language: str
) -> None:
    """What an admin adds on the rule-list page is what screening then flags, whatever the
    category and language (a personal attack added in Arabic used to join a vocabulary that
    only the English attack shapes read, and flag nothing)."""
    word = _INVENTED[language]
    # English insults need a target, as the list's own do (test above); say it to someone.
    text = f"you {word}" if language == "en" else f"{word} {word}"
    assert categories(RULES, text) == set()
    rules = RuleSet.load(extra_terms=[(category, language, word)])
    assert category in categories(rules, text)


def test_list_folders_are_site_languages() -> None:
    folders = {p.name for p in DEFAULT_LISTS_DIR.iterdir() if p.is_dir()}
    assert folders == set(SITE_LANGUAGES)


@pytest.mark.parametrize("language", sorted(SITE_LANGUAGES))
def test_language_folders_exist(language: str) -> None:
    folder = DEFAULT_LISTS_DIR / language
    assert folder.is_dir()
    assert list(folder.glob("*.txt")) or (folder / "README.md").is_file()


def test_empty_and_blank_comments() -> None:
    assert RULES.match("") == []
    assert RULES.match("   \n\t") == []
