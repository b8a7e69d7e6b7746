"""Personal attacks: insults aimed at a person, never criticism of arguments or policies."""

from __future__ import annotations

import pytest

from moderation.guidelines import Category
from tests.support.rules import shipped_rules

RULES = shipped_rules()
ATTACK = Category.PERSONAL_ATTACK.value


def attack_evidence(text: str) -> list[str]:
    """The highlighted original text of every personal-attack flag."""
    return [text[f.span[0] : f.span[1]] for f in RULES.match(text) if f.category == ATTACK]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The writer of this is an idiot.", "The writer of this is an idiot",
                     id="author"),
        pytest.param("You are a moron if you believe the council.", "You are a moron",
                     id="second-person"),
        pytest.param("@ahmed you clown", "you clown", id="mention-vocative"),
        pytest.param("Smith is a brainless fraud.", "Smith is a brainless fraud",
                     id="named-person"),
        pytest.param("Councillor Jane Smith is a liar and a hypocrite.",
                     "Jane Smith is a liar", id="named-two-words"),
        pytest.param("Only someone with a child's brain writes this.",
                     "Only someone with a child's brain", id="no-swear-brain"),
        pytest.param("Go back to school, you clearly can't read.", "you clearly can't read",
                     id="no-swear-read"),
        pytest.param("What an idiot this reporter is.", "What an idiot", id="what-an"),
        pytest.param("Idiots like you are why the town is dying.", "Idiots like you",
                     id="like-you"),
        pytest.param("You're so stupid it hurts.", "You're so stupid", id="adjective"),
        pytest.param("The editor must be clueless to print this.", "The editor must be clueless",
                     id="editor-adjective"),
        pytest.param("u r a m0ron", "u r a m0ron", id="leet"),
        pytest.param("Your a complete muppet, mate.", "Your a complete muppet", id="your-typo"),
        pytest.param("Shut up and go away.", "Shut up", id="shut-up"),
    ],
)  # fmt: skip
def test_insults_aimed_at_a_person(text: str, expected: str) -> None:
    assert expected in attack_evidence(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("This article is biased.", id="article-criticism"),
        pytest.param("The council's plan is stupid.", id="plan-is-stupid"),
        pytest.param("I disagree with you completely.", id="disagree"),
        pytest.param("This decision is idiotic and the consultation was a sham.",
                     id="decision-adjective"),
        pytest.param("I was an idiot to believe the bus would come.", id="self-deprecation"),
        pytest.param("The fraud investigation at the club continues.", id="fraud-as-crime"),
        pytest.param("Children learn to read faster with phonics, says the head.",
                     id="learn-to-read-news"),
        pytest.param("Pupils go back to school on Monday.", id="back-to-school-news"),
        pytest.param("The shop will shut up shop at Christmas.", id="shut-up-shop"),
        pytest.param("You are wrong about the bypass, read the report.", id="you-are-wrong"),
        pytest.param("The Muppet Christmas Carol is on at the Odeon.", id="muppet-film"),
        pytest.param("Your argument ignores the cost to residents.", id="argument"),
    ],
)  # fmt: skip
def test_criticism_of_arguments_policies_and_the_site_passes(text: str) -> None:
    assert attack_evidence(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("You fucking suck, ref.", "You fucking suck", id="you-suck"),
        pytest.param("Stop being such a clown and answer the question.",
                     "Stop being such a clown", id="stop-being"),
        pytest.param("Shut up you lying bastard.", "you lying bastard", id="lying-bastard"),
        pytest.param("Get back to your office, useless moron.", "useless moron",
                     id="abusive-noun-phrase"),
        pytest.param("Too many cripples in this town.", "cripples", id="ableist-slur"),
    ],
)  # fmt: skip
def test_more_insults_aimed_at_people(text: str, expected: str) -> None:
    assert expected in attack_evidence(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("This policy is a disgrace.", id="policy"),
        pytest.param("I disagree with you completely about the tram.", id="disagree"),
        pytest.param("The new stadium sucks, and so does the parking.", id="stadium-sucks"),
        pytest.param("You just have to suck it up and pay the council tax.", id="suck-it-up"),
        pytest.param("Stop being so negative about the regeneration plan.", id="stop-negative"),
        pytest.param("The stupid decision to close the library must be reversed.",
                     id="stupid-decision"),
    ],
)  # fmt: skip
def test_criticism_is_not_a_personal_attack(text: str) -> None:
    assert attack_evidence(text) == []
