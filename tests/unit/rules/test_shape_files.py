"""Shape files: adding a language's sentence shapes is adding a folder (proved on a toy
language), and a broken file is refused with a message naming the file and the shape."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from moderation.rules import DEFAULT_LISTS_DIR, RuleSet
from moderation.rules.shape_files import ShapeFileError
from tests.unit.rules.test_shape_examples import findings

TOY_SHAPES = """
[kinds]
vocative = "insult aimed at the reader"

[fragments]
# "ne" before the insult in the same sentence: a denial ("I did not say ...")
unless = '''(?<!\\w)ne(?!\\w)'''
particle = '''(?:o|oi)'''

[[shape]]
id = "vocative-insult"
kind = "vocative"
category = "personal_attack"
pattern = '''{b}{particle}\\s+{insults}{e}'''
examples = ["o blorp, go away", "Well oi  GRUNK!"]
counter_examples = ["a blorp is a toy", "ne o blorp, I said"]
"""


def toy_lists(root: Path, shapes: str = TOY_SHAPES) -> Path:
    """A lists folder with one toy language, "xx": an insult vocabulary and one shape file."""
    (root / "xx" / "vocab").mkdir(parents=True)
    (root / "xx" / "shapes").mkdir()
    (root / "xx" / "vocab" / "insults.txt").write_text("# toy insults\nblorp\ngrunk\n", "utf-8")
    (root / "xx" / "shapes" / "attacks.toml").write_text(shapes, "utf-8")
    return root


def test_a_new_language_is_a_folder(tmp_path: Path) -> None:
    rules = RuleSet.load(lists_dir=toy_lists(tmp_path))
    flags = rules.match("Hey, o blorp, go away")
    assert [(f.category, f.rule, f.span) for f in flags] == [
        ("personal_attack", "attacks/xx#vocative-insult", (5, 12))
    ]
    assert flags[0].detail == "personal_attack/xx: insult aimed at the reader"
    assert "xx" in {lang for family in rules.families for lang in family.languages}


def test_the_toy_language_s_examples_run_like_the_shipped_ones(tmp_path: Path) -> None:
    rules = RuleSet.load(lists_dir=toy_lists(tmp_path))
    (shapes,) = rules.shape_files
    (shape,) = shapes.shapes
    for sentence in shape.examples:
        assert [s for s, _ in findings(rules, shapes, sentence)] == [shape.id], sentence
    for sentence in shape.counter_examples:
        assert findings(rules, shapes, sentence) == [], sentence


def test_the_unless_fragment_is_read_within_the_sentence(tmp_path: Path) -> None:
    rules = RuleSet.load(lists_dir=toy_lists(tmp_path))
    assert rules.match("ne o blorp") == []
    assert [f.rule for f in rules.match("I said ne. o blorp!")] == ["attacks/xx#vocative-insult"]


def test_a_comment_in_another_language_is_not_read(tmp_path: Path) -> None:
    marked = TOY_SHAPES.replace("[fragments]", "[fragments]\nother_language = '''[§]'''")
    rules = RuleSet.load(lists_dir=toy_lists(tmp_path, marked))
    assert rules.match("o blorp § o grunk") == []
    assert [f.rule for f in rules.match("o blorp")] == ["attacks/xx#vocative-insult"]


def test_a_family_without_its_trigger_words_is_skipped(tmp_path: Path) -> None:
    rules = RuleSet.load(lists_dir=toy_lists(tmp_path))
    family = next(f for f in rules.families if "xx" in f.languages)
    assert family.wants(rules.read("o grunk")) is True
    assert family.wants(rules.read("o friend, welcome")) is False


def test_editing_a_shape_file_changes_the_version(tmp_path: Path) -> None:
    before = RuleSet.load(lists_dir=toy_lists(tmp_path / "a")).version
    changed = TOY_SHAPES.replace("(?:o|oi)", "(?:o|oi|hey)")
    after = RuleSet.load(lists_dir=toy_lists(tmp_path / "b", changed))
    assert after.version != before
    assert [f.rule for f in after.match("hey blorp")] == ["attacks/xx#vocative-insult"]


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        pytest.param(TOY_SHAPES.replace("{insults}", "{nonsense}"),
                     r"xx/shapes/attacks\.toml: shape vocative-insult: unknown slot \{nonsense\}",
                     id="unknown-slot"),
        pytest.param(TOY_SHAPES.replace(TOY_SHAPES.split("\n")[-2], ""),
                     r"shape vocative-insult: needs at least one example and one counter-example",
                     id="no-counter-example"),
        pytest.param(TOY_SHAPES + "[[shape]]" + TOY_SHAPES.split("[[shape]]")[1],
                     r"shape vocative-insult: the id is used twice", id="duplicate-id"),
        pytest.param(TOY_SHAPES.replace('id = "vocative-insult"', 'id = "Vocative Insult"'),
                     r"an id is lower-case words joined by hyphens", id="bad-id"),
        pytest.param(TOY_SHAPES.replace('category = "personal_attack"', 'category = "rudeness"'),
                     r"category must be a guideline category, not 'rudeness'", id="bad-category"),
        pytest.param(TOY_SHAPES.replace("{particle}\\s+", "{particle}(\\s+"),
                     r"shape vocative-insult: not a valid pattern", id="bad-regex"),
        pytest.param(TOY_SHAPES.replace("[kinds]", "[kinds"),
                     r"xx/shapes/attacks\.toml: not valid TOML", id="bad-toml"),
        pytest.param(TOY_SHAPES.replace("{b}{particle}\\s+{insults}{e}", "{b}o\\s+blorp{e}"),
                     r"its pattern uses no vocabulary and it lists no `needs`", id="no-triggers"),
        pytest.param(TOY_SHAPES.replace("particle = '''(?:o|oi)'''", "particle = '''{particle}'''"),
                     r"the fragment particle uses itself", id="self-reference"),
    ],
)  # fmt: skip
def test_a_broken_shape_file_is_refused_by_name(tmp_path: Path, broken: str, message: str) -> None:
    with pytest.raises(ShapeFileError, match=message):
        RuleSet.load(lists_dir=toy_lists(tmp_path, broken))


def test_every_shipped_vocabulary_file_is_read_by_a_shape() -> None:
    """A vocabulary no shape names would be dead data: every vocab/<name>.txt is a slot of its
    language's shape files (the ethnonyms are the hostility family's {ethnonym} slot)."""
    read_by_code = {"ethnonyms_racism", "ethnonyms_xenophobia"}
    for path in DEFAULT_LISTS_DIR.glob("*/vocab/*.txt"):
        text = "".join(p.read_text("utf-8") for p in (path.parent.parent / "shapes").glob("*.toml"))
        slots = set(re.findall(r"\{([a-z_]+)\}", text))
        assert path.stem in slots | read_by_code, path
