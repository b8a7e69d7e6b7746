"""Every shape of every shipped shape file (lists/<language>/shapes/*.toml) flags its examples
and none of its counter-examples: the sentences that say what the shape means."""

from __future__ import annotations

import pytest

from moderation.rules import RuleSet
from moderation.rules.family import Family
from moderation.rules.shape_files import Shape, ShapeFile
from tests.support.rules import shipped_rules

RULES = shipped_rules()


def _family_of(rules: RuleSet, shapes: ShapeFile) -> Family:
    return next(f for f in rules.families if getattr(f, "shape_file", None) is shapes)


def _cases(kind: str) -> list[object]:
    cases = []
    for shapes in RULES.shape_files:
        for shape in shapes.shapes:
            sentences = shape.examples if kind == "example" else shape.counter_examples
            for n, sentence in enumerate(sentences, start=1):
                test_id = f"{shapes.language}/{shapes.family}#{shape.id}-{n}"
                cases.append(pytest.param(shapes, shape, sentence, id=test_id))
    return cases


def findings(rules: RuleSet, shapes: ShapeFile, text: str) -> list[tuple[str, str]]:
    """(shape id, category) of what this file's family finds in a sentence (nothing where the
    family does not want the comment: its trigger words are absent)."""
    family, reading = _family_of(rules, shapes), rules.read(text)
    if not family.wants(reading):
        return []
    return [(f.shape, f.category) for f in family.find(reading)]


def test_every_language_with_shapes_is_read() -> None:
    shipped = {(s.family, s.language) for s in RULES.shape_files}
    english = {(f, "en") for f in ("threats", "attacks", "abuse", "hostility")}
    assert shipped >= {*english, ("attacks", "ar")}


@pytest.mark.parametrize(("shapes", "shape", "sentence"), _cases("example"))
def test_a_shape_flags_its_examples(shapes: ShapeFile, shape: Shape, sentence: str) -> None:
    found = findings(RULES, shapes, sentence)
    assert shape.id in {shape_id for shape_id, _ in found}
    # ... and screening flags the sentence in those categories (another family's flag on the
    # same words may be the one shown: overlapping flags of one category are merged)
    assert {category for _, category in found} <= {f.category for f in RULES.match(sentence)}


@pytest.mark.parametrize(("shapes", "shape", "sentence"), _cases("counter"))
def test_a_shape_flags_none_of_its_counter_examples(
    shapes: ShapeFile, shape: Shape, sentence: str
) -> None:
    assert findings(RULES, shapes, sentence) == []
