"""Personal attacks: insults aimed at a person, not criticism of an argument, policy or the site.

Flagged: "you are a moron", "@ahmed you clown", "the writer of this is an idiot", "Smith is a
brainless fraud", "what an idiot", "idiots like you", "only someone with a child's brain writes
this". Not flagged: "this article is biased", "the council's plan is stupid", "I disagree with you
completely", "I was an idiot to believe them" (self-deprecation).
Insulting nouns (insults.txt) need a target; insulting adjectives (insults_adj.txt) need a person
as their subject, never a plan, an article or a decision. The shapes are data:
lists/en/shapes/attacks.toml; what no pattern can say (quotation, self-deprecation, a name's
capital letter) is here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from moderation.guidelines import Category
from moderation.normalize import View
from moderation.rules.context import (
    NEGATED_META,
    Finding,
    alternation,
    is_capitalised,
    is_counter_speech,
    is_quoted,
    sentence_bounds,
    words,
)
from moderation.rules.family import Reading, has_any
from moderation.rules.shape_files import ShapeFile, SlotFiller
from moderation.rules.term_index import first_words

_ATTACK = Category.PERSONAL_ATTACK.value

#: Words of the shapes that need no insult from the lists ("can't even spell", "your brain").
_SHAPE_WORDS = words(
    "read spell count brain brains iq mind intelligence child toddler simpleton suck sucks "
    "stink stinks"
)


class AttackRules:
    """Compiled personal-attack patterns; built once per RuleSet."""

    name = "attacks"
    languages = frozenset({"en"})
    reads_repair = True

    def __init__(
        self,
        nouns: Iterable[str],
        adjectives: Iterable[str],
        shapes: ShapeFile | None = None,
        vocabulary: Callable[[str], list[str] | None] = lambda _name: None,
    ) -> None:
        """nouns, adjectives: the insult lists; shapes: lists/en/shapes/attacks.toml (None: no
        shapes); vocabulary(name): an English list, for the shapes' slots."""
        nouns, adjectives = list(nouns), list(adjectives)
        #: The insult words' first words and the shapes' own: a comment with none skips them.
        self.triggers = first_words([*nouns, *adjectives]) | _SHAPE_WORDS
        self._file = shapes or ShapeFile("attacks", "en", {}, {}, ())
        # "this idiot", "some moron", "those clowns": a demonstrative pins an insult on someone.
        # Nouns that are also things ("this fraud case", "that rat run") are left out.
        person_noun = alternation(n for n in nouns if n not in _THING_NOUNS) or r"(?!x)x"
        filler = SlotFiller(
            self._file,
            {
                "insults": alternation(nouns) or r"(?!x)x",
                "insults_adj": alternation(adjectives) or r"(?!x)x",
                "person_noun": person_noun,
            },
            vocabulary,
        )
        #: (shape id, pattern), in the file's order.
        self._patterns = tuple((shape.id, filler.compile(shape)) for shape in self._file.shapes)
        fragments = self._file.fragments
        # Named subjects are found backwards from each insult noun: a pattern that starts with
        # "any word" would be tried at every word of every comment.
        self._noun = re.compile(
            filler.fill("{insult_noun}") if "insult_noun" in fragments else r"(?!x)x", re.VERBOSE
        )
        self._named_is = re.compile(
            filler.fill("{named_subject}") if "named_subject" in fragments else r"(?!x)x",
            re.VERBOSE,
        )

    @property
    def shape_file(self) -> ShapeFile:
        """The shapes it runs (their examples are run by the tests)."""
        return self._file

    def wants(self, reading: Reading) -> bool:
        """An insult word, a shape's word, or an @handle present."""
        return has_any(reading, self.triggers) or "@" in reading.view.text

    def find(self, reading: Reading) -> list[Finding]:
        """Personal-attack findings in the comment's folded, leet-decoded view."""
        view = reading.view
        text = view.text
        found: list[Finding] = []
        for shape, pattern in self._patterns:
            for m in pattern.finditer(text):
                start = m.start()
                while start < m.end() and text[start] in " ,!?:;":
                    start += 1
                if self._excused(text, start, m.end()):
                    continue
                detail = self._detail(text[start : m.end()])
                found.append(Finding(_ATTACK, start, m.end(), detail, shape))
        for noun in self._noun.finditer(text):
            window = max(0, noun.start() - 90)
            m = self._named_is.search(text, window, noun.start())
            if m is None or not self._is_name(view, m):
                continue
            if self._excused(text, m.start(), noun.end()):
                continue
            found.append(
                Finding(
                    _ATTACK,
                    m.start(),
                    noun.end(),
                    "personal_attack/en: named person",
                    "named-person",
                )  # fmt: skip
            )
        return found

    @staticmethod
    def _detail(matched: str) -> str:
        words = matched.split()
        target = "you" if words and words[0].lstrip("@") in {"you", "u", "ya", "ur"} else "person"
        if matched.startswith("@"):
            target = "a commenter"
        return f"personal_attack/en: insult aimed at {target}"

    @staticmethod
    def _excused(text: str, start: int, end: int) -> bool:
        """Quoted or reported insults, and the author insulting themself."""
        left, _ = sentence_bounds(text, start, end)
        addressed = re.match(r"(?:you|u|ya)\b", text[start:end]) is not None
        if addressed and not is_quoted(text, start, end):
            # "stop deleting my comments u coward": an insult spoken to the reader is not
            # excused by a condemning word elsewhere in the sentence, only by quotation or
            # by denying it ("I never said you are an idiot").
            return bool(NEGATED_META.search(text[left:start]))
        if re.search(
            r"\b(?:i|i'm|im|i\s+am|i\s+was|me|myself|we|we're|we\s+are)\s*$", text[left:start]
        ):
            return True
        return is_counter_speech(text, start, end)

    @staticmethod
    def _is_name(view: View, m: re.Match[str]) -> bool:
        """The subject is a capitalised name in the original text, not a pronoun or a thing."""
        name = m["name"]
        if name in _NOT_NAMES or (m["name2"] and m["name2"] in _NOT_NAMES):
            return False
        start, _ = view.span(m.start("name"), m.end("name"))
        if not is_capitalised(view.original, start):
            return False
        if m["name2"]:
            start2, _ = view.span(m.start("name2"), m.end("name2"))
            return is_capitalised(view.original, start2)
        return True


_THING_NOUNS = words(
    "fraud frauds pig rat troll trolls parasite parasites jerk jerks douche scum fool fools "
    "loser losers coward cowards snowflake snowflakes pleb plebs twit twits prat prats dick "
    "pricks prick waste of space waste of oxygen waste of skin sad act disgrace embarrassment "
    "garbage joke dog shame"
) | {"waste of space", "waste of oxygen", "waste of skin", "sad act"}

_NOT_NAMES = words(
    "i i'm im it its it's this that these those there here what which who whoever the a an my "
    "our your his her their he she they we you this that everything everyone nothing "
    "something brexit labour tory tories reform covid council government party parliament "
    "election vote plan policy article story paper site website report budget scheme law bill"
)
