"""Context checks shared by the rule families: quotation, counter-speech, reporting, negation.

A regional news site quotes hate in order to condemn or report it ("calling refugees 'vermin'
is disgusting", "the court heard he said 'I will kill you'"); these checks keep such comments
from being flagged for the words they condemn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"[.!?\n]")

#: Words that condemn or distance the author from what is quoted or referred to.
CONDEMN = re.compile(
    r"\b(?:disgust\w*|sexis[mt]\w*|racis[mt]\w*|homophob\w*|xenophob\w*|transphob\w*|misogyn\w*|"
    r"bigot\w*|hateful|hatred|unacceptable|not\s+ok(?:ay)?|isn'?t\s+ok(?:ay)?|"
    r"(?:is|so|very)\s+wrong|shame\w*|vile|appalling|offensive|abhorrent|dehumani[sz]\w*|"
    r"horrible|horrid|nasty|ignorant|stop|report\w*|ban(?:ned)?|condemn\w*|out\s+of\s+order|"
    r"disgrace\w*|sick\s+of|tired\s+of|no\s+place|prejudic\w*|slurs?|hurt\w*|how\s+can\s+you|"
    r"can'?t\s+(?:seriously\s+)?believe|cannot\s+(?:seriously\s+)?believe|should\s+be\s+ashamed|"
    r"jail|prison|arrest\w*|court|kicked\s+off|blocked|misguided|small[\s-]minded|"
    r"no\s+respect|lost\s+all\s+respect|says\s+a\s+lot|reflect\s+well|shows\s+(?:what|how)|"
    r"contempt|call(?:ing)?\s+(?:it\s+)?out|deeply|awful|terrible|unbelievable|outrag\w*|"
    r"sad\s+to|consequences|never\s+tolerate|not\s+tolerate|won'?t\s+tolerate|pathetic|"
    r"cruel|dangerous\s+rhetoric|rhetoric|propaganda|language\s+like|words\s+like|"
    r"why\s+would\s+you|it'?s\s+(?:not\s+)?okay\s+to|bigoted|thrown\s+in|"
    r"(?:is|are|was)\s+(?:a\s+|an\s+)?(?:lie|lies|false|untrue|myth|nonsense|rubbish|"
    r"absurd|baseless|slander|outright\s+lie))\b"
)

#: Verbs and nouns that introduce someone else's words ("calling X ...", "he said ...").
META_BEFORE = re.compile(
    r"\b(?:say|says|saying|said|call|calls|calling|(?<!so-)(?<!so\s)called|write|writes|writing|"
    r"wrote|written|"
    r"post|posts|posting|posted|claim|claims|claiming|claimed|describ\w+|refer\w*|label\w*|"
    r"tweet\w*|shout\w*|chant\w*|told|tell|telling|text\w*|messag\w*|heard|allegedly|"
    r"suggest\w*|imply\w*|insist\w*|"
    r"like|as|word|words|term|slur|things|stuff|statements?|comments?|messages?|posts?|"
    r"sign|signs|banner|graffiti|leaflets?|scrawled|daubed|abuse|abused|screamed|yelled|"
    r"threaten\w*|accus\w+|wish\w*|telling|told)\b"
    r"(?:\s+that)?(?:\s+[\w']+){0,2}?[\s:,\"']*$"
)

#: A negation right before a reporting verb: "I never said that ...".
NEGATED_META = re.compile(
    r"\b(?:never|not|n't|didn'?t|don'?t|do\s+not|did\s+not)\s+(?:\w+\s+)?"
    r"(?:say|said|claim\w*|think|believe|mean)\b(?:\s+that)?\s*$"
)

#: Disbelief at what follows: "you can't seriously believe that ...".
DISBELIEF = re.compile(
    r"\b(?:can'?t|cannot|could\s+you|how\s+can\s+you|how\s+could\s+you|do\s+you\s+really)\s+"
    r"(?:seriously\s+|really\s+|honestly\s+|still\s+)?(?:believe|think|say|claim)\b"
    r"(?:\s+that)?\s*$"
)

#: Verbs and prepositions that make the group an object, not the subject ("politicians who
#: attack refugees are pathetic", "the treatment of women is disgusting").
NOT_SUBJECT = re.compile(
    r"(?:^|\s)(?:of|by|to|for|against|towards|toward|at|than|about|with|from|on|who|which|"
    r"attack|attacks|attacking|attacked|criticise|criticises|criticising|criticize|criticizes|"
    r"criticizing|blame|blames|blaming|help|helps|helping|insult|insults|insulting|abuse|abuses|"
    r"abusing|harass|harassing|exploit|exploits|exploiting|treat|treats|treating|support|"
    r"supports|supporting|protect|protects|protecting|defend|defends|defending|hurt|hurts|"
    r"hurting|mock|mocks|mocking|bully|bullies|bullying|hate|hates|hating|call|calls|calling|"
    r"employ|employs|fight|fights|fighting|discriminate|discriminates|against|to\s+[a-z]+|"
    r"(?!being\b)[a-z]+ing)\s*$"
)

NEGATION_BEFORE = re.compile(r"\b(?:no|not|never|none\s+of\s+the|nobody|no\s+one)\s+$")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The [start, end) of the sentence (or line) around a span."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    m = _SENTENCE_END.search(text, end)
    right = m.start() if m else len(text)
    return left, right


def _is_open_quote(text: str, i: int) -> bool:
    ch = text[i]
    if ch == '"':
        return True
    if ch == "'":
        before = text[i - 1] if i > 0 else " "
        return not before.isalnum()
    return False


def _is_close_quote(text: str, i: int) -> bool:
    ch = text[i]
    if ch == '"':
        return True
    if ch == "'":
        after = text[i + 1] if i + 1 < len(text) else " "
        return not after.isalnum()
    return False


def quote_start(text: str, start: int, end: int, reach: int = 160) -> int | None:
    """Index of the opening quotation mark around a span, if it is quoted."""
    opened = None
    for i in range(start - 1, max(-1, start - reach), -1):
        if text[i] == "\n":
            break
        if _is_open_quote(text, i):
            opened = i
            break
    if opened is None:
        return None
    for i in range(end, min(len(text), end + reach)):
        if text[i] == "\n":
            break
        if _is_close_quote(text, i):
            return opened
    return None


def is_quoted(text: str, start: int, end: int, reach: int = 160) -> bool:
    """Whether a span sits between an opening and a closing quotation mark."""
    return quote_start(text, start, end, reach) is not None


def is_reported_quote(text: str, start: int, end: int) -> bool:
    """A short quotation introduced as someone else's words: 'things like "..."', 'said "..."'."""
    opened = quote_start(text, start, end, reach=80)
    if opened is None:
        return False
    return bool(META_BEFORE.search(text[max(0, opened - 40) : opened + 1]))


