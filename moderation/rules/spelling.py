"""Spelling repair that keeps spans exact: how the rule families read misspelt words.

Letters spread out ("I h a t e women") are joined, words run together ("Deathto", "todie",
"gayvermin") are split, and one-letter slips in a word of the vocabulary ("womn", "cancr",
"thraet", "execuetd") are corrected. A word common enough in English to be meant ("site",
"therapist") is never repaired. The result is a reading of the comment with, per character,
where it came from, so a family can match the reading and still point at the original text.

The vocabulary comes from the families that use the repair (the hostility shapes' words, the
group and insult lists, the one-word slurs and profanity); English only for now: a language
gets a repair by bringing its own vocabulary and word-frequency check.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from moderation.normalize import View
from moderation.rules.context import Finding, is_counter_speech

if TYPE_CHECKING:
    from moderation.rules.family import Reading

# "they're" reads as "they 're", so the copula is a word of its own.
_TOKEN = re.compile(r"[^\W\d_]+(?:'(?!re\b)[^\W\d_]+)*|'re\b|[.!?;,\n]")

#: Short words that may be run together with a vocabulary word ("ihate", "deathto", "sosick").
GLUE = frozenset(
    [
        "i",
        "a",
        "to",
        "much",
        "so",
        "just",
        "all",
        "many",
        "such",
        "massive",
        "absolute",
        "absolutely",
        "complete",
        "utter",
        "total",
        "these",
        "those",
        "you",
        "my",
        "we",
        "your",
        "them",
        "people",
        "person",
        "behaviour",
        "behavior",
    ]
)
#: Words a one-letter slip must not be "repaired" into something else from.
REAL_WORDS = frozenset(
    [
        "lairs",
        "trail",
        "trial",
        "dairy",
        "diary",
        "there",
        "three",
        "their",
        "these",
        "those",
        "thing",
        "things",
        "cancel",
        "canter",
        "danger",
        "manger",
        "women",
        "woman",
        "human",
        "humans",
        "brain",
        "drain",
        "train",
        "trait",
        "scrum",
        "sedan",
        "stated",
        "states",
        "hated",
        "heated",
        "dated",
        "rated",
        "rates",
        "water",
        "later",
        "alter",
        "other",
        "threw",
        "throw",
        "worth",
        "worse",
        "would",
        "could",
        "should",
        "world",
        "words",
        "thorn",
        "north",
        "gays",
        "days",
        "ways",
        "rats",
        "arts",
        "star",
        "stars",
        "vile",
        "evil",
        "live",
        "veil",
        "lives",
        "dead",
        "deed",
        "read",
        "dear",
        "bread",
        "black",
        "block",
        "blank",
        "trans",
        "trains",
    ]
)


@dataclass(frozen=True, slots=True)
class Word:
    """One word of the repaired reading: its spelling and its [start, end) in the view."""

    text: str
    start: int
    end: int
    repaired: bool = False


@dataclass(frozen=True, slots=True)
class Repaired:
    """A comment's repaired reading."""

    words: list[Word]
    #: The words joined by single spaces (newlines read as full stops).
    text: str
    #: Per character of `text`, its [start, end) in the view the repair read.
    starts: list[int]
    ends: list[int]
    #: `text` as a View onto the original comment, when any word was repaired (else None):
    #: the families that read repairs run on it.
    view: View | None


