"""Term lists: parsing the data files and matching their terms against tokenized text.

List syntax (see moderation/lists/README.md): one term per line, ``#`` starts a comment;
``word`` matches the whole word, ``word*`` words starting with it, ``*word`` words ending with
it, ``*word*`` words containing it; several words make a phrase; ``term | cue cue*`` skips the
term when any cue word appears in the comment (homonyms: "dyke | flood sea river").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from moderation.normalize import (
    MASKS,
    Token,
    View,
    fold,
    letter_runs,
    squeeze_doubles,
    squeeze_variants,
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One effective list term and where it came from."""

    list_name: str  # "profanity", "racism", "threats", ...
    language: str  # "en", "ar", ...
    term: str  # as written in the list, for the flag detail
    cues: tuple[str, ...] = ()  # words that reveal an innocent homonym

    @property
    def detail(self) -> str:
        """The flag detail, e.g. "profanity/en: 'fuck'"."""
        return f"{self.list_name}/{self.language}: '{self.term}'"


@dataclass(frozen=True, slots=True)
class Hit:
    """A term found in a text: token index range [first, last) and the entry."""

    first: int
    last: int
    entry: Entry


def norm_term(term: str) -> str:
    """A list term in the form the matcher compares: folded, apostrophes out, single spaces."""
    text = fold(term).text.replace("'", "").replace("-", " ")
    return " ".join(text.split())


def first_words(terms: Iterable[str]) -> frozenset[str]:
    """The first word of each term as the matcher reads it: a family's trigger words."""
    return frozenset(norm_term(t).split()[0] for t in terms if norm_term(t))


def read_list(path: Path) -> Iterator[str]:
    """The terms of one list file, comments and blank lines dropped."""
    for line in path.read_text(encoding="utf-8").splitlines():
        term = line.split(" #", 1)[0].strip()
        if term and not term.startswith("#"):
            yield term


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    prefix: bool


def _parse_word(word: str) -> _Word:
    return _Word(word.rstrip("*"), word.endswith("*"))


