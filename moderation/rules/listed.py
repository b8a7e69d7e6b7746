"""The term-list family: every term of a flagged list, wherever it occurs, with its context.

The lists are data (moderation/lists/<lang>/<list>.txt, plus admins' terms); the matcher that
finds them through spacing, repetition and look-alike letters is term_index.py. This family
adds the context a list term needs before it is a flag: a slur or threat phrase quoted to
condemn it, or a slur reclaimed by its own group ("proud to be a fag"), is not one; profanity
and vulgarity inside a quotation that reports them are not either.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from moderation.guidelines import ABUSE_CATEGORIES, Category
from moderation.rules.context import Finding, is_counter_speech, is_reported_quote, sentence_bounds
from moderation.rules.family import Reading
from moderation.rules.term_index import Hit, TermIndex

#: Lists of slurs: excused when reclaimed or quoted to condemn them.
SLUR_LISTS = frozenset({*(c.value for c in ABUSE_CATEGORIES), "ableism"})
_CONTEXT_LISTS = SLUR_LISTS | {"threats", "attacks"}
# Profanity is excused only inside quotation marks that report or condemn it.
_QUOTE_LISTS = frozenset({"profanity", "vulgarity"})
# Slurs reclaimed by the group itself: "my niggas", "proud to be a fag", "I'm a bad bitch".
_RECLAIMED_BEFORE = re.compile(
    r"(?:\b(?:i'?m|i\s+am|im|me|my|us|we|we'?re|we\s+are|ourselves|myself|fellow|bad|baddest|"
    r"boss|prettiest|hottest|cutest|realest|freshest)(?:\s+(?!(?:you|u|ya|ur|your|that|this)\b)"
    r"[\w']+){0,2}|"
    r"\b(?:proud|being)(?:\s+[\w']+){0,3})\s*$"
)
_RECLAIMED_AFTER = re.compile(r"^\s+like\s+(?:me|us|myself)\b")


class ListedTerms:
    """Flags the terms of the flagged lists, in every language that has lists."""

    name = "terms"
    languages = frozenset({"*"})
    reads_repair = False

    def __init__(self, index: TermIndex, categories: Mapping[str, Category]) -> None:
        """index: the compiled terms; categories: list name -> the category it flags."""
        self._index = index
        self._categories = dict(categories)

    def wants(self, reading: Reading) -> bool:
        """Every comment: the index has its own fast path."""
        return not reading.repaired

    def find(self, reading: Reading) -> list[Finding]:
        """A finding per listed term found and not excused by its context."""
        text = reading.folded.text
        tokens = reading.tokens
        findings = []
        for hit in self._index.find(reading.folded, tokens):
            start, end = tokens[hit.first].start, tokens[hit.last - 1].end
            name = hit.entry.list_name
            if name in _CONTEXT_LISTS and _excused(text, start, end, name):
                continue
            if name in _QUOTE_LISTS and is_reported_quote(text, start, end):
                continue
            category = self._categories[name].value
            shape = f"{name}/{hit.entry.language}"  # the list is the shape: "profanity/en"
            findings.append(Finding(category, start, end, _detail(hit), shape))
        return findings


def _excused(text: str, start: int, end: int, list_name: str) -> bool:
    """A slur or threat phrase that is quoted to condemn it, or a reclaimed self-reference."""
    if is_counter_speech(text, start, end):
        return True
    if list_name in SLUR_LISTS:
        left, _ = sentence_bounds(text, start, end)
        if _RECLAIMED_BEFORE.search(text[left:start]) or _RECLAIMED_AFTER.match(text[end:]):
            return True
    return False


def _detail(hit: Hit) -> str:
    term = hit.entry.term.strip("*").replace("* ", " ").replace("*", "")
    return f"{hit.entry.list_name}/{hit.entry.language}: '{term}'"
