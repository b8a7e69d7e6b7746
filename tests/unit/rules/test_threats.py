"""Threats need an intent and a target; news talk about violence must pass."""

from __future__ import annotations

import pytest

from moderation.guidelines import Category
from tests.support.rules import shipped_rules

RULES = shipped_rules()
THREAT = Category.THREAT.value


def threat_evidence(text: str) -> list[str]:
    """The highlighted original text of every threat flag."""
    return [text[f.span[0] : f.span[1]] for f in RULES.match(text) if f.category == THREAT]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Careful what you write, we know where your office is.",
                     "we know where your office is", id="know-where-office"),
        pytest.param("We know where you live, councillor.", "We know where you live",
                     id="know-where-live"),
        pytest.param("You will pay for this, Hassan.", "You will pay for this", id="pay"),
        pytest.param("I'll find you, don't worry.", "I'll find you", id="find-you"),
        pytest.param("You'd better watch your back after that article.", "watch your back",
                     id="watch-back"),
        pytest.param("Someone should shoot the mayor for this.", "Someone should shoot the mayor",
                     id="call-on-someone"),
        pytest.param("I will kill you if you print my name.", "I will kill you", id="kill-you"),
        pytest.param("Your family will regret this.", "Your family will regret this",
                     id="family-regret"),
        pytest.param("I'm going to break your legs, reporter.", "I'm going to break your legs",
                     id="break-legs"),
        pytest.param("Keep it up and I will go to your house and stab you.",
                     "I will go to your house and stab you", id="journey-then-act"),
        pytest.param("I w1ll k1ll you", "I w1ll k1ll you", id="leet"),
        pytest.param("The councillor should be hanged for this.",
                     "The councillor should be hanged", id="should-be-hanged"),
        pytest.param("Your days are numbered, editor.", "Your days are numbered", id="days"),
        pytest.param("Do us a favour and kill yourself.", "kill yourself", id="self-harm"),
        pytest.param("It would be a shame if something happened to your car.",
                     "shame if something happened to your", id="veiled"),
    ],
)  # fmt: skip
def test_threats_with_intent_and_target(text: str, expected: str) -> None:
    assert expected in threat_evidence(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The militias who fired these rockets must be arrested.", id="arrest"),
        pytest.param("Five men were killed by the drone strike near Kirkuk.", id="report-killed"),
        pytest.param("The minister threatened to resign over the budget.", id="resign"),
        pytest.param("Police say the suspect threatened to kill his neighbour.",
                     id="reported-threat"),
        pytest.param("This policy will kill the high street.", id="policy-kills"),
        pytest.param("We will destroy them at the polls in May.", id="election"),
        pytest.param("We're going to beat them on Saturday, no doubt.", id="football"),
        pytest.param("The court heard he told her \"I will kill you\" before the attack.",
                     id="court-report-quote"),
        pytest.param("You will pay for this through your council tax.", id="tax"),
        pytest.param("I'll find you a copy of the planning report.", id="find-you-a-copy"),
        pytest.param("The bill should be killed off before it reaches committee.",
                     id="kill-bill"),
        pytest.param("I would never hurt anyone, I just want answers.", id="negated"),
        pytest.param("Shoot the messenger all you like, the figures are right.",
                     id="idiom"),
        pytest.param("Three men were stabbed outside the club on Friday.", id="crime-report"),
        pytest.param("Let's kill the proposal at the next council meeting.", id="kill-proposal"),
    ],
)  # fmt: skip
def test_news_talk_about_violence_is_not_a_threat(text: str) -> None:
    assert threat_evidence(text) == []


def test_threat_detail_names_the_family() -> None:
    (flag,) = [f for f in RULES.match("I will kill you") if f.category == THREAT]
    assert flag.detail == "threats/en: intent+target pattern"
    assert flag.source == "rule"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("I will kick your ass if I see you at the match.", "I will kick your ass",
                     id="kick-ass"),
        pytest.param("I'll knock the shit out of you.", "knock the shit out of you",
                     id="knock-out-of"),
        pytest.param("Kill them all.", "Kill them all", id="kill-them-all"),
        pytest.param("We should kill them all.", "We should kill them all", id="should-kill-all"),
        pytest.param("Death to all refugees.", "Death to all refugees", id="group-death"),
    ],
)  # fmt: skip
def test_more_threats(text: str, expected: str) -> None:
    assert expected in threat_evidence(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The striker killed it in the second half.", id="striker"),
        pytest.param("The mayor threatened to resign over the budget.", id="mayor-resign"),
        pytest.param("The police kicked the door in and arrested two men.", id="police-report"),
        pytest.param("Police say the gang would beat the victims and kill them all if they "
                     "refused.", id="court-report"),
        pytest.param("We will kick them out of the cup on Saturday.", id="football-kick"),
    ],
)  # fmt: skip
def test_more_news_talk_is_not_a_threat(text: str) -> None:
    assert threat_evidence(text) == []