class SpellingRepair:
    """The repair for one vocabulary; built once per rule set."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        words = {w for w in vocabulary if w.isalpha() or "-" in w}
        self._known = frozenset(words | GLUE | REAL_WORDS)
        self._splittable = frozenset(w for w in words if len(w) >= 3)
        self._typos = _typo_map(w for w in words if len(w) >= 4)
        # Load the word-frequency table now (about a second, once per process), not inside
        # the first comment's rules budget: that comment would lose every family after it.
        is_english_word("the")

    def read(self, view: View) -> Repaired:
        """The repaired reading of a folded, leet-decoded view."""
        words = self._words(view.text)
        text, starts, ends = _reading(words)
        repaired = (
            self._repaired_view(view, text, starts, ends)
            if text and any(w.repaired for w in words)
            else None
        )
        return Repaired(words, text, starts, ends, repaired)

    def _words(self, text: str) -> list[Word]:
        raw = [Word(m[0], m.start(), m.end()) for m in _TOKEN.finditer(text)]
        merged: list[Word] = []
        i = 0
        while i < len(raw):
            j = i
            while (
                j + 1 < len(raw)
                and len(raw[j].text) == 1
                and len(raw[j + 1].text) == 1
                and raw[j + 1].text.isalpha()
                and raw[j].text.isalpha()
                and text[raw[j].end : raw[j + 1].start] == " "
            ):
                j += 1
            if j - i >= 2:
                joined = "".join(w.text for w in raw[i : j + 1])
                merged.append(Word(joined, raw[i].start, raw[j].end, repaired=True))
                i = j + 1
            else:
                merged.append(raw[i])
                i += 1
        out: list[Word] = []
        for w in merged:
            out.extend(self._repair(w))
        return out

    def _repair(self, w: Word) -> list[Word]:
        t = w.text
        if len(t) < 4 or not t.isalpha() or t in self._known:
            return [w]
        fixed = self._typos.get(t)
        if (fixed or len(t) >= 5) and is_english_word(t):
            # "site" is not a slip of "shite", nor "therapist" "the rapist".
            return [w]
        if fixed:
            return [Word(fixed, w.start, w.end, True)]
        split = self._splittable
        for i in range(1, len(t)):
            left, right = t[:i], t[i:]
            right_word = right in split or (right[-1:] == "s" and right[:-1] in split)
            left_ok = left in split or (left in GLUE and len(right) >= 3)
            right_ok = right_word or (right in GLUE and len(left) >= 3)
            if left_ok and right_ok and (left in split or right_word):
                return [
                    Word(left, w.start, w.start + i, True),
                    Word(right, w.start + i, w.end, True),
                ]
        return [w]

    @staticmethod
    def _repaired_view(view: View, reading: str, starts: list[int], ends: list[int]) -> View:
        """The repaired reading as a View whose spans still reach the original text."""
        if view.starts is None or view.ends is None:
            orig_starts, orig_ends = tuple(starts), tuple(ends)
        else:
            n = len(view.starts)
            orig_starts = tuple(view.starts[min(i, n - 1)] for i in starts)
            orig_ends = tuple(view.ends[max(0, min(i, n) - 1)] for i in ends)
        return View(view.original, reading, orig_starts, orig_ends)


def _reading(words: list[Word]) -> tuple[str, list[int], list[int]]:
    """The repaired words joined by single spaces, with each word's view span by position."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for w in words:
        text = "." if w.text == "\n" else w.text
        if parts:
            parts.append(" ")
            starts.append(w.start)
            ends.append(w.start)
        parts.append(text)
        starts.extend([w.start] * len(text))
        ends.extend([w.end] * len(text))
    return "".join(parts), starts, ends


@functools.lru_cache(maxsize=65536)
def is_english_word(word: str) -> bool:
    """Whether a word is common enough in English to be meant (wordfreq's Zipf scale >= 2, about
    once per 100 million words): such a word is never read as a slip or as two words."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= 2.0


def _typo_map(words: Iterable[str]) -> dict[str, str]:
    """One-letter slips (a dropped inner letter, two neighbours swapped) -> the word."""
    table: dict[str, str] = {}
    words = sorted(set(words))
    known = set(words) | GLUE | REAL_WORDS
    for word in words:
        variants = set()
        if len(word) >= 5:
            variants.update(word[:i] + word[i + 1 :] for i in range(1, len(word) - 1))
        variants.update(
            word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            for i in range(1, len(word) - 1)
            if word[i] != word[i + 1]
        )
        for v in variants:
            if len(v) >= 4 and v not in known:
                table.setdefault(v, word)
    return table


class MisspelledTerms:
    """The family that flags a repaired word which is a listed slur or profanity ("f a g",
    "cuntt" -> the list's category), unless it is quoted to condemn it."""

    name = "spelling"
    languages = frozenset({"en"})
    reads_repair = False

    def __init__(self, flagged: Mapping[str, str]) -> None:
        """flagged: one-word list terms (slurs, profanity) -> their category."""
        self._flagged = dict(flagged)

    def wants(self, reading: Reading) -> bool:
        """Some word of the comment was repaired."""
        return reading.repair is not None and reading.repair.view is not None

    def find(self, reading: Reading) -> list[Finding]:
        """A finding per repaired word that is a flagged term (or its plural)."""
        assert reading.repair is not None
        text = reading.view.text
        found: list[Finding] = []
        for w in reading.repair.words:
            if not w.repaired:
                continue
            category = self._flagged.get(w.text) or self._flagged.get(w.text[:-1])
            if category and not is_counter_speech(text, w.start, w.end):
                detail = f"{category}/en: misspelled term"
                found.append(Finding(category, w.start, w.end, detail, category))
        return found
