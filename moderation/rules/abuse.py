"""Abuse of identity groups (sexism, racism, homophobia, xenophobia): dehumanising patterns.

Slurs are plain list terms (rules.terms); this family finds statements about a whole group, in
the shapes of lists/en/shapes/abuse.toml:
"X are animals / parasites / vermin", "send them back", "they breed like rats", "women belong in
the kitchen", "X should not be allowed to ...", "I hate X", "death to X". Neutral mentions
("Kurds, Arabs and Turkmen live together in Kirkuk"), negations ("immigrants are not animals")
and counter-speech ("calling refugees 'vermin' is disgusting") pass.

Which category a group belongs to (groups/*.txt): women and girls -> sexism; race, colour,
descent, ethnicity (Arabs, Jews, Roma, Travellers, and the peoples of Iraq: Kurds, Turkmen,
Yazidis, Assyrians, ...), religions and sects -> racism; lesbian, gay, bisexual and trans people
-> homophobia; migration status, foreigners and nationals of other countries -> xenophobia.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from moderation.guidelines import Category
from moderation.rules.context import (
    NOT_SUBJECT,
    Finding,
    alternation,
    is_counter_speech,
    negated_before,
)
from moderation.rules.family import Reading, has_any
from moderation.rules.shape_files import ShapeFile, SlotFiller
from moderation.rules.term_index import first_words

_VIOLENT = re.compile(
    r"\b(?:kill\w*|shot|shoot|die|death|gas\w*|hang\w*|exterminat\w*|execut\w*|burn\w*|lynch\w*|"
    r"wiped|wipe|eradicat\w*|put\s+down|murder\w*|slaughter\w*|drown\w*|stab\w*)\b"
)
#: Kinds of shape that are also a threat where the words are violent ("Death to all X").
_HARM = frozenset({"call-to-harm", "exclude-or-harm", "degrading"})
_THREAT = Category.THREAT.value
_CATEGORY_ORDER = (
    Category.XENOPHOBIA,
    Category.RACISM,
    Category.HOMOPHOBIA,
    Category.SEXISM,
    Category.PERSONAL_ATTACK,
)


class AbuseRules:
    """The group-abuse shapes of lists/en/shapes/abuse.toml, compiled once per RuleSet."""

    name = "abuse"
    languages = frozenset({"en"})
    reads_repair = True

    def __init__(
        self,
        groups: Mapping[Category, Iterable[str]],
        shapes: ShapeFile | None,
        vocabulary: Callable[[str], list[str] | None],
        triggering_groups: Iterable[str] = (),
    ) -> None:
        """groups: terms per abuse category; shapes: the shape file (None: no shapes; the family
        still reads which groups a comment mentions); vocabulary(name): an English list;
        triggering_groups: further group terms (disability groups, filed as personal attacks)
        whose mention also runs the family."""
        self._group_category: dict[str, Category] = {}
        for category in _CATEGORY_ORDER:
            for term in groups.get(category, ()):
                key = " ".join(term.split())
                if key:
                    self._group_category.setdefault(key, category)
        #: First words of every group term: a comment without any of them skips the shapes
        #: that name a group.
        self.group_words = frozenset(k.split()[0] for k in self._group_category)
        self._file = shapes or ShapeFile("abuse", "en", {}, {}, ())
        group = alternation(self._group_category) or r"(?!x)x"
        g = rf"(?P<group>{group})(?![\w-])"
        self._group_re = re.compile(rf"\b{g}")
        filler = SlotFiller(self._file, {"g": g}, vocabulary)
        #: (pattern, shape, names a group, the words that let it run)
        self._shapes = [
            (filler.compile(s), s, "{g}" in s.pattern, frozenset(s.needs))
            for s in self._file.shapes
        ]
        self.triggers = (
            self.group_words
            | first_words([*self._group_category, *triggering_groups])
            | frozenset().union(*(needs for *_, needs in self._shapes))
        )

    @property
    def shape_file(self) -> ShapeFile:
        """The shapes it runs (their examples are run by the tests)."""
        return self._file

    def mentioned(self, text: str) -> set[Category]:
        """Abuse categories of the identity groups a folded text mentions."""
        return {self._group_category[_key(m["group"])] for m in self._group_re.finditer(text)}

    def wants(self, reading: Reading) -> bool:
        """A group word or a shape's word present."""
        return has_any(reading, self.triggers)

    def find(self, reading: Reading) -> list[Finding]:
        """Group-abuse findings in the comment's folded, leet-decoded view (on a repaired
        reading every shape is tried; otherwise a shape naming a group needs one of the groups'
        words, and one with `needs` one of those)."""
        words = None if reading.repaired else reading.words
        text = reading.view.text
        has_group = words is None or not words.isdisjoint(self.group_words)
        found: list[Finding] = []
        for pattern, shape, names_group, needs in self._shapes:
            if words is not None and not (
                (names_group and has_group) or not words.isdisjoint(needs)
            ):
                continue
            for m in pattern.finditer(text):
                if shape.category:
                    category: Category | None = Category(shape.category)
                else:
                    named = m.groupdict().get("group") or ""
                    category = self._group_category.get(_key(named))
                self._add(found, text, m, category, shape.kind, shape.id)
        return found

    def _fallback(self, text: str) -> Category:
        """Category for a pattern without a named group: the groups mentioned, else xenophobia."""
        mentioned = self.mentioned(text)
        for category in _CATEGORY_ORDER:
            if category in mentioned:
                return category
        return Category.XENOPHOBIA

    def _add(
        self,
        found: list[Finding],
        text: str,
        m: re.Match[str],
        category: Category | None,
        kind: str,
        shape: str,
    ) -> None:
        if category is None:
            category = self._fallback(text)
        start = m.start()
        while start < m.end() and text[start] in " .!?,;:":
            start += 1
        if negated_before(text, start) or is_counter_speech(text, start, m.end()):
            return
        if kind == "dehumanising" and NOT_SUBJECT.search(text[max(0, start - 40) : start]):
            # "the treatment of refugees is disgusting": the group is not what is judged.
            return
        what = self._file.describe(kind)
        found.append(Finding(category.value, start, m.end(), f"{category.value}/en: {what}", shape))
        if kind in _HARM and _VIOLENT.search(text, start, m.end()):
            # "Death to all X", "X should be shot": a threat as well as abuse of the group.
            found.append(
                Finding(_THREAT, start, m.end(), "threats/en: violence against a group", shape)
            )


def _key(group: str) -> str:
    return " ".join(group.split())
