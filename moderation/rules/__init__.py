"""The rule-list half of screening: lists as data files, one compiled matcher, Flags out.

    rules = RuleSet.load(extra_terms=db_terms, removed_terms=db_removed)
    rules.version                 # "r2-3fa2b9c01d2e": which lists screened a comment
    rules.match(comment.body)     # [Flag(category="profanity", source="rule", span=(4, 8), ...)]
    rules.mentioned_groups(body)  # {Category.XENOPHOBIA}: refines a model's identity_attack

The families and their order are in registry.py (what a family is: family.py): listed terms
(listed.py over the term_index.py matcher), misspelled listed terms (spelling.py), threats,
personal attacks, group abuse, group hostility, promotion.
"""

from __future__ import annotations

import copy
import hashlib
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from moderation.flags import Flag
from moderation.guidelines import Category
from moderation.normalize import View, deleet, fold, tokenize
from moderation.rules import registry
from moderation.rules.context import Finding
from moderation.rules.family import Family, Reading
from moderation.rules.shape_files import ShapeFile, read_shape_files
from moderation.rules.term_index import norm_term, read_list

#: Bump when matching code changes what a list term matches; part of every RuleSet.version.
RULES_CODE_VERSION = "r2"  # r2: group-hostility shapes, spelling repair, regional-news rounds

DEFAULT_LISTS_DIR = Path(__file__).resolve().parent.parent / "lists"

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
#: rules.attacks, which need a target ("you idiot", not "the idiot scene"). Elsewhere a personal
#: attack term an admin adds goes to the flagged "attacks" list: nothing would read it otherwise.
ATTACK_SHAPE_LANGUAGES = frozenset({"en"})

#: The pseudo-category of run-time terms that extend the allowlist instead of a list.
ALLOWLIST = "allowlist"

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


class RuleSet:
    """The effective rule lists (files + database changes), compiled once and reused."""

    def __init__(self, lists: dict[tuple[str, str], list[str]], allowlist: list[str],
                 allowed_domains: list[str],
                 shape_files: dict[tuple[str, str], ShapeFile] | None = None) -> None:  # fmt: skip
        self._lists = lists
        self._allowlist = allowlist
        self._allowed_domains = allowed_domains
        #: (family, language) -> the shapes of lists/<language>/shapes/<family>.toml.
        self._shape_files = dict(shape_files or {})
        self.version = self._version()
        self._c = self._compile()
        #: Rule ids switched off (without): measurement only, never in screening.
        self._excluded: tuple[str, ...] = ()

    def without(self, *rules: str) -> RuleSet:
        """The same rule set with some families, shapes or term lists switched off — to
        measure what each adds (scripts/rule_contribution.py). An item is a family
        ("threats"), a shape ("hostility#deny-have-no") or a family's prefix ("terms#profanity"
        switches off every language's profanity list)."""
        other = copy.copy(self)  # shares the compiled families: nothing is rebuilt
        other._excluded = (*self._excluded, *rules)  # noqa: SLF001
        other.version = f"{self.version}-without-{'+'.join(sorted(other._excluded))}"
        return other

    def _kept(self, findings: list[Finding]) -> list[Finding]:
        if not self._excluded:
            return findings
        return [f for f in findings if not any(_covers(x, f.shape) for x in self._excluded)]

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
        return cls(lists, allowlist, domains, read_shape_files(lists_dir))

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
        for (family, language), shapes in sorted(self._shape_files.items()):
            digest.update(f"\nshapes\t{family}\t{language}\n{shapes.source}".encode())
        return f"{RULES_CODE_VERSION}-{digest.hexdigest()[:12]}"

    def _vocab(self, name: str, language: str = "en") -> list[str]:
        return [t.partition("|")[0].strip() for t in self._lists.get((name, language), [])]

    def _lookup(self, name: str, language: str) -> list[str] | None:
        """A list's terms in one language for the shape files' slots (None: no such list)."""
        if (name, language) not in self._lists:
            return None
        return self._vocab(name, language)

    @property
    def shape_files(self) -> list[ShapeFile]:
        """Every shape file it runs (the example harness reads their examples)."""
        return [self._shape_files[key] for key in sorted(self._shape_files)]

    def _compile(self) -> registry.Compiled:
        languages = sorted({lang for _, lang in self._lists}, key=lambda x: (x != "en", x))
        entries = [
            (name, lang, term)
            for lang in languages
            for name in FLAGGED_LISTS
            for term in self._lists.get((name, lang), [])
        ]
        return registry.build(
            self._vocab,
            entries,
            self._allowlist,
            self._allowed_domains,
            FLAGGED_LISTS,
            self._shape_files,
            self._lookup,
        )

    @property
    def families(self) -> tuple[Family, ...]:
        """The compiled families, in the order they run."""
        return self._c.families

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

        reading = self.read(text)
        folded = reading.folded
        findings: list[Finding] = []
        for family in self._c.families:  # the budget is checked after each family
            if family.wants(reading):
                findings.extend(self._kept(_stamped(family, family.find(reading))))
            if late():
                return _to_flags(folded, findings), False
        assert reading.repair is not None
        repaired = reading.repair
        if repaired.view is not None:
            # Misspelt, spread-out or run-together words: the families that read repairs read
            # the repaired text too, their spans mapped back ("Disabld people belong in a zoo").
            again = Reading.of_repair(repaired.view)
            for family in self._c.families:
                if not family.reads_repair:
                    continue
                findings.extend(
                    replace(f, start=repaired.starts[f.start], end=repaired.ends[f.end - 1])
                    for f in self._kept(_stamped(family, family.find(again)))
                    if f.end > f.start
                )
                if late():
                    return _to_flags(folded, findings), False
        return _to_flags(folded, findings), True

    def read(self, text: str) -> Reading:
        """A comment as the families read it: folded, leet-decoded, tokenised, repaired."""
        folded = fold(text)
        view = deleet(folded)
        tokens = tokenize(folded)
        return Reading(
            folded=folded,
            view=view,
            tokens=tokens,
            words=frozenset(f for t in tokens for f in t.forms),
            repair=self._c.spelling.read(view),
        )

    def mentioned_groups(self, text: str) -> set[Category]:
        """Categories of the identity groups a comment mentions (women -> sexism, ...).

        Disability groups give personal_attack, which policy ignores when refining a model's
        identity_attack (it keeps abuse categories only).
        """
        return self._c.groups.mentioned(deleet(fold(text)).text)


def _covers(item: str, rule: str) -> bool:
    """Whether an exclusion ("threats", "terms#profanity", "hostility#deny") names a rule id."""
    return rule == item or rule.startswith((item + "#", item + "/"))


def _stamped(family: Family, findings: list[Finding]) -> list[Finding]:
    """Findings whose shape names their family too ("threats#pay")."""
    return [replace(f, shape=f"{family.name}#{f.shape or 'any'}") for f in findings]


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
                kept[i] = replace(k, end=max(k.end, f.end))
                break
        else:
            kept.append(f)
    return [
        Flag(
            category=f.category,
            source="rule",
            detail=f.detail,
            span=view.span(f.start, f.end),
            rule=f.shape or None,
        )
        for f in kept
    ]
