"""Threats: an intent and a target, not violent vocabulary.

"I will kill you", "someone should shoot the mayor", "we know where your office is" are threats;
"five men were killed by the drone strike", "the minister threatened to resign", "police say the
suspect threatened to kill his neighbour" and "this policy will kill the high street" are news
talk. So every pattern needs a speaker's intent (first person, a call on "someone", or a wish)
and a person as target; reported speech and quotations that are condemned do not count. The
shapes are data (lists/en/shapes/threats.toml); the target's capital letter is checked here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from moderation.guidelines import Category
from moderation.normalize import View
from moderation.rules.context import (
    Finding,
    alternation,
    is_capitalised,
    is_counter_speech,
    words,
)
from moderation.rules.family import Reading, has_any
from moderation.rules.shape_files import ShapeFile, SlotFiller

_THREAT = Category.THREAT.value
_DETAIL = "threats/en: intent+target pattern"

_PERSON_WORDS = (
    "man men woman women guy guys bloke blokes lad lads girl girls boy boys kid kids child "
    "children family families wife husband son daughter mother mum mom dad father people person "
    "mayor councillor councillors councilor mp mps minister ministers president governor judge "
    "journalist journalists reporter reporters editor editors author writer cop cops copper "
    "coppers officer officers policeman policemen teacher teachers boss neighbour neighbours "
    "neighbor bastard bastards traitor traitors politician politicians leader leaders pm "
    "referee ref manager player players fan fans owner owners landlord landlords chairman "
    "chief commissioner candidate candidates voter voters protester protesters one ones "
    "asshole assholes prick pricks scum scumbag scumbags rat rats pig pigs traitor judge "
    "imam priest rabbi vicar doctor doctors nurse nurses mother fucker fuckers member members"
)
#: Words without which no threat shape can match (every verb and noun the shapes name):
#: most comments skip the family.
TRIGGERS = words(
    "kill murder shoot stab strangle hang lynch behead decapitate slaughter butcher execute "
    "rape hurt torture burn firebomb bomb gas drown choke knife batter maim cripple slit snap "
    "shank cap glass torch end run throttle eradicate exterminate wipe know pay regret sorry "
    "find hunt come track get break smash bash cut kick punch cave rip knock stamp beat "
    "happen happened happens death dead shot hanged hung lynched killed murdered stabbed "
    "beheaded strung gassed burned burnt executed exterminated wiped raped tortured "
    "eradicated die bullet found wallop smack stone stoned beaten flog flogged whip whipped "
    "thrown would"
)


class ThreatRules:
    """Compiled threat patterns; built once per RuleSet."""

    name = "threats"
    languages = frozenset({"en"})
    reads_repair = True

    def __init__(
        self,
        group_terms: Iterable[str] = (),
        insult_terms: Iterable[str] = (),
        shapes: ShapeFile | None = None,
        vocabulary: Callable[[str], list[str] | None] = lambda _name: None,
    ) -> None:
        """group_terms, insult_terms: further person words; shapes: lists/en/shapes/threats.toml
        (None: no shapes); vocabulary(name): an English list, for the shapes' slots."""
        people = alternation([*_PERSON_WORDS.split(), *group_terms, *insult_terms])
        self._file = shapes or ShapeFile("threats", "en", {}, {}, ())
        filler = SlotFiller(self._file, {"people": people or r"(?!x)x"}, vocabulary)
        #: (shape id, pattern), in the file's order.
        self._patterns = tuple((shape.id, filler.compile(shape)) for shape in self._file.shapes)

    @property
    def shape_file(self) -> ShapeFile:
        """The shapes it runs (their examples are run by the tests)."""
        return self._file

    def wants(self, reading: Reading) -> bool:
        """Any of the shapes' verbs or nouns present."""
        return has_any(reading, TRIGGERS)

    def find(self, reading: Reading) -> list[Finding]:
        """Threat findings in the comment's folded, leet-decoded view."""
        view = reading.view
        text = view.text
        found: list[Finding] = []
        for shape, pattern in self._patterns:
            for m in pattern.finditer(text):
                if not self._valid_target(view, m):
                    continue
                if is_counter_speech(text, m.start(), m.end()):
                    continue
                found.append(Finding(_THREAT, m.start(), m.end(), _DETAIL, shape))
        return found

    @staticmethod
    def _valid_target(view: View, m: re.Match[str]) -> bool:
        """A bare word as target counts only when it is a capitalised name in the original."""
        groups = m.groupdict()
        name = groups.get("name")
        if name is None:
            return True
        if name in _NOT_NAMES:
            return False
        start, _ = view.span(m.start("name"), m.end("name"))
        return is_capitalised(view.original, start)


_NOT_NAMES = words(
    "i it its this that these those there here what which who the a an my our your his her "
    "their time off down up out of in on at to for with"
)
