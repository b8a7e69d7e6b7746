"""The community guidelines: categories, rejection reasons, public wording — the single source."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    """What a screening flag says a comment may break."""

    PROFANITY = "profanity"
    VULGARITY = "vulgarity"
    THREAT = "threat"
    PERSONAL_ATTACK = "personal_attack"
    SEXISM = "sexism"
    RACISM = "racism"
    HOMOPHOBIA = "homophobia"
    XENOPHOBIA = "xenophobia"
    COMMERCIAL_PROMOTION = "commercial_promotion"
    PERSONAL_PROMOTION = "personal_promotion"
    # Reserved: relevance to the article needs the article's text; not screened yet.
    OFF_TOPIC = "off_topic"


#: The abuse categories: identity-directed hate, refined from a generic "identity attack" signal.
ABUSE_CATEGORIES: frozenset[Category] = frozenset(
    {Category.SEXISM, Category.RACISM, Category.HOMOPHOBIA, Category.XENOPHOBIA}
)

#: Categories the screening step actually produces today.
SCREENED_CATEGORIES: tuple[Category, ...] = tuple(
    c for c in Category if c is not Category.OFF_TOPIC
)


#: Why a moderator rejected a comment: every category (same names, same values) plus two
#: moderator-only codes, SPAM and OTHER. Built from Category so the two can never drift apart.
Reason = StrEnum(  # type: ignore[misc]
    "Reason",
    [*((c.name, c.value) for c in Category), ("SPAM", "spam"), ("OTHER", "other")],
    module=__name__,
)


@dataclass(frozen=True, slots=True)
class ReasonText:
    """How a reason is named to moderators and explained to the comment's author."""

    label: str
    public: str


REASONS: dict[Reason, ReasonText] = {
    Reason.PROFANITY: ReasonText("Profanity", "it contains profanity"),
    Reason.VULGARITY: ReasonText("Vulgarity", "it contains vulgar or sexually explicit language"),
    Reason.THREAT: ReasonText("Threat", "it contains a threat"),
    Reason.PERSONAL_ATTACK: ReasonText(
        "Personal attack", "it attacks a person rather than an argument"
    ),
    Reason.SEXISM: ReasonText("Sexism", "it contains sexist abuse"),
    Reason.RACISM: ReasonText("Racism", "it contains racist abuse"),
    Reason.HOMOPHOBIA: ReasonText("Homophobia", "it contains homophobic abuse"),
    Reason.XENOPHOBIA: ReasonText("Xenophobia", "it contains xenophobic abuse"),
    Reason.COMMERCIAL_PROMOTION: ReasonText(
        "Commercial promotion", "it promotes a product, service or business"
    ),
    Reason.PERSONAL_PROMOTION: ReasonText(
        "Personal promotion", "it promotes the author's own channel, page or contact details"
    ),
    Reason.OFF_TOPIC: ReasonText("Off-topic", "it is not relevant to the article"),
    Reason.SPAM: ReasonText("Spam or duplicate", "it is spam or a duplicate of another comment"),
    Reason.OTHER: ReasonText("Other", "it does not meet our community guidelines"),
}

#: The guidelines as shown to readers above the comment form.
GUIDELINES_TEXT: tuple[str, ...] = (
    "All comments are moderated before publication; only approved comments are shown.",
    "Comments should be relevant to the article. Constructive criticism of the site is welcome.",
    "We do not tolerate profanity, threats, personal attacks, vulgarity, abuse (sexism, racism, "
    "homophobia, xenophobia), or commercial or personal promotion.",
    "Comments are not edited: they are either approved or rejected.",
)


def reason_for_category(category: Category | str) -> Reason:
    """The rejection reason a moderator would pick for a flag of this category."""
    return Reason(Category(category).value)


def public_reason(reason: Reason | str | None) -> str:
    """The sentence shown to an author whose comment was not published."""
    if reason is None:
        return REASONS[Reason.OTHER].public
    return REASONS[Reason(reason)].public
