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
from collections.abc import Iterable, Mapping

from moderation.guidelines import Category
from moderation.rules.context import (
    NOT_SUBJECT,
    Finding,
    alternation,
    is_counter_speech,
    negated_before,
    shape_ids,
)
from moderation.rules.family import Reading
from moderation.rules.hostility_shapes import (
    ATTRIBUTIVE,
    COLOURS,
    DET,
    EMOTION,
    ETHNONYM_ADJECTIVES,
    GROUP_NOUNS,
    NP_TAIL,
    PRONOUN,
    PRONOUN_WORDS,
    REPORTED_VIOLENCE,
    VIOLENT,
    VIOLENT_ING,
    VIOLENT_PP,
    WHAT,
    WISH,
    build_shapes,
)

_THREAT = Category.THREAT.value


def repair_vocabulary(
    groups: Mapping[Category, Iterable[str]],
    hostile: Iterable[str],
    flagged: Mapping[str, str],
) -> set[str]:
    """The words the spelling repair (spelling.py) repairs towards: every group and hostile
    term's words, the shapes' own verbs and nouns, and the one-word flagged terms."""
    vocabulary: set[str] = set()
    for terms in groups.values():
        for term in terms:
            vocabulary.update(term.split())
    for phrase in hostile:
        vocabulary.update(phrase.split())
    for source in (EMOTION, VIOLENT, VIOLENT_ING, VIOLENT_PP, GROUP_NOUNS, ATTRIBUTIVE):
        vocabulary.update(w.replace("\\s", " ").split(" ")[0] for w in source.split("|"))
    vocabulary.update(k for k in flagged if len(k) >= 3)
    vocabulary.update(("death", "die", "hate", "deserve", "suffer", "throats", "human"))
    vocabulary.update(("worth", "nothing", "value", "equal", "belong", "lives", "nature"))
    return vocabulary


class HostilityRules:
    """Compiled group-hostility shapes; built once per RuleSet."""

    name = "hostility"
    languages = frozenset({"en"})
    #: It reads the repaired reading itself (every shape matches the repair's text).
    reads_repair = False

    def __init__(
        self,
        groups: Mapping[Category, Iterable[str]],
        hostile: Iterable[str],
    ) -> None:
        """groups: terms per category; hostile: evaluative vocabulary."""
        self._group_category: dict[str, Category] = {}
        for category, terms in groups.items():
            for term in terms:
                key = " ".join(term.split())
                if key and key not in self._group_category:
                    self._group_category[key] = category
        hostile_terms = sorted({" ".join(h.split()) for h in hostile if h.strip()})
        self.group_words = frozenset(k.split()[0] for k in self._group_category)
        g = alternation(self._group_category) or r"(?!x)x"  # no groups: no shape matches
        self._addressed_re = re.compile(
            rf"(?<![\w'])you\s(?:all\s)?(?:{g})|(?:{g})\slike\syou(?![\w'])"
        )
        #: Words without which no shape can match: most comments skip them all.
        self._triggers = self.group_words | PRONOUN_WORDS | COLOURS | frozenset(ETHNONYM_ADJECTIVES)
        self._group_re = re.compile(rf"(?<![\w'])({g})(?:'s|s')?(?![\w'])")
        host = alternation(hostile_terms)
        np = rf"{DET}(?P<group>{g}|{PRONOUN})(?:'s|s')?(?:\s(?:lives|life))?{NP_TAIL}"
        np_group = rf"{DET}(?P<group>{g})(?:'s|s')?{NP_TAIL}"
        self._shapes = build_shapes(g, host, np, np_group)
        #: A shape id per regex ("deny", "deny-2" ...): which one fired is on every flag.
        self._shape_ids = shape_ids([shape for _, shape in self._shapes])

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
        for (pattern, shape), shape_id in zip(self._shapes, self._shape_ids, strict=True):
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
            category, shape = ETHNONYM_ADJECTIVES[key], "attr"
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
            and re.fullmatch(DET, reading[lo:group_start])
            and NOT_SUBJECT.search(reading[max(0, lo - 40) : lo])
        ):
            # "the treatment of women is ...", "politicians who attack refugees are ...": the
            # group is an object there, not what the sentence is about.
            return
        if shape == "violence-wish":
            left = max(reading.rfind(c, 0, lo) for c in ".!?\n") + 1
            if not WISH.search(reading[left:hi]):
                return
        reported = REPORTED_VIOLENCE.search(reading[max(0, lo - 12) : lo])
        if shape.startswith("violence") and reported:
            return
        vstart, vend = starts[lo], ends[hi - 1]
        if negated_before(text, vstart) or is_counter_speech(text, vstart, vend):
            return
        what = WHAT["violence" if shape.startswith("violence") else shape]
        found.append(
            Finding(category.value, vstart, vend, f"{category.value}/en: {what}", shape_id)
        )
        if shape.startswith("violence"):
            found.append(
                Finding(_THREAT, vstart, vend, "threats/en: violence against a group", shape_id)
            )
