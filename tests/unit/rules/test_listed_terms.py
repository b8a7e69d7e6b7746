"""Term lists: profanity, vulgarity and slurs, with evasions and Scunthorpe-style traps."""

from __future__ import annotations

import pytest

from moderation.flags import Flag
from moderation.guidelines import Category
from tests.support.rules import shipped_rules

RULES = shipped_rules()


def evidence(text: str) -> set[tuple[str, str]]:
    """(category, highlighted original text) for every rule flag."""
    return {(f.category, text[f.span[0] : f.span[1]]) for f in RULES.match(text) if f.span}


PROFANITY = Category.PROFANITY.value
VULGARITY = Category.VULGARITY.value


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        pytest.param("The council have made a fucking mess of the bypass.", PROFANITY,
                     "fucking", id="plain"),
        pytest.param("Total bullshit from the mayor again.", PROFANITY, "bullshit", id="compound"),
        pytest.param("What a load of shite about the bin collections.", PROFANITY, "shite",
                     id="uk-spelling"),
        pytest.param("The referee was a complete wanker on Saturday.", PROFANITY, "wanker",
                     id="wank-stem"),
        pytest.param("Motherfuckers the lot of them at the town hall.", PROFANITY,
                     "Motherfuckers", id="infix"),
        pytest.param("Send nudes lol", VULGARITY, "nudes", id="vulgar"),
        pytest.param("she gave him a blow job behind the stand", VULGARITY, "blow job",
                     id="vulgar-phrase"),
        pytest.param("Why do they let this cunt write columns?", PROFANITY, "cunt", id="c-word"),
    ],
)  # fmt: skip
def test_listed_terms_are_flagged(text: str, category: str, expected: str) -> None:
    assert (category, expected) in evidence(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The new car park is sh1t.", "sh1t", id="leet-digit"),
        pytest.param("$hit service from the bus company", "$hit", id="leet-dollar"),
        pytest.param("What a pain in the @ss this roadworks is", "@ss", id="leet-at"),
        pytest.param("Council tax up again, sh!t", "sh!t", id="leet-bang"),
        pytest.param("f.u.c.k the parking wardens", "f.u.c.k", id="dots"),
        pytest.param("f u c k this weather", "f u c k", id="spaces"),
        pytest.param("f-u-c-k the lot of them", "f-u-c-k", id="dashes"),
        pytest.param("s h i t decision by the ref", "s h i t", id="spaced-shit"),
        pytest.param("f*ck the new one-way system", "f*ck", id="one-asterisk"),
        pytest.param("f**k me, another pothole", "f**k", id="two-asterisks"),
        pytest.param("what a c**t of a decision", "c**t", id="masked-c-word"),
        pytest.param("fuuuuuck off with these fees", "fuuuuuck", id="stretched"),
        pytest.param("shiiiiit parking again", "shiiiiit", id="stretched-vowel"),
        pytest.param("what a fück up by the club", "fück", id="accent"),
        pytest.param("z̶a̷l̸g̵o̴ f̶u̷c̸k̴ this", "f̶u̷c̸k̴", id="zalgo"),
        pytest.param("ѕһіт service", "ѕһіт", id="cyrillic"),
        pytest.param("ｆｕｃｋ the council", "ｆｕｃｋ", id="fullwidth"),
        pytest.param("f\u200bu\u200bc\u200bk the council", "f\u200bu\u200bc\u200bk",
                     id="zero-width"),
        pytest.param("sh\u00adit show", "sh\u00adit", id="soft-hyphen"),
    ],
)  # fmt: skip
def test_evasions_are_seen_through_with_exact_spans(text: str, expected: str) -> None:
    assert (PROFANITY, expected) in evidence(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Scunthorpe United lost 2-0 at home.", id="scunthorpe"),
        pytest.param("Penistone Grammar School is closing its sixth form.", id="penistone"),
        pytest.param("The assassination of the mayor in 1972 is still unsolved.", id="assassin"),
        pytest.param("Flooding in Essex, Sussex and Middlesex this week.", id="counties"),
        pytest.param("A Dickens festival in Rochester and a cocktail bar opening.", id="dickens"),
        pytest.param("My therapist says the analysis is sound.", id="therapist-analysis"),
        pytest.param("Shiite and Sunni leaders met in Baghdad.", id="shiite"),
        pytest.param("Shiitake and shitake mushrooms at the farmers market.", id="shiitake"),
        pytest.param("Cockburn, Hancock and Hitchcock spoke at the meeting.", id="surnames"),
        pytest.param("The Matsushita plant in Cardiff is hiring.", id="matsushita"),
        pytest.param("Arsenal beat Spurs and the class passed the bass exam.", id="arsenal"),
        pytest.param("Cressida Dick was the Met commissioner.", id="cressida-dick"),
        pytest.param("Blue tits and great tits are nesting in the park.", id="birds"),
        pytest.param("The council made a cock-up of the bin rota.", id="cock-up"),
        pytest.param("She graduated magna cum laude.", id="cum-laude"),
        pytest.param("We walked along Offa's Dyke and the sea dyke near the beach.", id="dyke"),
        pytest.param("Grape harvest is up and the Clitheroe market reopens.", id="grape"),
        pytest.param("He popped out for a fag at half time.", id="fag-cigarette"),
        pytest.param("Our Labrador bitch had six puppies.", id="dog"),
        pytest.param("I have 3 kids and 2 dogs.", id="digits"),
        pytest.param("a b c d e f g", id="letters"),
        pytest.param("U.S. and U.K. officials met in Kirkuk on 12.05.2024.", id="abbreviations"),
        pytest.param("There's a chink in the armour of the council's case.", id="chink-idiom"),
        pytest.param("I asked a question and passed it on.", id="ass-inside-words"),
    ],
)
def test_innocent_words_are_not_flagged(text: str) -> None:
    assert evidence(text) == set()


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        pytest.param("Typical tranny behaviour", Category.HOMOPHOBIA.value, "tranny",
                     id="homophobic-slur"),
        pytest.param("Go home you dirty paki", Category.RACISM.value, "paki", id="racist-slur"),
        pytest.param("She's just a slut.", Category.SEXISM.value, "slut", id="sexist-slur"),
        pytest.param("More rapefugees arriving in town", Category.XENOPHOBIA.value,
                     "rapefugees", id="xenophobic-slur"),
        pytest.param("Typical f@ggot", Category.HOMOPHOBIA.value, "f@ggot", id="leet-slur"),
        pytest.param("he is a retard", Category.PERSONAL_ATTACK.value, "retard",
                     id="ableist-slur"),
    ],
)  # fmt: skip
def test_slurs_are_flagged_with_their_abuse_category(
    text: str, category: str, expected: str
) -> None:
    assert (category, expected) in evidence(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Calling someone a 'paki' is racist and should be reported.",
                     id="quoted-to-condemn"),
        pytest.param("It's not okay to be calling people tranny.", id="condemned-reference"),
        pytest.param("Proud to be a fag, and proud of this town's Pride march.", id="reclaimed"),
    ],
)  # fmt: skip
def test_slurs_quoted_to_condemn_or_reclaimed_pass(text: str) -> None:
    assert evidence(text) == set()


