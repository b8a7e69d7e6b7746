"""A rule family that is only data: the shapes of one `lists/<language>/shapes/<name>.toml`.

Adding a language's sentence shapes is adding a folder: `lists/<language>/vocab/*.txt` for its
vocabularies and `lists/<language>/shapes/<name>.toml` for the shapes over them (shape_files.py
says how a file is written). Each shape names its guideline category; it flags wherever its
pattern matches the folded, leet-decoded comment, unless the file's `unless` fragment matches
earlier in the same sentence (negation, reported speech: "لا تقل يا حمار"), and not at all in a
comment where the file's `other_language` fragment matches (letters the language does not use:
Persian and Kurdish write "یا" for "or"). Its trigger words
are the first words of the vocabularies its pattern uses, so it runs only on comments that
have one of them and can never be silently skipped when one is there.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from moderation.guidelines import Category
from moderation.normalize import fold
from moderation.rules.context import Finding
from moderation.rules.family import Reading
from moderation.rules.shape_files import Shape, ShapeFile, ShapeFileError, SlotFiller

_SENTENCE_START = re.compile(r"[.!?؟\n]")


class ShapedRules:
    """The shapes of one shape file, compiled; a family like the others (family.py)."""

    #: Shapes read the comment as written; the English spelling repair is not theirs.
    reads_repair = False

    def __init__(self, shapes: ShapeFile, vocabulary: Callable[[str], list[str] | None]) -> None:
        """vocabulary(name): the terms of one list of the file's language, None if none."""
        #: "attacks/ar": one family per shape file, so two languages' files never share a name.
        self.name = f"{shapes.family}/{shapes.language}"
        self.languages = frozenset({shapes.language})
        self._file = shapes

        def folded(name: str) -> list[str] | None:
            terms = vocabulary(name)
            return None if terms is None else [fold(t).text for t in terms]

        self._shapes: list[tuple[re.Pattern[str], frozenset[str], Shape, str]] = []
        for shape in shapes.shapes:
            label = f"{shapes.language}/shapes/{shapes.family}.toml: shape {shape.id}"
            try:
                category = Category(shape.category).value
            except ValueError:
                raise ShapeFileError(
                    f"{label}: category must be a guideline category, not {shape.category!r}"
                ) from None
            filler = SlotFiller(shapes, {}, folded)
            pattern = filler.compile(shape)
            triggers = frozenset(
                t.split()[0] for terms in filler.terms_used.values() for t in terms if t.split()
            ) | frozenset(fold(w).text for w in shape.needs)
            if not triggers:
                raise ShapeFileError(
                    f"{label}: its pattern uses no vocabulary and it lists no `needs` (its "
                    "triggers)"
                )
            self._shapes.append((pattern, triggers, shape, category))

        def fragment(name: str) -> re.Pattern[str] | None:
            if not shapes.fragments.get(name):
                return None
            return re.compile(SlotFiller(shapes, {}, folded).fill(f"{{{name}}}"), re.VERBOSE)

        self._unless = fragment("unless")
        self._other_language = fragment("other_language")
        self._triggers = frozenset().union(*(t for _, t, _, _ in self._shapes))

    @property
    def shape_file(self) -> ShapeFile:
        """The shapes it runs (their examples are run by the tests)."""
        return self._file

    def wants(self, reading: Reading) -> bool:
        """A first word of one of its vocabularies among the comment's words, in a comment
        without the letters of another language."""
        if reading.words.isdisjoint(self._triggers):
            return False
        return self._other_language is None or not self._other_language.search(reading.view.text)

    def find(self, reading: Reading) -> list[Finding]:
        """A finding for every match of every shape whose triggers are present."""
        text = reading.view.text
        found: list[Finding] = []
        for pattern, triggers, shape, category in self._shapes:
            if reading.words.isdisjoint(triggers):
                continue
            for m in pattern.finditer(text):
                if self._unless is not None:
                    left = max((x.end() for x in _SENTENCE_START.finditer(text, 0, m.start())),
                               default=0)  # fmt: skip
                    if self._unless.search(text, left, m.start()):
                        continue
                what = self._file.describe(shape.kind)
                detail = f"{category}/{self._file.language}: {what}"
                found.append(Finding(category, m.start(), m.end(), detail, shape.id))
        return found
