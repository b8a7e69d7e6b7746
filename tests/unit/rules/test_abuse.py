"""Abuse of identity groups, and which groups a comment mentions."""

from __future__ import annotations

import pytest

from moderation.guidelines import ABUSE_CATEGORIES, Category
from tests.support.rules import shipped_rules

RULES = shipped_rules()
SEXISM = Category.SEXISM.value
RACISM = Category.RACISM.value
HOMOPHOBIA = Category.HOMOPHOBIA.value
XENOPHOBIA = Category.XENOPHOBIA.value
ABUSE = {c.value for c in ABUSE_CATEGORIES}


def abuse_evidence(text: str) -> set[tuple[str, str]]:
    """(abuse category, highlighted original text) for every abuse flag."""
    return {
        (f.category, text[f.span[0] : f.span[1]])
        for f in RULES.match(text)
        if f.category in ABUSE and f.span
    }


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        pytest.param("Immigrants are animals, the lot of them.", XENOPHOBIA,
                     "Immigrants are animals", id="animals"),
        pytest.param("These refugees are nothing but parasites.", XENOPHOBIA,
                     "These refugees are nothing but parasites", id="parasites"),
        pytest.param("Kurds are vermin.", RACISM, "Kurds are vermin", id="kurds-vermin"),
        pytest.param("Arabs are cockroaches", RACISM, "Arabs are cockroaches", id="cockroaches"),
        pytest.param("Muslims are a cancer on this town.", RACISM, "Muslims are a cancer",
                     id="cancer"),
        pytest.param("Send them back, every last one.", XENOPHOBIA, "Send them back",
                     id="send-back"),
        pytest.param("Asylum seekers? They breed like rats.", XENOPHOBIA, "They breed like rats",
                     id="breed"),
        pytest.param("Women belong in the kitchen, not the council chamber.", SEXISM,
                     "Women belong in the kitchen", id="kitchen"),
        pytest.param("Women should not be allowed to vote on this.", SEXISM,
                     "Women should not be allowed", id="not-allowed-women"),
        pytest.param("Gay couples should not be allowed to adopt.", HOMOPHOBIA,
                     "Gay couples should not be allowed", id="not-allowed-gay"),
        pytest.param("I hate Jews.", RACISM, "I hate Jews", id="hatred"),
        pytest.param("Death to all immigrants", XENOPHOBIA, "Death to all immigrants",
                     id="death-to"),
        pytest.param("Trans women are men.", HOMOPHOBIA, "Trans women are men", id="trans"),
        pytest.param("Go back to your own country!", XENOPHOBIA, "Go back to your own country",
                     id="go-back"),
        pytest.param("1mm1grants are 4nimals", XENOPHOBIA, "1mm1grants are 4nimals",
                     id="leet-group"),
    ],
)  # fmt: skip
def test_dehumanising_patterns(text: str, category: str, expected: str) -> None:
    assert (category, expected) in abuse_evidence(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Kurds, Arabs and Turkmen live together in Kirkuk.", id="neutral-kirkuk"),
        pytest.param("Gay couples can now adopt in Northern Ireland.", id="neutral-adopt"),
        pytest.param("Calling refugees 'vermin' is disgusting.", id="quoted-condemned"),
        pytest.param("Saying 'women belong in the kitchen' is sexist.", id="quoted-sexist"),
        pytest.param("Immigrants are not animals, they are our neighbours.", id="negated"),
        pytest.param("Immigrants aren't parasites, they staff our hospital.", id="negated-nt"),
        pytest.param("No refugee deserves to die in the Channel.", id="no-x-deserves"),
        pytest.param("The councillor said refugees are vermin and he should resign, "
                     "it's disgusting.", id="reported-and-condemned"),
        pytest.param("Refugees are welcome here and the mosque runs a food bank.",
                     id="positive"),
        pytest.param("Syrian refugees hope to go back to their country when it is safe.",
                     id="go-back-news"),
        pytest.param("Send them back to the drawing board, the plans are awful.",
                     id="send-plans-back"),
        pytest.param("Three women were elected to the council today.", id="women-elected"),
        pytest.param("Black people are under-represented in the police, the report says.",
                     id="statistic"),
        pytest.param("The rats in the alley behind the kebab shop are a disgrace.",
                     id="actual-rats"),
    ],
)  # fmt: skip
def test_neutral_mentions_counter_speech_and_negation_pass(text: str) -> None:
    assert abuse_evidence(text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Women and girls deserve safe streets.", {Category.SEXISM}, id="women"),
        pytest.param("Feminists protested at the town hall.", {Category.SEXISM},
                     id="feminists"),
        pytest.param("Black people and Asians reported abuse.", {Category.RACISM}, id="race"),
        pytest.param("The Jews of Baghdad and the Roma of Kosovo", {Category.RACISM},
                     id="ethnic"),
        pytest.param("A gay couple and a trans woman spoke.", {Category.HOMOPHOBIA},
                     id="lgbt"),
        pytest.param("Kurds, Syrians and other refugees arrived.",
                     {Category.RACISM, Category.XENOPHOBIA},
                     id="national"),
        pytest.param("Immigrant women and gay men", {Category.XENOPHOBIA, Category.SEXISM,
                     Category.HOMOPHOBIA}, id="several"),
        pytest.param("The bypass opens on Monday.", set(), id="none"),
    ],
)  # fmt: skip
def test_mentioned_groups(text: str, expected: set[Category]) -> None:
    assert RULES.mentioned_groups(text) == expected


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        pytest.param("I have so much contempt for these refugees.", XENOPHOBIA,
                     "I have so much contempt for these refugees", id="contempt"),
        pytest.param("Honestly, I'm sick of immigrants like you.", XENOPHOBIA,
                     "sick of immigrants", id="sick-of"),
        pytest.param("Refugees have no place in a civilised country like ours.", XENOPHOBIA,
                     "Refugees have no place in", id="no-place"),
        pytest.param("The town would be better off without Kurds.", RACISM,
                     "town would be better off without Kurds", id="better-off-without"),
        pytest.param("Typical of a woman to be that clueless.", SEXISM, "Typical of a woman to",
                     id="typical-of"),
        pytest.param("Fuck all Kurds.", RACISM, "Fuck all Kurds", id="fuck-all-group"),
        pytest.param("Gay people are a threat to society.", HOMOPHOBIA,
                     "Gay people are a threat to society", id="threat-to-society"),
        pytest.param("Disabled people are a drain on society.", Category.PERSONAL_ATTACK.value,
                     "Disabled people are a drain on society", id="disability"),
    ],
)  # fmt: skip
def test_hatred_exclusion_and_degradation(text: str, category: str, expected: str) -> None:
    # The highlighted evidence covers the statement (families that agree merge their spans).
    found = [(f.category, text[f.span[0] : f.span[1]]) for f in RULES.match(text) if f.span]
    assert any(c == category and expected in shown for c, shown in found), found


