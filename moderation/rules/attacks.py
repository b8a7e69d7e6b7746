"""Personal attacks: insults aimed at a person, not criticism of an argument, policy or the site.

Flagged: "you are a moron", "@ahmed you clown", "the writer of this is an idiot", "Smith is a
brainless fraud", "what an idiot", "idiots like you", "only someone with a child's brain writes
this". Not flagged: "this article is biased", "the council's plan is stupid", "I disagree with you
completely", "I was an idiot to believe them" (self-deprecation).
Insulting nouns (insults.txt) need a target; insulting adjectives (insults_adj.txt) need a person
as their subject, never a plan, an article or a decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
from moderation.rules.term_index import first_words

_ATTACK = Category.PERSONAL_ATTACK.value

_INTENSIFIERS = (
    r"(?:(?:such|so|a|an|the|just|nothing\s+but|clearly|obviously|really|absolute|absolutely|"
    r"complete|completely|utter|utterly|total|totally|very|bloody|fucking|fkn|stupid|pathetic|"
    r"little|massive|big|fat|sad|useless|dumb|old|silly|ignorant|brainless|lying|thick|"
    r"right|proper|real|typical|worthless|spineless|gormless|deluded|biggest|first\s+class|"
    r"world\s+class|certified|class\s+a|grade\s+a|an?\s+\w+ing|giant|huge|racist|sexist|"
    r"arrogant|smug|ugly|lazy|nasty|filthy|dirty|miserable|bitter|idiotic|moronic|clueless|"
    r"disgusting|vile|sick|twisted|cowardly|hypocritical|pompous|self-righteous|too|pretty|"
    r"quite|rather|bit\s+of\s+an?|dumbest|stupidest|blunt|deaf|mouth-breathing|no\s+life|rude|"
    r"insufferable|silly|this|that|illiterate|senile|uneducated|brainwashed|failed|corrupt|"
    r"paid|bought|traitorous|brain-dead|braindead|brain\s+dead|[a-z]+\s+and\s+(?:an?\s+)?|(?:blind|deaf|drunk|mad|crazy|lying)\s+or(?:\s+just|\s+simply)?)\s+){0,5}"
)
# An insult noun ends its phrase: "a fraud." is an insult, "a fraud investigation" is news.
_END = (
    r"(?=\s*(?:$|[.!?,;:)\"\-]|\b(?:and|who|which|like|lol|mate|yourself|haha|too|as\s+well|"
    r"of\s+(?:a|an|the\s+highest)|if|for|because|that|when|or|but|with|to\s+think|this|"
    r"he|she|you|they|is|was|honestly|really|seriously)\b))"
)
# A person as subject: pronouns, the article's author, commenters, "this guy", "the mayor".
_PERSON_SUBJECT = (
    r"(?:\b(?:he|she|u|you|ya|ye|they)\b(?!\s+(?:plan|idea|proposal))|"
    r"\b(?:the|this|that|your|our)\s+(?:so[\s-]called\s+)?(?:\w+\s+)?(?:writer|author|journalist|"
    r"reporter|editor|analyst|expert|professor|academic|activist|blogger|anchor|host|"
    r"columnist|hack|poster|commenter|commentator|guy|man|woman|bloke|lad|person|fella|"
    r"councillor|councilor|mayor|mp|minister|leader|manager|chairman|referee|ref|owner|pm|"
    r"governor|official|judge|spokesman|spokeswoman|commander|deputy|speaker|presenter|"
    r"president|chief|boss|clown|idiot|moron)(?:\s+(?:of|who\s+wrote)\s+(?:this|that|the)"
    r"(?:\s+\w+)?)?|\bwho(?:ever)?\s+wrote\s+(?:this|that)(?:\s+\w+)?|"
    r"\bthe\s+op\b|\bop\b)"
)
_BE = (
    r"\s*(?:'s|'re|\s+is|\s+are|\s+was|\s+were|\s+must\s+be|\s+sounds?\s+like|\s+seems?\s+like|"
    r"\s+seems?\s+to\s+be|\s+looks?\s+like|\s+remains?|\s+r|\s+is\s+clearly|\s+is\s+such|"
    r"\s+is\s+just|\s+are\s+just|\s+really\s+is|\s+really\s+are|\s+has\s+to\s+be|"
    r"\s+can\s+only\s+be|\s+is\s+nothing\s+but)"
)
_NOT = r"(?!\s*(?:not|never|no|n't|hardly)\b)"
_ANY_WORD = r"(?:(?!(?:of|for|to|in|on|at|with|and|or|but|not|no)\b)[a-z][\w'-]*\s+)?"
_YOU_ARE = (
    r"\b(?:you\s*'?\s*re|you\s+are|u\s+r|u\s+are|ur|you\s+r|youre|you\s+were|"
    r"you\s+must\s+be|you\s+sound\s+like|you\s+look\s+like|you\s+seem\s+like|you\s+really\s+are|"
    r"you\s+truly\s+are|you\s+are\s+clearly|you\s*'?\s*re\s+clearly|you\s+act\s+like|"
    r"are\s+you|you\s+absolute|don'?t\s+be|your(?=\s+an?\s)|ur(?=\s+an?\s)|"
    r"you\s+are\s+being|you\s*'?\s*re\s+being|you\s+come\s+across\s+as|"
    r"you\s+came\s+across\s+as|you\s+behave\s+like|you\s+are\s+acting\s+like|"
    r"you\s+are\s+such|you\s+are\s+nothing\s+but|you\s+are\s+just|you\s+seem|"
    r"you\s+seem\s+to\s+be|you\s+sound|you\s+sir\s+are|you\s+guys\s+are|you\s+all\s+are|"
    r"you\s+are\s+all|you\s*'?\s*re\s+all|you\s+people\s+are|are\s+you\s+people|"
    r"you\s+guys\s+are|are\s+you\s+guys|you\s+both\s+are|you\s+[a-z]+s\s+are(?:\s+all)?|"
    r"you\s+(?:talk|write|think|"
    r"behave|argue|reason)\s+like)"
)
_ADJ_END = r"(?!\s+(?:of|about|with|on|in|at|for|from|than)\b)(?![\w-])"


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

    def __init__(self, nouns: Iterable[str], adjectives: Iterable[str]) -> None:
        nouns, adjectives = list(nouns), list(adjectives)
        #: The insult words' first words and the shapes' own: a comment with none skips them.
        self.triggers = first_words([*nouns, *adjectives]) | _SHAPE_WORDS
        noun = alternation(nouns) or r"(?!x)x"
        adj = alternation(adjectives) or r"(?!x)x"
        # One describing word of any kind may stand before the insult noun ("a paid troll",
        # "a corrupt pig"); adjectives of insults_adj must follow the verb themselves.
        self._you_are = re.compile(
            rf"{_YOU_ARE}{_NOT}\s+{_INTENSIFIERS}(?:(?:{_ANY_WORD}(?:{noun})(?![\w-]))|"
            rf"(?:{adj}){_ADJ_END})"
        )
        self._vocative = re.compile(
            rf"(?:\byou|\bu|\bya|@\w+[,:]?)\s+{_INTENSIFIERS}(?:{noun})(?:{_END}|"
            r"(?=\s+(?:little|stupid|pathetic|lying|ignorant|fat|ugly|old)\b))"
        )
        self._person_is = re.compile(
            rf"{_PERSON_SUBJECT}{_BE}{_NOT}\s+{_INTENSIFIERS}"
            rf"(?:(?:{_ANY_WORD}(?:{noun})(?![\w-]))|(?:{adj}){_ADJ_END})"
        )
        # Named subjects are found backwards from each insult noun: a pattern that starts with
        # "any word" would be tried at every word of every comment.
        self._noun = re.compile(rf"\b(?:{noun}){_END}")
        self._named_is = re.compile(
            rf"(?P<name>\b[a-z][\w'-]+)(?:\s+(?P<name2>[a-z][\w'-]+))?{_BE}{_NOT}\s+"
            rf"{_INTENSIFIERS}$"
        )
        # "this idiot", "some moron", "those clowns": a demonstrative pins an insult on someone.
        # Nouns that are also things ("this fraud case", "that rat run") are left out.
        person_noun = alternation(n for n in nouns if n not in _THING_NOUNS) or r"(?!x)x"
        self._this_idiot = re.compile(
            rf"\b(?:this|that|these|those|some)\s+(?:absolute\s+|complete\s+|utter\s+|"
            rf"stupid\s+|total\s+|bloody\s+|fucking\s+|useless\s+|pathetic\s+){{0,3}}"
            rf"(?:{person_noun})(?![\w'-])"
        )
        self._what_a = re.compile(rf"\bwhat\s+(?:an?\s+)?{_INTENSIFIERS}(?:{noun}){_END}")
        self._like_you = re.compile(
            rf"\b(?:{noun})\s+(?:[a-z]+\s+)?like\s+(?:you|u|him|her|yourself)\b|"
            rf"\b(?:{noun})\s*,?\s+(?:the\s+lot\s+of\s+you|all\s+of\s+you|every\s+one\s+of\s+you)\b"
        )
        self._only = re.compile(
            r"\bonly\s+(?:someone|somebody|a\s+person|an?\s+\w+|people|those|a\s+fool|"
            r"an\s+idiot)\s+(?:with|who\s+has|who\s+have)\s+(?:an?\s+|the\s+)?(?:[\w']+\s+){0,2}"
            r"(?:brain|brains|iq|mind|intelligence|mental\s+age|reading\s+age|brain\s+cells?)\b|"
            r"\bonly\s+(?:an?\s+)?(?:complete\s+|absolute\s+|total\s+|utter\s+)?"
            r"(?:idiot|moron|imbecile|fool|cretin|halfwit|child|toddler|simpleton)s?\s+"
            r"(?:would|could|writes?|wrote|believes?|thinks?|posts?)\b"
        )
        self._read = re.compile(
            r"(?:^|[.!?,;:]\s*|\byou\s+(?:should|need\s+to|must|have\s+to|could|might\s+want\s+to)"
            r"\s+|\bgo\s+and\s+|\bplease\s+)learn\s+(?:how\s+)?to\s+(?:read|spell|think)\b|"
            r"\byou\s+(?:clearly\s+|obviously\s+|evidently\s+)?(?:can'?t|cannot|can\s+not|"
            r"couldn'?t)\s+(?:even\s+)?(?:read|spell|count)\b|"
            r"\b(?:your|ur)\s+(?:\w+\s+)?(?:tiny|small|little|pea|feeble|limited|addled|"
            r"two|one|single|only|last)\s+(?:brain|mind|brain\s+cells?)\b"
        )
        # "dumb asshole", "you fucking suck", "stop being such a prick".
        self._abusive = re.compile(
            r"\b(?:fucking|fuckin|fkn|stupid|dumb|damn|bloody|filthy|dirty|pathetic|ignorant|"
            rf"ugly|fat|lying|brainless|worthless|miserable|sad|useless|spineless|gormless)\s+(?:\w+\s+)?(?:{person_noun})"
            rf"(?![\w'-]){_END}|"
            r"\b(?:you|u|ya)\s+(?:\w+\s+)?(?:suck+|suck+s|stink|stinks)\b"
            r"(?!\s+(?:it\s+up|up\b|at\b))|"
            r"\bstop\s+being\s+(?:so\s+|such\s+)?(?:an?\s+)?(?:\w+\s+)?"
            rf"(?:(?:{noun})(?![\w-])|(?:{adj}){_ADJ_END})"
        )
        # "Take a hike, idiot!", "Later, loser.", "PLEASE STOP IDIOT", "you stupid liberal",
        # "what idiot wrote this", "the idiot who wrote it": an insult used as a form of address.
        self._address = re.compile(
            rf"(?:^|[.,!?:;]\s*|\b(?:bye|later|sorry|hello|hey|hi|oi|thanks|listen|stop|please)"
            rf"\s+)(?:you\s+)?{_INTENSIFIERS}(?:{noun})\s*(?=[.!?,]|$)|"
            r"\b(?:you|u|ya)\s+(?:stupid|ignorant|pathetic|ugly|dumb|idiotic|moronic|brainless|"
            r"worthless|filthy|disgusting|lying|miserable|useless|evil|insolent|sad|retarded)\s+(?:little\s+|old\s+|fat\s+)?"
            r"(?!(?:and|or|but|to|for|of|in|on|at|with|as|if|is|are|was|were|be|thing|things|"
            r"idea|ideas|question|questions|comment|comments|article|way)\b)[a-z][\w-]+|"
            rf"\bonly\s+(?:an?\s+)?{_INTENSIFIERS}{_ANY_WORD}(?:{noun})s?\s+(?:would|could|"
            r"believes?|thinks?|writes?|defends?|votes?|supports?)\b|"
            rf"\bwhat\s+(?:kind\s+of\s+)?(?:an?\s+)?(?:{person_noun})\s+(?:would|could|did|"
            r"wrote|writes|suggested|gave|thinks?|came\s+up|decided|allowed|believes?|publish(?:es|ed)?|"
            r"says?|said|votes?|voted)\b|"
            rf"\b(?:the|this|that)\s+(?:same\s+|little\s+|stupid\s+)?(?:{person_noun})\s+"
            r"(?:who|that)\s+(?:wrote|writes|keeps|deleted|reverted|removed|posted|thinks|"
            r"blocked|did)\b"
        )
        # "Typical brainless journalist": a strong insult word on someone's occupation.
        self._role = re.compile(
            r"\b(?:brainless|stupid|idiotic|moronic|retarded|lying|pathetic|worthless|dumb|"
            r"clueless|spineless|gutless)\s+(?:\w+\s+)?(?:journalists?|reporters?|editors?|"
            r"writers?|authors?|columnists?|politicians?|ministers?|mps?|councill?ors?|mayors?|"
            r"governors?|moderators?|commenters?|presenters?|hacks?)\b"
        )
        # "Imagine being this clueless", "X writes like a ten-year-old".
        self._imagine = re.compile(
            rf"\bimagine\s+being\s+(?:so\s+|this\s+|that\s+|such\s+an?\s+|an?\s+)?"
            rf"(?:{adj}|{noun})\b|"
            r"\b(?:writes?|talks?|thinks?|argues?|sounds?)\s+like\s+an?\s+(?:[\w-]+\s+){0,2}?"
            r"(?:\w+[\s-]year[\s-]old|child|toddler|baby|idiot|moron|donkey|goat|monkey|retard)\b"
        )
        # "The weatherman is a blind moron": any role noun as subject, a person-insult after.
        self._the_x_is = re.compile(
            r"\b(?:the|this|that|your|our)\s+(?:[a-z]+\s+){1,2}?(?:is|was)\s+(?:a|an|such\s+an?)\s+"
            rf"{_INTENSIFIERS}{_ANY_WORD}(?:{person_noun})(?![\w'-])"
        )
        #: (shape id, pattern): the id is the attribute's name ("you-are").
        self._patterns = tuple(
            (name.strip("_").replace("_", "-"), getattr(self, name))
            for name in ("_the_x_is", "_imagine", "_role", "_address", "_abusive", "_you_are",
                         "_vocative", "_person_is", "_what_a", "_this_idiot", "_like_you",
                         "_only", "_read")
        )  # fmt: skip

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
