"""The rule families, in the order they run: the one place a family is added or removed.

Each family is built from the effective lists (files plus admins' terms) by `build`; RuleSet
runs them in this order on every comment (family.py says what a family is), then runs those
that read repairs again on the spelling repair's reading. Removing a family is deleting its
line here and its module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from moderation.guidelines import ABUSE_CATEGORIES, Category
from moderation.rules.abuse import AbuseRules
from moderation.rules.attacks import AttackRules
from moderation.rules.family import Family
from moderation.rules.hostility import HostilityRules, repair_vocabulary
from moderation.rules.listed import SLUR_LISTS, ListedTerms
from moderation.rules.promotion import PromotionRules
from moderation.rules.shape_files import ShapeFile
from moderation.rules.shaped import ShapedRules
from moderation.rules.spelling import MisspelledTerms, SpellingRepair
from moderation.rules.term_index import build_index
from moderation.rules.threats import ThreatRules

#: Categories with an identity-group vocabulary (groups/<category>.txt); disability groups
#: are personal_attack, as the guidelines have no disability category.
GROUP_CATEGORIES = (*sorted(ABUSE_CATEGORIES, key=lambda c: c.value), Category.PERSONAL_ATTACK)


#: Shape files read by a family below (with its own checks); any other is a family of its own.
FAMILY_SHAPE_FILES = frozenset(
    {("abuse", "en"), ("attacks", "en"), ("hostility", "en"), ("threats", "en")}
)


@dataclass(frozen=True, slots=True)
class Compiled:
    """Everything a RuleSet runs, built once from its lists."""

    families: tuple[Family, ...]
    spelling: SpellingRepair
    #: Reads which identity groups a comment mentions (RuleSet.mentioned_groups).
    groups: AbuseRules


def build(
    vocab: Callable[[str], list[str]],
    entries: Sequence[tuple[str, str, str]],
    allowlist: Iterable[str],
    allowed_domains: Iterable[str],
    flagged_lists: dict[str, Category],
    shape_files: Mapping[tuple[str, str], ShapeFile],
    lookup: Callable[[str, str], list[str] | None],
) -> Compiled:
    """The families over these lists.

    vocab(name): the English terms of one list (the English families read them);
    entries: (list, language, term) of every flagged list, for the term index;
    shape_files: every lists/<language>/shapes/<family>.toml; lookup(name, language): the terms
    of one list of a language, None if it has none. A shape file of FAMILY_SHAPE_FILES is that
    family's; any other is a family of its own (shaped.py).
    """
    groups = {c: vocab(f"groups/{c.value}") for c in GROUP_CATEGORIES}
    all_groups = [t for ts in groups.values() for t in ts]
    nouns, adjectives = vocab("insults"), vocab("insults_adj")
    hostile = [*vocab("hostile"), *vocab("dehumanising"), *nouns, *adjectives]
    flagged_words = {
        norm: flagged_lists[name].value
        for name in (*sorted(SLUR_LISTS), "profanity", "vulgarity")
        for norm in (t.strip("*").lower() for t in vocab(name))
        if norm.isalpha()
    }
    english = lambda name: lookup(name, "en")  # noqa: E731
    abuse = AbuseRules(
        groups, shape_files.get(("abuse", "en")), english, triggering_groups=all_groups
    )
    families: tuple[Family, ...] = (
        ListedTerms(build_index(entries, list(allowlist)), flagged_lists),
        MisspelledTerms(flagged_words),
        ThreatRules(all_groups, nouns, shape_files.get(("threats", "en")), english),
        AttackRules(nouns, adjectives, shape_files.get(("attacks", "en")), english),
        abuse,
        HostilityRules(groups, hostile, shape_files.get(("hostility", "en")), english),
        PromotionRules(allowed_domains),
    )
    families += tuple(
        ShapedRules(shapes, lambda n, lang=language: lookup(n, lang))
        for (name, language), shapes in sorted(shape_files.items())
        if (name, language) not in FAMILY_SHAPE_FILES
    )
    spelling = SpellingRepair(repair_vocabulary(groups, hostile, flagged_words, english))
    return Compiled(families=families, spelling=spelling, groups=abuse)
