"""Text normalisation against evasion, with an offset map back to the original text.

Every view built here keeps, for each of its characters, the [start, end) range of the ORIGINAL
comment it came from, so a match found in a normalised view maps back to exact evidence:
``original[start:end]`` is what a moderator sees highlighted.

Views:
- ``fold``: NFKC/NFKD compatibility folding, case folding, confusable homoglyphs mapped to
  Latin, combining marks (accents, zalgo) and invisible format characters (zero-width, bidi,
  soft hyphen, tatweel) removed.
- ``deleet``: the folded text with leetspeak decoded only *between letters* ("k1ll", "id!ot"),
  one character for one character, so numbers, prices and dates are never rewritten.
- ``tokenize``: word chunks with their candidate spellings (leet decoded, masks like "f*ck"),
  used by the term matcher, which also handles stretched letters and separated letters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Cyrillic, Greek and other look-alikes that NFKC leaves alone, mapped to the Latin letter they
#: imitate. Applied after case folding, so only lowercase forms are needed.
CONFUSABLES: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "һ": "h",
    "ԁ": "d", "ɡ": "g", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ь": "b", "п": "n", "г": "r", "ц": "u",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ς": "s", "σ": "o", "μ": "u", "ω": "w", "δ": "d",
    # Latin variants and IPA letters that survive NFKC
    "ı": "i", "ɩ": "i", "ɑ": "a", "ɒ": "a", "ɔ": "o", "ȷ": "j", "ʟ": "l", "ɪ": "i", "ʀ": "r",
    "ꜱ": "s", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ғ": "f", "ɢ": "g", "ʜ": "h",
    "ᴊ": "j", "ᴋ": "k", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ǫ": "q", "ᴛ": "t", "ᴜ": "u",
    "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z", "ø": "o", "đ": "d", "ł": "l", "ħ": "h",
    # Arabic-script letter variants: Persian and Kurdish keyboards type the same word with
    # different code points, so the lists are written once in the Persian form.
    "ك": "ک", "ي": "ی", "ى": "ی", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    # Typographic quotes, apostrophes and dashes, so patterns can use the ASCII ones.
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
}  # fmt: skip

#: Leetspeak symbols and what they stand for; the first letter is the preferred reading.
LEET: dict[str, str] = {
    "0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g", "8": "b",
    "@": "a", "$": "s", "!": "il", "|": "il", "+": "t", "€": "e", "(": "c", "¡": "i",
}  # fmt: skip

#: Characters standing for a hidden letter ("f*ck", "f#ck").
MASKS = frozenset("*#%")

_TATWEEL = "\u0640"
_DROP_CATEGORIES = frozenset({"Mn", "Me", "Mc", "Cf"})


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    """Fold one character; cached because comments reuse a small alphabet."""
    if ch.isspace():
        return " "
    out = []
    # Case folding can produce decomposable characters and NFKD can produce foldable ones,
    # so both run twice; the cache makes that free after the first sight of a character.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", ch).casefold())
    for sub in decomposed:
        if sub == _TATWEEL or unicodedata.category(sub) in _DROP_CATEGORIES:
            continue
        out.append(CONFUSABLES.get(sub, sub))
    folded = unicodedata.normalize("NFC", "".join(out))
    # NFC can recompose a character that case folding would change again; settle it.
    return "".join(CONFUSABLES.get(c, c) for c in folded.casefold())


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in {"Mn", "Me", "Mc"}


@dataclass(frozen=True, slots=True)
class View:
    """A normalised view of a text with, per character, the original [start, end) it came from."""

    original: str
    text: str
    starts: tuple[int, ...] | None  # None: identity map (plain ASCII input)
    ends: tuple[int, ...] | None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) range of this view to the original text."""
        n = len(self.text)
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        if self.starts is None or self.ends is None:
            return start, end
        if start == end:
            pos = self.starts[start] if start < n else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def with_text(self, text: str) -> View:
        """The same offset map over a same-length rewrite of this view's text."""
        if len(text) != len(self.text):
            raise ValueError("a rewritten view must keep the length of the text")
        return View(self.original, text, self.starts, self.ends)


def fold(text: str) -> View:
    """Fold compatibility forms, case, homoglyphs, accents and invisible characters."""
    if text.isascii():
        # Fast path: ASCII lowercasing and whitespace mapping are one-to-one, so the offset map
        # is the identity and need not be stored.
        lowered = text.lower()
        if "\t" in lowered or "\n" in lowered or "\r" in lowered or "\x0b" in lowered:
            lowered = "".join(" " if c.isspace() else c for c in lowered)
        if "`" in lowered:
            lowered = lowered.replace("`", "'")
        return View(text, lowered, None, None)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        if folded:
            for out in folded:
                chars.append(out)
                starts.append(i)
                ends.append(i + 1)
        elif ends and _is_mark(ch):
            # A dropped combining mark belongs to the letter before it: highlight them together.
            ends[-1] = i + 1
    return View(text, "".join(chars), tuple(starts), tuple(ends))