def test_violence_against_a_group_is_a_threat_too() -> None:
    text = "Death to all immigrants."
    found = {(f.category, text[f.span[0] : f.span[1]]) for f in RULES.match(text)}
    assert found == {(XENOPHOBIA, "Death to all immigrants"), ("threat", "Death to all immigrants")}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("I have no contempt for refugees, only for the politicians who exploit them.",
                     id="negated-contempt"),
        pytest.param("Politicians who blame refugees for the housing crisis disgust me.",
                     id="blame-politicians"),
        pytest.param("Asylum seekers have no right to work while their claims are processed.",
                     id="legal-fact"),
        pytest.param("The council says there is no space in the budget for refugees this year.",
                     id="budget"),
        pytest.param("I'm sick of the potholes on the ring road.", id="sick-of-potholes"),
        pytest.param("Disabled people deserve better access to the new tram stops.",
                     id="disability-neutral"),
        pytest.param("Typical of the council to ignore residents again.", id="typical-council"),
        pytest.param("The world would be better off without this ridiculous bypass.",
                     id="better-off-bypass"),
        pytest.param("Calling refugees 'a threat to society' is disgusting rhetoric.",
                     id="counter-speech"),
        pytest.param("The strike cripples the local economy every winter.", id="cripples-verb"),
    ],
)  # fmt: skip
def test_new_group_patterns_pass_news_and_counter_speech(text: str) -> None:
    assert [f for f in RULES.match(text) if f.category != "profanity"] == []
