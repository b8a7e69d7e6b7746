"""The rule-list half of screening: lists as data files, one compiled matcher, Flags out.

    rules = RuleSet.load(extra_terms=db_terms, removed_terms=db_removed)
    rules.version                 # "r2-3fa2b9c01d2e": which lists screened a comment
    rules.match(comment.body)     # [Flag(category="profanity", source="rule", span=(4, 8), ...)]
    rules.mentioned_groups(body)  # {Category.XENOPHOBIA}: refines a model's identity_attack

Families: term lists (profanity, vulgarity, slurs, threat and promotion phrases) in
rules_terms; intent+target threats in rules_threats; personal attacks in rules_attacks; group
abuse in rules_abuse; links, contacts and handles in rules_promotion.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from moderation.flags import Flag
from moderation.guidelines import ABUSE_CATEGORIES, Category
from moderation.normalize import Token, View, deleet, fold, tokenize
from moderation.rules_abuse import AbuseRules
from moderation.rules_attacks import AttackRules
from moderation.rules_context import (
    Finding,
    is_counter_speech,
    is_reported_quote,
    sentence_bounds,
    words,
)
from moderation.rules_hostility import HostilityRules
from moderation.rules_promotion import PromotionRules
from moderation.rules_terms import Hit, TermIndex, build_index, norm_term, read_list
from moderation.rules_threats import ThreatRules

#: Bump when matching code changes what a list term matches; part of every RuleSet.version.
RULES_CODE_VERSION = "r2"  # r2: group-hostility shapes, spelling repair, regional-news rounds

DEFAULT_LISTS_DIR = Path(__file__).resolve().parent / "lists"

#: Lists whose terms are flagged wherever they occur, in the order that decides which list
#: claims a spelling found in two of them.
FLAGGED_LISTS: dict[str, Category] = {
    "threats": Category.THREAT,
    "attacks": Category.PERSONAL_ATTACK,
    "racism": Category.RACISM,
    "homophobia": Category.HOMOPHOBIA,
    "sexism": Category.SEXISM,
    "xenophobia": Category.XENOPHOBIA,
    "ableism": Category.PERSONAL_ATTACK,
    "vulgarity": Category.VULGARITY,
    "profanity": Category.PROFANITY,
    "promotion_personal": Category.PERSONAL_PROMOTION,
    "promotion_commercial": Category.COMMERCIAL_PROMOTION,
}

#: Vocabulary lists used by the pattern families, never flagged on their own.
VOCABULARY_LISTS = ("insults", "insults_adj", "dehumanising", "hostile")

#: Where a term added at run time for a category goes.
LIST_FOR_CATEGORY: dict[Category, str] = {
    Category.PROFANITY: "profanity",
    Category.VULGARITY: "vulgarity",
    Category.THREAT: "threats",
    Category.PERSONAL_ATTACK: "insults",
    Category.SEXISM: "sexism",
    Category.RACISM: "racism",
    Category.HOMOPHOBIA: "homophobia",
    Category.XENOPHOBIA: "xenophobia",
    Category.COMMERCIAL_PROMOTION: "promotion_commercial",
    Category.PERSONAL_PROMOTION: "promotion_personal",
}

#: Languages whose insult vocabulary (insults.txt, insults_adj.txt) feeds the attack shapes of
#: rules_attacks, which need a target ("you idiot", not "the idiot scene"). Elsewhere a personal
#: attack term an admin adds goes to the flagged "attacks" list: nothing would read it otherwise.
ATTACK_SHAPE_LANGUAGES = frozenset({"en"})

#: The pseudo-category of run-time terms that extend the allowlist instead of a list.
ALLOWLIST = "allowlist"

#: Categories with an identity-group vocabulary (groups/<category>.txt); disability groups
#: are personal_attack, as the guidelines have no disability category.
_GROUP_CATEGORIES = (*sorted(ABUSE_CATEGORIES, key=lambda c: c.value), Category.PERSONAL_ATTACK)
_SLUR_LISTS = frozenset({*(c.value for c in ABUSE_CATEGORIES), "ableism"})
_CONTEXT_LISTS = _SLUR_LISTS | {"threats", "attacks"}
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

TermKey = tuple[str, str, str]  # (category or "allowlist", language, term)


def _read_dir(lists_dir: Path) -> dict[tuple[str, str], list[str]]:
    """Every list file as {(list name, language): lines}; groups/ become "groups/<category>"."""
    lists: dict[tuple[str, str], list[str]] = {}
    if not lists_dir.is_dir():
        raise FileNotFoundError(f"rule lists folder not found: {lists_dir}")
    for lang_dir in sorted(p for p in lists_dir.iterdir() if p.is_dir()):
        for path in sorted(lang_dir.rglob("*.txt")):
            name = path.relative_to(lang_dir).with_suffix("").as_posix()
            lists[(name, lang_dir.name)] = list(read_list(path))
    return lists


def list_for(category: Category, language: str) -> str:
    """The list a term added at run time for ``category`` in ``language`` joins: one that
    screening reads in that language (LIST_FOR_CATEGORY, except personal attacks outside
    ATTACK_SHAPE_LANGUAGES, which are flagged wherever they occur)."""
    if category is Category.PERSONAL_ATTACK and language not in ATTACK_SHAPE_LANGUAGES:
        return "attacks"
    return LIST_FOR_CATEGORY[category]


def _same_term(line: str, term: str) -> bool:
    return norm_term(line.partition("|")[0]) == norm_term(term)


@dataclass(frozen=True, slots=True)
class _Compiled:
    terms: TermIndex
    threats: ThreatRules
    attacks: AttackRules
    abuse: AbuseRules
    hostility: HostilityRules
    promotion: PromotionRules
    triggers: dict[str, frozenset[str]]


class RuleSet:
    """The effective rule lists (files + database changes), compiled once and reused."""

    def __init__(self, lists: dict[tuple[str, str], list[str]], allowlist: list[str],
                 allowed_domains: list[str]) -> None:  # fmt: skip
        self._lists = lists
        self._allowlist = allowlist
        self._allowed_domains = allowed_domains
        self.version = self._version()
        self._c = self._compile()

    @classmethod
    def load(
        cls,
        lists_dir: Path | str = DEFAULT_LISTS_DIR,
        extra_terms: Iterable[TermKey] = (),
        removed_terms: Iterable[TermKey] = (),
        allowed_domains: Iterable[str] = (),
        allowed_terms: Iterable[str] = (),
    ) -> RuleSet:
        """Read the list files, apply the database's added and removed terms, and compile.

        allowed_terms extend allowlist.txt (same as extra terms of category "allowlist").
        """
        lists_dir = Path(lists_dir)
        lists = _read_dir(lists_dir)
        allow_path = lists_dir / "allowlist.txt"
        allowlist = list(read_list(allow_path)) if allow_path.is_file() else []
        domains_path = lists_dir / "domains_allowlist.txt"
        domains = list(read_list(domains_path)) if domains_path.is_file() else []
        domains.extend(d.strip().lower() for d in allowed_domains if d.strip())
        allowlist.extend(t.strip() for t in allowed_terms if t.strip())
        for category, language, term in removed_terms:
            if category == ALLOWLIST:
                allowlist = [t for t in allowlist if not _same_term(t, term)]
                continue
            cat = Category(category)
            names = {LIST_FOR_CATEGORY[cat]} | {n for n, c in FLAGGED_LISTS.items() if c is cat}
            for name in names:
                key = (name, language)
                if key in lists:
                    lists[key] = [t for t in lists[key] if not _same_term(t, term)]
        for category, language, term in extra_terms:
            if not term.strip():
                continue
            if category == ALLOWLIST:
                allowlist.append(term.strip())
                continue
            lists.setdefault((list_for(Category(category), language), language), []).append(
                term.strip()
            )
        return cls(lists, allowlist, domains)

    def _version(self) -> str:
        """A short stable hash of every effective term, the allowlists and the code version."""
        digest = hashlib.sha256(RULES_CODE_VERSION.encode())
        for (name, language), terms in sorted(self._lists.items()):
            for term in sorted(terms):
                digest.update(f"\n{name}\t{language}\t{term}".encode())
        for term in sorted(self._allowlist):
            digest.update(f"\nallow\t{term}".encode())
        for domain in sorted(set(self._allowed_domains)):
            digest.update(f"\ndomain\t{domain}".encode())
        return f"{RULES_CODE_VERSION}-{digest.hexdigest()[:12]}"

    def _vocab(self, name: str, language: str = "en") -> list[str]:
        return [t.partition("|")[0].strip() for t in self._lists.get((name, language), [])]

    def _compile(self) -> _Compiled:
        languages = sorted({lang for _, lang in self._lists}, key=lambda x: (x != "en", x))
        entries = [
            (name, lang, term)
            for lang in languages
            for name in FLAGGED_LISTS
            for term in self._lists.get((name, lang), [])
        ]
        terms = build_index(entries, self._allowlist)
        groups = {c: self._vocab(f"groups/{c.value}") for c in _GROUP_CATEGORIES}
        all_groups = [t for ts in groups.values() for t in ts]
        nouns, adjectives = self._vocab("insults"), self._vocab("insults_adj")
        triggers = {
            "abuse": _first_words(all_groups) | _ABUSE_TRIGGERS,
            "attacks": _first_words([*nouns, *adjectives]) | _ATTACK_TRIGGERS,
            "threats": _THREAT_TRIGGERS,
        }
        return _Compiled(
            terms=terms,
            threats=ThreatRules(all_groups, nouns),
            attacks=AttackRules(nouns, adjectives),
            abuse=AbuseRules(groups, self._vocab("dehumanising")),
            hostility=HostilityRules(
                groups,
                [*self._vocab("hostile"), *self._vocab("dehumanising"), *nouns, *adjectives],
                {
                    norm: FLAGGED_LISTS[name].value
                    for name in (*sorted(_SLUR_LISTS), "profanity", "vulgarity")
                    for norm in (t.strip("*").lower() for t in self._vocab(name))
                    if norm.isalpha()
                },
            ),
            promotion=PromotionRules(self._allowed_domains),
            triggers=triggers,
        )

    def match(self, text: str) -> list[Flag]:
        """Every rule flag for a comment, spans indexing the original text."""
        return self.match_within(text, None)[0]

    def match_within(self, text: str, budget: float | None) -> tuple[list[Flag], bool]:
        """Rule flags and whether every family ran within ``budget`` seconds (None: no budget).

        Every family is linear in the comment's length; the budget is the second line of
        defence: checked between families, so one pathological comment costs at most about the
        budget plus one family's time, and the caller knows the rules did not finish.
        """
        if not text or text.isspace():
            return [], True
        deadline = time.perf_counter() + budget if budget is not None else None

        def late() -> bool:
            return deadline is not None and time.perf_counter() > deadline

        folded = fold(text)
        view = deleet(folded)
        tokens = tokenize(folded)
        words = {f for t in tokens for f in t.forms}
        findings: list[Finding] = self._term_findings(folded, tokens)
        c = self._c
        stages = (
            (bool(words & c.triggers["threats"]), lambda: c.threats.find(view)),
            (bool(words & c.triggers["attacks"]) or "@" in view.text, lambda: c.attacks.find(view)),
            (bool(words & c.triggers["abuse"]), lambda: c.abuse.find(view, words)),
        )
        for wanted, run in stages:
            if late():
                return _to_flags(folded, findings), False
            if wanted:
                findings.extend(run())
        if late():
            return _to_flags(folded, findings), False
        hostile, repaired = c.hostility.find(view)
        findings.extend(hostile)
        if repaired is not None and not late():
            # Misspelt, spread-out or run-together words: the other families read the repair.
            rview, starts, ends = repaired
            more = [*c.threats.find(rview), *c.attacks.find(rview), *c.abuse.find(rview)]
            findings.extend(
                Finding(f.category, starts[f.start], ends[f.end - 1], f.detail)
                for f in more
                if f.end > f.start
            )
        if late():
            return _to_flags(folded, findings), False
        findings.extend(c.promotion.find(folded))
        return _to_flags(folded, findings), not late()

    def mentioned_groups(self, text: str) -> set[Category]:
        """Categories of the identity groups a comment mentions (women -> sexism, ...).

        Disability groups give personal_attack, which policy ignores when refining a model's
        identity_attack (it keeps abuse categories only).
        """
        return self._c.abuse.mentioned(deleet(fold(text)).text)

    def _term_findings(self, view: View, tokens: list[Token]) -> list[Finding]:
        findings = []
        for hit in self._c.terms.find(view, tokens):
            start, end = tokens[hit.first].start, tokens[hit.last - 1].end
            name = hit.entry.list_name
            if name in _CONTEXT_LISTS and self._excused(view.text, start, end, name):
                continue
            if name in _QUOTE_LISTS and is_reported_quote(view.text, start, end):
                continue
            category = FLAGGED_LISTS[name].value
            findings.append(Finding(category, start, end, _term_detail(hit)))
        return findings

    @staticmethod
    def _excused(text: str, start: int, end: int, list_name: str) -> bool:
        """A slur or threat phrase that is quoted to condemn it, or a reclaimed self-reference."""
        if is_counter_speech(text, start, end):
            return True
        if list_name in _SLUR_LISTS:
            left, _ = sentence_bounds(text, start, end)
            if _RECLAIMED_BEFORE.search(text[left:start]) or _RECLAIMED_AFTER.match(text[end:]):
                return True
        return False


def _term_detail(hit: Hit) -> str:
    term = hit.entry.term.strip("*").replace("* ", " ").replace("*", "")
    return f"{hit.entry.list_name}/{hit.entry.language}: '{term}'"


def _first_words(terms: Iterable[str]) -> frozenset[str]:
    return frozenset(norm_term(t).split()[0] for t in terms if norm_term(t))


def _to_flags(view: View, findings: list[Finding]) -> list[Flag]:
    """Map findings to the original text; overlapping findings of one family become one."""
    findings.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for f in findings:
        family = f.detail.split("/", 1)[0]
        for i, k in enumerate(kept):
            same_evidence = (k.start, k.end) == (f.start, f.end)
            if k.category == f.category and (
                same_evidence
                or (k.detail.split("/", 1)[0] == family and k.start < f.end and f.start < k.end)
            ):
                kept[i] = Finding(k.category, k.start, max(k.end, f.end), k.detail)
                break
        else:
            kept.append(f)
    return [
        Flag(category=f.category, source="rule", detail=f.detail, span=view.span(f.start, f.end))
        for f in kept
    ]


# Words without which a family's patterns cannot match: they let most comments skip the
# family's regexes entirely.
_THREAT_TRIGGERS = words(
    "kill murder shoot stab strangle hang lynch behead decapitate slaughter butcher execute "
    "rape hurt torture burn firebomb bomb gas drown choke knife batter maim cripple slit snap "
    "shank cap glass torch end run throttle eradicate exterminate wipe know pay regret sorry "
    "find hunt come track get break smash bash cut kick punch cave rip knock stamp beat "
    "happen happened happens death dead shot hanged hung lynched killed murdered stabbed "
    "beheaded strung gassed burned burnt executed exterminated wiped raped tortured "
    "eradicated die bullet found wallop smack stone stoned beaten flog flogged whip whipped "
    "thrown would"
)
_ATTACK_TRIGGERS = words(
    "read spell count brain brains iq mind intelligence child toddler simpleton suck sucks "
    "stink stinks"
)
_ABUSE_TRIGGERS = words(
    "kitchen sandwich send go back belong breed trans they them these those people she deport"
)
