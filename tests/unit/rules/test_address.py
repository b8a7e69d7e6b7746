"""Insults used as a form of address, death wishes, mild profanity, and what they must not catch."""

from __future__ import annotations

import pytest

from tests.support.rules import shipped_rules

RULES = shipped_rules()


def categories(text: str) -> set[str]:
    return {f.category for f in RULES.match(text)}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        pytest.param("Take a hike, idiot!", "personal_attack", id="comma-vocative"),
        pytest.param("Later, loser.", "personal_attack", id="farewell-vocative"),
        pytest.param("Stop posting this rubbish you stupid liberal.", "personal_attack",
                     id="you-adjective-anything"),
        pytest.param("What idiot wrote this headline?", "personal_attack", id="what-idiot"),
        pytest.param("The clown who wrote this should resign.", "personal_attack",
                     id="the-x-who-wrote"),
        pytest.param("You are a racist pig.", "personal_attack", id="describing-word"),
        pytest.param("You come across as a giant prick.", "personal_attack", id="come-across"),
        pytest.param("Are you people completely stupid?", "personal_attack", id="you-people"),
        pytest.param("Stop deleting my comments u coward.", "personal_attack",
                     id="condemning-word-does-not-excuse-address"),
        pytest.param("Come on, ban me you bitch", "sexism", id="me-you-not-reclaimed"),
        pytest.param("The mayor, a fool, resigned.", "personal_attack", id="apposition"),
        pytest.param("Drop dead.", "threat", id="drop-dead"),
        pytest.param("YOU WILL DIE IN 7 DAYS", "threat", id="you-will-die"),
        pytest.param("I wish you had died in that earthquake.", "threat", id="death-wish"),
        pytest.param("This is a load of crap.", "profanity", id="mild-profanity"),
        pytest.param("Build the wall and deport them all.", "xenophobia", id="deport-them"),
        pytest.param("Look at that crowd, all white trash.", "racism", id="colour-pejorative"),
    ],
)  # fmt: skip
def test_flagged(text: str, category: str) -> None:
    assert category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("I never said you are an idiot.", id="denied"),
        pytest.param('Calling someone "you idiot" is rude.', id="quoted"),
        pytest.param("Fools rush in where angels fear to tread.", id="proverb"),
        pytest.param("Thank you, and the same to you.", id="thanks"),
        pytest.param("I think the plan is stupid, but thanks.", id="plan"),
        pytest.param("The black rats in the old mill were caught.", id="animals"),
        pytest.param("He graduated summa cum laude from Mosul University.", id="laude"),
        pytest.param("The Mosul Dam needs repairs before the spring floods.", id="dam"),
    ],
)
def test_not_flagged(text: str) -> None:
    assert not categories(text), text