_LETTER = re.compile(r"[^\W\d_]")
_CHUNK = re.compile(r"[\w@$!|+€(¡*#%']+")
_INTERIOR_LEET = re.compile(
    r"(?<=[^\W\d_])[013457@$!|]+(?=[^\W\d_])|(?<![\w@$.,])[013457$]+(?=[^\W\d_]{2})"
)


def deleet(view: View) -> View:
    """Decode leetspeak inside or opening a word ("k1ll", "4nimals"), length-preserving.

    Digits standing alone or ending a word ("3 kids", "£3.5bn", "2024") are never touched.
    """
    text = view.text
    if not _INTERIOR_LEET.search(text):
        return view
    return view.with_text(_INTERIOR_LEET.sub(lambda m: "".join(LEET[c][0] for c in m[0]), text))


@dataclass(frozen=True, slots=True)
class Token:
    """A word-like chunk of a folded view and the spellings it may stand for."""

    start: int  # [start, end) in the folded view
    end: int
    raw: str
    forms: tuple[str, ...]  # plain spelling first, then decoded readings
    masked: bool = False  # contains "*", "#" or "%" standing for letters


def _leet_readings(chunk: str, limit: int = 8) -> list[str]:
    """All letter readings of a chunk with leet symbols, ambiguous ones expanded (bounded)."""
    readings = [""]
    for ch in chunk:
        options = LEET.get(ch, ch) if not _LETTER.match(ch) else ch
        if len(options) > 1 and len(readings) * len(options) > limit:
            options = options[0]
        readings = [r + o for r in readings for o in options]
    return readings


@lru_cache(maxsize=65536)
def _chunk_forms(chunk: str) -> tuple[tuple[str, ...], bool]:
    """Candidate spellings of one chunk: apostrophes dropped, leet decoded, masks kept."""
    plain = chunk.replace("'", "")
    if plain.isalpha() or not plain:
        return (plain,), False
    letters = sum(1 for c in plain if _LETTER.match(c))
    masked = any(c in MASKS for c in plain)
    if letters == 0:
        return (plain,), False
    forms = [plain]
    if masked:
        # Separators typed as asterisks ("f*u*c*k") read as the letters alone.
        forms.append("".join(c for c in plain if c not in MASKS))
    for reading in _leet_readings(plain):
        if reading not in forms:
            forms.append(reading)
    return tuple(forms), masked


def tokenize(view: View) -> list[Token]:
    """Split a folded view into word chunks with their candidate spellings."""
    tokens: list[Token] = []
    for m in _CHUNK.finditer(view.text):
        start, end = m.span()
        chunk = m[0]
        # Sentence punctuation and emphasis around a word are not part of it ("fuck!!", "*so*").
        while start < end and chunk[0] in "!|+*#%'(¡":
            chunk, start = chunk[1:], start + 1
        while start < end and chunk[-1] in "!|+*#%'(¡@":
            chunk, end = chunk[:-1], end - 1
        if not chunk:
            continue
        forms, masked = _chunk_forms(chunk)
        tokens.append(Token(start, end, chunk, forms, masked))
    return tokens


_RUN_GAP = re.compile(r"[\s.\-_*/,·:~^]{1,3}")


def letter_runs(view: View, tokens: list[Token], min_len: int = 3) -> list[tuple[int, int]]:
    """Index ranges of >= min_len consecutive one-letter tokens with separators ("f.u.c.k")."""
    runs: list[tuple[int, int]] = []
    i = 0
    n = len(tokens)
    while i < n:
        if len(tokens[i].raw) != 1:
            i += 1
            continue
        j = i
        while (
            j + 1 < n
            and len(tokens[j + 1].raw) == 1
            and _RUN_GAP.fullmatch(view.text, tokens[j].end, tokens[j + 1].start)
        ):
            j += 1
        if j - i + 1 >= min_len:
            runs.append((i, j + 1))
        i = j + 1
    return runs


_RUN3 = re.compile(r"(.)\1{2,}")
_RUN2 = re.compile(r"(.)\1+")


def squeeze_variants(form: str) -> list[str]:
    """Readings of a stretched word ("fuuuuck", "shiiiit"): long runs cut to one or two letters."""
    if not _RUN3.search(form):
        return []
    one = _RUN3.sub(r"\1", form)
    two = _RUN3.sub(r"\1\1", form)
    return [one] if one == two else [one, two]


def squeeze_doubles(form: str) -> str:
    """The word with every doubled letter single ("fuuck" -> "fuck")."""
    return _RUN2.sub(r"\1", form)


def normalize(text: str) -> str:
    """The folded, leet-decoded form of a text (for display, keys and tests)."""
    return deleet(fold(text)).text