@pytest.mark.parametrize(
    ("text", "expected", "language"),
    [
        pytest.param("siktir git", "siktir", "tr", id="turkish"),
        pytest.param("انت شرموطة", "شرموطة", "ar", id="arabic"),
        pytest.param("انت شـــرموطة", "شـــرموطة", "ar", id="arabic-tatweel"),
        pytest.param("تو جنده ای", "جنده", "fa", id="persian"),
    ],
)
def test_other_language_lists(text: str, expected: str, language: str) -> None:
    flags = [f for f in RULES.match(text) if f.span and text[f.span[0] : f.span[1]] == expected]
    assert flags and flags[0].category == PROFANITY
    assert flags[0].detail.startswith(f"profanity/{language}: ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Şerefsizler hepiniz", "Şerefsizler", id="suffix"),
        pytest.param("sen tam bir gerizekalısın", "gerizekalısın", id="dotless-i"),
        pytest.param("Bu adam salak", "salak", id="plain"),
    ],
)
def test_turkish_insults_are_personal_attacks(text: str, expected: str) -> None:
    flags = [f for f in RULES.match(text) if f.span and text[f.span[0] : f.span[1]] == expected]
    assert [(f.category, f.detail.split(":")[0]) for f in flags] == [
        ("personal_attack", "attacks/tr")
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Salak salak güldük bütün akşam", id="reduplicated-idiom"),
        pytest.param("Köpeğimle parkta yürüdüm", id="dog-is-a-word"),
        pytest.param("Hain saldırıyı kınıyoruz", id="condemning-an-attack"),
    ],
)
def test_turkish_words_that_are_not_insults_here_pass(text: str) -> None:
    assert RULES.match(text) == []


def test_flag_shape() -> None:
    text = "What the fuck is the council doing?"
    (flag,) = RULES.match(text)
    assert flag == Flag(
        category="profanity",
        source="rule",
        detail="profanity/en: 'fuck'",
        span=(9, 13),
        rule="terms#profanity/en",
    )
    assert flag.score is None and flag.threshold is None