def is_counter_speech(text: str, start: int, end: int) -> bool:
    """Whether a span is quoted or referred to in order to report or condemn it."""
    left, right = sentence_bounds(text, start, end)
    quoted = is_quoted(text, start, end)
    if quoted:
        # A quotation may contain its own full stops: widen to the clause after it.
        right = max(right, min(len(text), end + 160))
        left = max(0, min(left, start - 160))
    before = text[max(left, start - 60) : start]
    # Strip the opening quotation itself so "saying 'women ..." reads as "saying".
    before_unquoted = re.sub(r"[\"'][^\"']*$", "", before) if quoted else before
    meta = bool(META_BEFORE.search(before_unquoted)) or bool(
        re.search(r"\b(?:like|as)\s*[\"']?\s*$", before)
    )
    if NEGATED_META.search(before_unquoted) or DISBELIEF.search(before_unquoted):
        return True
    condemn = bool(CONDEMN.search(text, left, start)) or bool(CONDEMN.search(text, end, right))
    if quoted:
        return condemn or meta
    return meta and condemn


def negated_before(text: str, start: int) -> bool:
    """Whether the words right before a span negate it ("no immigrant deserves ...")."""
    return bool(NEGATION_BEFORE.search(text[max(0, start - 20) : start]))


@dataclass(frozen=True, slots=True)
class Finding:
    """A pattern match in a normalised view, before its span is mapped to the original."""

    category: str
    start: int
    end: int
    detail: str
    #: Which of its family's shapes matched (RuleSet prefixes the family: "threats#pay").
    shape: str = ""


def shape_ids(names: Sequence[str]) -> list[str]:
    """One id per shape, in order: its name, numbered from the second of the same name
    ("deny", "deny-2", "deny-3"), so every regex of a family can be told apart."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "shape"
        seen[slug] = seen.get(slug, 0) + 1
        out.append(slug if seen[slug] == 1 else f"{slug}-{seen[slug]}")
    return out


#: Where a term's words meet: any whitespace run (a trie key, never a character of a word).
_GAP = " "


def alternation(terms: Iterable[str]) -> str:
    """A regex matching any of the list terms, spaces matching any whitespace run, preferring
    the longest term — written as a trie (`kurd(?:ish|s)?`) rather than a flat `a|b|c`.

    Python's re tries a flat alternation's branches one by one at every position it starts a
    match, so a pattern holding a list of hundreds of terms pays hundreds of checks per
    position; a trie pays one per character. The matches and their preference are those of the
    flat alternation sorted longest first: at each trie node the branches start with different
    characters (so at most one can go on), and a term ending at the node is tried last, after
    every longer term through it — the order longest-first gives the terms that match at one
    place, since each of them is a prefix of the next (issue 13.1)."""
    trie: dict[str, dict] = {}
    for term in {" ".join(t.split()) for t in terms if t.strip()}:
        node = trie
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, dict]) -> str:
    branches = [
        (r"\s+" if char == _GAP else re.escape(char)) + _trie_regex(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a term ends here: longer ones through this node first, then this one
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body


def is_capitalised(original: str, pos: int) -> bool:
    """Whether the original text has a capital letter at a position (a name, not a word)."""
    return 0 <= pos < len(original) and original[pos].isupper()


def words(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string (vocabularies kept in code)."""
    return frozenset(text.split())
