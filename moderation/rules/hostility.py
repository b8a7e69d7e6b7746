"""Hostility aimed at an identity group, in a few general sentence shapes, through misspellings.

rules.abuse knows fixed dehumanising statements ("X are vermin", "send them back"); this family
reads the *shape* of a sentence whose subject or object is a group (groups/*.txt) or a pronoun
standing for one mentioned in the comment ("they", "them", "your kind"):

- predication: the group *is* something hostile — "Muslims are without a doubt the stupidest
  people", "immigrants can't stop themselves from being revolting" (hostile.txt plus the insult
  and dehumanising lists);
- attribution: "filthy immigrants", "immigrant trash";
- emotion aimed at the group: "I have so much hatred for you disabled people", "women like you
  make me furious", "there is nothing worse than a woman";
- denial of worth or humanity: "black people are not human", "your lives have no value",
  "never trust a word said by an immigrant";
- violence wished on the group: "I want to kill all X", "if only someone would strangle those
  X", "X should be shot", "murdering an X should be legal" (also a threat).

Words are read after a spelling repair that keeps spans exact: letters spread out ("I h a t e
women"), words run together ("Deathto", "todie", "gayvermin") and one-letter slips in a word of
these vocabularies ("womn", "cancr", "thraet", "execuetd"). A repaired word that is a slur or a
profanity is flagged as such. What passes: neutral and positive mentions, negation ("women are
not disgusting", "no Muslim deserves to die"), counter-speech and quoting, news reports of
violence ("five Kurds were killed"), and hostile words about something other than the group
("the treatment of refugees is disgusting").
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
from moderation.rules.family import Reading
from moderation.rules.shape_files import ShapeFile, SlotFiller

_THREAT = Category.THREAT.value

#: The vocabularies (lists/en/vocab/) whose words the spelling repair repairs towards.
_REPAIRED_VOCABULARIES = (
    "emotion", "violent", "violent_ing", "violent_pp", "group_nouns", "attributive",
)  # fmt: skip

Vocabulary = Callable[[str], list[str] | None]


def repair_vocabulary(
    groups: Mapping[Category, Iterable[str]],
    hostile: Iterable[str],
    flagged: Mapping[str, str],
    vocabulary: Vocabulary,
) -> set[str]:
    """The words the spelling repair (spelling.py) repairs towards: every group and hostile
    term's words, the first word of the shapes' verbs and nouns, and the one-word flagged
    terms."""
    words: set[str] = set()
    for terms in groups.values():
        for term in terms:
            words.update(term.split())
    for phrase in hostile:
        words.update(phrase.split())
    for name in _REPAIRED_VOCABULARIES:
        words.update(t.split()[0] for t in vocabulary(f"vocab/{name}") or [] if t.split())
    words.update(k for k in flagged if len(k) >= 3)
    words.update(("death", "die", "hate", "deserve", "suffer", "throats", "human"))
    words.update(("worth", "nothing", "value", "equal", "belong", "lives", "nature"))
    return words


class HostilityRules:
    """The group-hostility shapes of lists/en/shapes/hostility.toml, compiled once per RuleSet."""

    name = "hostility"
    languages = frozenset({"en"})
    #: It reads the repaired reading itself (every shape matches the repair's text).
    reads_repair = False

    def __init__(
        self,
        groups: Mapping[Category, Iterable[str]],
        hostile: Iterable[str],
        shapes: ShapeFile | None,
        vocabulary: Vocabulary,
    ) -> None:
        """groups: terms per category; hostile: evaluative vocabulary; shapes: the shape file
        (None: no shapes, the family finds nothing); vocabulary(name): an English list."""
        self._group_category: dict[str, Category] = {}
        for category, terms in groups.items():
            for term in terms:
                key = " ".join(term.split())
                if key and key not in self._group_category:
                    self._group_category[key] = category
        hostile_terms = sorted({" ".join(h.split()) for h in hostile if h.strip()})
        self.group_words = frozenset(k.split()[0] for k in self._group_category)
        self._ethnonyms: dict[str, Category] = {
            " ".join(t.split()): category
            for category in (Category.RACISM, Category.XENOPHOBIA)
            for t in vocabulary(f"vocab/ethnonyms_{category.value}") or []
        }
        self._file = shapes or ShapeFile("hostility", "en", {}, {}, ())
        g = alternation(self._group_category) or r"(?!x)x"  # no groups: no shape matches
        host = alternation(hostile_terms) or r"(?!x)x"
        filler = SlotFiller(
            self._file,
            {
                "g": g,
                "host": host,
                "hostile": rf"(?P<hostile>{host})",
                "ethnonym": alternation(self._ethnonyms) or r"(?!x)x",
            },
            vocabulary,
            gap=lambda n, kind: self._gap(filler, n, kind),
        )
        self._shapes = [(filler.compile(s), s.kind, s.id) for s in self._file.shapes]
        fragment = self._file.fragments

        def part(name: str, default: str) -> re.Pattern[str]:
            source = filler.fill(f"{{{name}}}") if name in fragment else default
            return re.compile(source, re.VERBOSE)

        self._det = part("det", "")
        self._wish = part("wish", r"(?!x)x")
        self._reported = part("reported_violence", r"(?!x)x")
        self._addressed_re = part("addressed", r"(?!x)x")
        #: Words without which no shape can match, so most comments skip them all: a group
        #: word (every shape but the colour and ethnonym ones needs a group mentioned, find()),
        #: a colour, an ethnonym adjective. Pronouns ("they", "your kind") stand for a group
        #: the comment names, so they are never enough on their own.
        self._triggers = (
            self.group_words
            | frozenset(vocabulary("vocab/colours") or [])
            | frozenset(self._ethnonyms)
        )
        self._group_re = re.compile(rf"(?<![\w'])({g})(?:'s|s')?(?![\w'])")

    @staticmethod
    def _gap(filler: SlotFiller, n: int, kind: str) -> str:
        """Up to n words, none of which starts a new clause (the block fragment; "pre" and
        "post" gaps also stop at their own fragment's words)."""
        base = filler.fill("{block_post}" if kind == "post" else "{block}")
        block = f"{base}|{filler.fill('{' + kind + '}')}" if kind else base
        return rf"(?:(?!(?:{block})\s)[\w']+\s){{0,{n}}}?"

    @property
    def shape_file(self) -> ShapeFile:
        """The shapes it runs (their examples are run by the tests)."""
        return self._file

    # -- matching ----------------------------------------------------------------------------

    def wants(self, reading: Reading) -> bool:
        """A group word, a pronoun standing for one, a colour or an ethnonym adjective among
        the repaired words (the shapes read the repair: "I h a t e w o m e n")."""
        if reading.repaired or reading.repair is None:
            return False
        return any(w.text.split("'")[0] in self._triggers for w in reading.repair.words)

    def find(self, reading: Reading) -> list[Finding]:
        """Group-hostility findings, matched in the spelling repair's reading of the folded,
        leet-decoded view, spans mapped back to that view."""
        repair = reading.repair
        if repair is None:
            return []
        found: list[Finding] = []
        mentioned = self._mentioned(repair.text)
        for pattern, shape, shape_id in self._shapes:
            if not mentioned and shape not in {"attr-colour", "attr-adjective"}:
                continue
            for m in pattern.finditer(repair.text):
                self._add(
                    found, reading.view.text, repair.text, repair.starts, repair.ends, m, shape,
                    mentioned, shape_id,
                )  # fmt: skip
        return found

    def _mentioned(self, reading: str) -> list[Category]:
        """Categories of the groups a reading names, in order of first mention."""
        found: list[Category] = []
        for m in self._group_re.finditer(reading):
            category = self._group_category[" ".join(m[1].split())]
            if category not in found:
                found.append(category)
        return found

    def _add(
        self,
        found: list[Finding],
        text: str,
        reading: str,
        starts: list[int],
        ends: list[int],
        m: re.Match[str],
        shape: str,
        mentioned: list[Category],
        shape_id: str,
    ) -> None:
        lo, hi = m.start(), m.end()
        while lo < hi and reading[lo] in " ,.!?;":
            lo += 1
        group = m.groupdict().get("group")
        key = " ".join(group.split()) if group else ""
        if key in {"you", "you all", "your"} and not self._addressed_re.search(reading):
            # "you" stands for a group only where the comment addresses its members.
            return
        if shape == "attr-adjective":
            category, shape = self._ethnonyms[key], "attr"
        elif shape == "attr-colour":
            category, shape = Category.RACISM, "attr"
        else:
            category = self._group_category.get(key, mentioned[0] if mentioned else None)
        if category is None:
            return
        group_start = m.start("group") if group else -1
        if (
            shape not in {"attr", "emotion"}
            and group_start >= lo
            and self._det.fullmatch(reading[lo:group_start])
            and NOT_SUBJECT.search(reading[max(0, lo - 40) : lo])
        ):
            # "the treatment of women is ...", "politicians who attack refugees are ...": the
            # group is an object there, not what the sentence is about.
            return
        if shape == "violence-wish":
            left = max(reading.rfind(c, 0, lo) for c in ".!?\n") + 1
            if not self._wish.search(reading[left:hi]):
                return
        reported = self._reported.search(reading[max(0, lo - 12) : lo])
        if shape.startswith("violence") and reported:
            return
        vstart, vend = starts[lo], ends[hi - 1]
        if negated_before(text, vstart) or is_counter_speech(text, vstart, vend):
            return
        what = self._file.describe("violence" if shape.startswith("violence") else shape)
        found.append(
            Finding(category.value, vstart, vend, f"{category.value}/en: {what}", shape_id)
        )
        if shape.startswith("violence"):
            found.append(
                Finding(_THREAT, vstart, vend, "threats/en: violence against a group", shape_id)
            )