@dataclass
class TermIndex:
    """All terms of a set of lists, indexed for token-level lookup."""

    exact: dict[str, Entry] = field(default_factory=dict)
    prefix: dict[str, Entry] = field(default_factory=dict)
    suffix: dict[str, Entry] = field(default_factory=dict)
    infix: dict[str, Entry] = field(default_factory=dict)
    phrases: dict[str, list[tuple[tuple[_Word, ...], Entry]]] = field(default_factory=dict)
    allow_exact: set[str] = field(default_factory=set)
    allow_prefix: set[str] = field(default_factory=set)
    allow_phrases: dict[str, list[tuple[_Word, ...]]] = field(default_factory=dict)
    _prefix_re: re.Pattern[str] | None = None
    _suffix_re: re.Pattern[str] | None = None
    _allow_prefix_re: re.Pattern[str] | None = None
    _infix_re: re.Pattern[str] | None = None
    _cache: dict[str, Entry | None] = field(default_factory=dict)
    _longest_run_word: int = 0

    def add(self, raw: str, list_name: str, language: str) -> None:
        """Index one list line (the first list to claim a spelling wins)."""
        term, _, cue_text = raw.partition("|")
        cues = tuple(c for c in (norm_term(w) for w in cue_text.split()) if c)
        entry = Entry(list_name, language, term.strip(), cues)
        text = norm_term(term)
        if not text or not text.strip("*"):
            return
        words = text.split()
        if len(words) > 1:
            parsed = tuple(_parse_word(w) for w in words)
            self.phrases.setdefault(parsed[0].text, []).append((parsed, entry))
        elif text.startswith("*") and text.endswith("*"):
            self.infix.setdefault(text.strip("*"), entry)
        elif text.endswith("*"):
            self.prefix.setdefault(text.rstrip("*"), entry)
        elif text.startswith("*"):
            self.suffix.setdefault(text.lstrip("*"), entry)
        else:
            self.exact.setdefault(text, entry)

    def allow(self, raw: str) -> None:
        """Index one allowlist line: words that contain listed terms but are fine."""
        text = norm_term(raw)
        words = text.split()
        if len(words) > 1:
            parsed = tuple(_parse_word(w) for w in words)
            self.allow_phrases.setdefault(parsed[0].text, []).append(parsed)
        elif text.endswith("*"):
            self.allow_prefix.add(text.rstrip("*"))
        elif text:
            self.allow_exact.add(text)

    def compile(self) -> None:
        """Precompute lookup helpers; call once after the last add()."""
        # One regex per table: the alternation is tried in C, longest stems first.
        self._prefix_re = _alternation_re(self.prefix, "^(?:{})")
        self._suffix_re = _alternation_re(self.suffix, "(?:{})$")
        self._infix_re = _alternation_re(self.infix, "(?:{})")
        self._allow_prefix_re = _alternation_re(self.allow_prefix, "^(?:{})")
        # Separated letters ("f.u.c.k") are read as words of at most this many letters: enough
        # for the longest listed spelling stretched ("f u u u c k") or with a suffix
        # ("f u c k i n g"), and it keeps the run scan linear in the comment's length.
        longest = max(
            (len(t) for table in (self.exact, self.prefix, self.suffix, self.infix) for t in table),
            default=0,
        )
        self._longest_run_word = min(RUN_WORD_CAP, 2 * longest + RUN_WORD_SLACK)

    def allowed(self, form: str) -> bool:
        """Whether a word is on the allowlist (exact or by allowed prefix)."""
        if form in self.allow_exact:
            return True
        return self._allow_prefix_re is not None and self._allow_prefix_re.match(form) is not None

    def lookup(self, form: str) -> Entry | None:
        """The entry a single word matches, if any (allowlist first)."""
        if self.allowed(form):
            return None
        entry = self.exact.get(form)
        if entry is not None:
            return entry
        for regex, table in (
            (self._prefix_re, self.prefix),
            (self._suffix_re, self.suffix),
            (self._infix_re, self.infix),
        ):
            if regex is not None:
                m = regex.search(form)
                if m:
                    return table[m[1] if m.lastindex else m[0]]
        return None

    def lookup_evasive(self, form: str) -> Entry | None:
        """Lookup that also reads stretched ("fuuuck") and doubled ("fuuck") letters."""
        # Comments reuse a small vocabulary: remember each word's answer (bounded).
        try:
            return self._cache[form]
        except KeyError:
            pass
        if len(self._cache) > 200_000:
            self._cache.clear()
        entry = self._cache[form] = self._lookup_evasive(form)
        return entry

    def _lookup_evasive(self, form: str) -> Entry | None:
        entry = self.lookup(form)
        if entry is not None or self.allowed(form):
            return entry
        for variant in squeeze_variants(form):
            entry = self.lookup(variant)
            if entry is not None:
                return entry
        squeezed = squeeze_doubles(form)
        if squeezed != form and len(squeezed) >= 4:
            return self.lookup(squeezed)
        return None

    def _lookup_masked(self, form: str) -> Entry | None:
        """A word with letters hidden by masks ("f**k", "sh*t") against whole-word terms."""
        letters = sum(1 for c in form if c not in MASKS)
        if letters < 2 or letters < len(form) - letters:
            return None
        pattern = re.compile("".join("[a-z]" if c in MASKS else re.escape(c) for c in form))
        # Whole-word spellings first, then stems the masked word starts with ("f**king").
        # Stems first: "c**t" is read as the common profanity, not a rarer exact term.
        for table in (self.infix, self.prefix, self.suffix, self.exact):
            for term, entry in table.items():
                if len(term) == len(form) and pattern.fullmatch(term):
                    return entry
        for table in (self.infix, self.prefix):
            for stem, entry in table.items():
                head = form[: len(stem)]
                if (
                    3 <= len(stem) < len(form)
                    and sum(1 for c in head if c not in MASKS) >= 2
                    and _mask_pattern(head).fullmatch(stem)
                ):
                    return entry
        return None

    def token_entry(self, token: Token) -> Entry | None:
        """The entry any spelling of a token matches."""
        for form in token.forms:
            if token.masked and any(c in MASKS for c in form):
                entry = self._lookup_masked(form)
            else:
                entry = self.lookup_evasive(form)
            if entry is not None:
                return entry
            if self.allowed(form):
                return None
        return None

    def _phrase_at(
        self, tokens: list[Token], i: int, words: tuple[_Word, ...], text: str = ""
    ) -> bool:
        if i + len(words) > len(tokens):
            return False
        # A phrase stays inside one clause: only spaces or hyphens between its words.
        for a, b in zip(tokens[i : i + len(words) - 1], tokens[i + 1 : i + len(words)],
                        strict=False):  # fmt: skip
            if text and not _PHRASE_GAP.fullmatch(text, a.end, b.start):
                return False
        for word, token in zip(words, tokens[i : i + len(words)], strict=False):
            if word.prefix:
                if not any(f.startswith(word.text) for f in token.forms):
                    return False
            elif word.text not in token.forms:
                return False
        return True

    def allowed_tokens(self, tokens: list[Token]) -> set[int]:
        """Indexes of tokens inside an allowlisted phrase ("cressida dick", "blue tit")."""
        covered: set[int] = set()
        if not self.allow_phrases:
            return covered
        for i, token in enumerate(tokens):
            for form in token.forms[:1]:
                for words in self.allow_phrases.get(form, ()):
                    if self._phrase_at(tokens, i, words):
                        covered.update(range(i, i + len(words)))
        return covered

    def find(self, view: View, tokens: list[Token]) -> list[Hit]:
        """All term hits in a tokenized view: phrases, single words and separated letters."""
        hits: list[Hit] = []
        used: set[int] = set()
        for i, token in enumerate(tokens):
            for form in token.forms:
                for words, entry in self.phrases.get(form, ()):
                    if self._phrase_at(tokens, i, words, view.text):
                        hits.append(Hit(i, i + len(words), entry))
                        # "son of a bitch" is one profanity, but "fuck you" is both an attack
                        # and profanity: only word lists' own phrases hide their words.
                        if entry.list_name not in _PHRASE_ONLY_LISTS:
                            used.update(range(i, i + len(words)))
        for i, token in enumerate(tokens):
            if i in used:
                continue
            entry = self.token_entry(token)
            if entry is not None:
                hits.append(Hit(i, i + 1, entry))
        hits.extend(self._find_in_runs(view, tokens, used))
        if hits:
            allowed = self.allowed_tokens(tokens)
            if allowed:
                hits = [h for h in hits if not set(range(h.first, h.last)) <= allowed]
            if any(h.entry.cues for h in hits):
                firsts = {t.forms[0] for t in tokens}
                hits = [h for h in hits if not h.entry.cues or not _homonym(h.entry, firsts)]
        return hits

    def _find_in_runs(self, view: View, tokens: list[Token], used: set[int]) -> list[Hit]:
        """Terms spelled with separated letters ("f.u.c.k", "s h i t"), longest first."""
        hits: list[Hit] = []
        for first, last in letter_runs(view, tokens):
            letters = [_single_letter(tokens[k].raw) for k in range(first, last)]
            a = first
            while a < last:
                found = None
                for b in range(min(last, a + self._longest_run_word), a + 2, -1):
                    word = "".join(letters[a - first : b - first])
                    entry = self.exact.get(word) or self.lookup_evasive(word)
                    if entry is not None and not self.allowed(word):
                        found = (b, entry)
                        break
                if found is not None and not used.intersection(range(a, found[0])):
                    hits.append(Hit(a, found[0], found[1]))
                    a = found[0]
                else:
                    a += 1
        return hits


def _alternation_re(stems: Iterable[str], template: str) -> re.Pattern[str] | None:
    ordered = sorted(stems, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(template.format("|".join(re.escape(x) for x in ordered)))


#: Bounds on a word read from separated letters (see TermIndex.compile).
RUN_WORD_CAP = 40
RUN_WORD_SLACK = 4

_PHRASE_ONLY_LISTS = frozenset({"attacks", "threats", "promotion_personal", "promotion_commercial"})
_PHRASE_GAP = re.compile(r"[\s\-_]{1,3}")


def _mask_pattern(form: str) -> re.Pattern[str]:
    return re.compile("".join("[a-z]" if c in MASKS else re.escape(c) for c in form))


_SINGLE = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
           "!": "i", "|": "l", "+": "t", "9": "g", "8": "b"}  # fmt: skip


def _single_letter(raw: str) -> str:
    return _SINGLE.get(raw, raw)


def _homonym(entry: Entry, firsts: set[str]) -> bool:
    """Whether a cue word of an innocent homonym occurs in the comment."""
    for cue in entry.cues:
        if cue.endswith("*"):
            stem = cue[:-1]
            if any(w.startswith(stem) for w in firsts):
                return True
        elif cue in firsts:
            return True
    return False


def build_index(
    entries: Iterable[tuple[str, str, str]], allowlist: Iterable[str] = ()
) -> TermIndex:
    """A compiled index over (list name, language, raw line) triples and an allowlist."""
    index = TermIndex()
    for list_name, language, raw in entries:
        index.add(raw, list_name, language)
    for raw in allowlist:
        index.allow(raw)
    index.compile()
    return index
