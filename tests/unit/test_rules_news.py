"""Regional-news violations of every guideline, written for this product (not from a dataset).

Each comment must be flagged with its category (profanity and vulgarity count as one: a
moderator rejects both for the same reason). The hard negatives of the same kind are in
test_rules_hostility.py (NEWS_HARD_NEGATIVES).
"""

from __future__ import annotations

import pytest

from moderation.rules import RuleSet

RULES = RuleSet.load()

NEWS_VIOLATIONS = [
    ("We know where your office is, Karwan. Think carefully before you publish again.", "threat"),
    ("You will pay for this article, you and your family.", "threat"),
    ("I'll find you after Friday prayers and we will settle this.", "threat"),
    ("Keep writing lies about the tribe and see what happens to your car.", "threat"),
    ("Someone should put a bullet in this journalist's head.", "threat"),
    ("The editor deserves to be dragged through the streets.", "threat"),
    ("Your days are numbered, traitor.", "threat"),
    ("If the council votes yes, we will burn their houses down.", "threat"),
    ("Watch yourself, we have friends in the checkpoint.", "threat"),
    ("Next time I see that reporter I will break his legs.", "threat"),
    ("The author of this piece is a brainless propagandist.", "personal_attack"),
    (
        "Only an idiot would believe the governor's numbers, and you believed them.",
        "personal_attack",
    ),
    ("@Shwan you are a paid troll, everyone knows it.", "personal_attack"),
    ("This journalist is a liar and a coward.", "personal_attack"),
    ("Hawre, shut up, nobody asked for your stupid opinion.", "personal_attack"),
    ("You have the brain of a goat.", "personal_attack"),
    ("The minister is a corrupt pig who should rot in prison.", "personal_attack"),
    ("What a pathetic excuse for a reporter.", "personal_attack"),
    ("Are you blind or just stupid?", "personal_attack"),
    ("Get lost, you clueless fool.", "personal_attack"),
    ("This council is full of shit.", "profanity"),
    ("What the fuck is the ministry doing about the power cuts?", "profanity"),
    ("Bullshit, the road was never repaired.", "profanity"),
    ("These damn politicians steal everything.", "profanity"),
    ("Fucking disgrace, no electricity for ten hours again.", "profanity"),
    ("She slept her way into that job, everyone knows what she did on her knees.", "vulgarity"),
    ("Arabs are dirty thieves, every one of them.", "racism"),
    ("The Turkmen are snakes and can never be trusted.", "racism"),
    ("Yazidis are devil worshippers and should leave Iraq.", "racism"),
    ("Kurds are mountain animals.", "racism"),
    ("These Shia dogs are destroying our country.", "racism"),
    ("Christians are a cancer in this land.", "racism"),
    ("Send the Arabs back to the desert where they belong.", "racism"),
    ("Sunnis are all terrorists, every single one.", "racism"),
    ("Syrian refugees are parasites living off our taxes.", "xenophobia"),
    ("Kick all the foreigners out, they are ruining Erbil.", "xenophobia"),
    ("Iranians are liars by nature.", "xenophobia"),
    ("The refugees breed like rats in those camps.", "xenophobia"),
    ("Deport every last Syrian, they do not belong here.", "xenophobia"),
    ("Women should stay in the kitchen, not on the council.", "sexism"),
    ("A woman mayor? Women are too emotional to lead anything.", "sexism"),
    ("Female journalists are all whores.", "sexism"),
    ("She is just a stupid woman who should keep quiet.", "sexism"),
    ("Gays are sick and should be locked up.", "homophobia"),
    ("Homosexuals are a disease spreading in our society.", "homophobia"),
    ("Cheap visas to Europe, WhatsApp 0750 123 4567.", "commercial_promotion"),
    ("Earn $500 a day from home, visit www dot fastcash dot com", "commercial_promotion"),
    (
        "Best generators in Sulaimani, call now 07701234567, 20% off with code POWER20.",
        "commercial_promotion",
    ),
    ("Subscribe to my YouTube channel for the real news!", "personal_promotion"),
    ("Follow me on Instagram @kirkuk_truth for more.", "personal_promotion"),
    ("DM me on Telegram for the documents.", "personal_promotion"),
    ("If you show your face in Tuz again you will not leave alive.", "threat"),
    ("Typical brainless Kurdish journalist, writing garbage again.", "personal_attack"),
    ("Arabs should not be allowed to buy land in Kirkuk.", "racism"),
    ("Turks are savages, always have been.", "xenophobia"),
    ("The Yazidis should be wiped out like in 2014.", "threat"),
    ("Death to the Kurds.", "racism"),
    ("You are a disgrace to this profession, go back to school.", "personal_attack"),
    ("Screw this government and its fucking promises.", "profanity"),
    ("People like you end up in the river.", "threat"),
    ("Mark my words, the people who wrote this will be sorry.", "threat"),
    ("We will come for you and your colleagues at the station.", "threat"),
    ("Say that again and I'll smash your face in.", "threat"),
    ("Whoever leaked this should be shot at dawn.", "threat"),
    ("I hope someone blows up that newspaper office.", "threat"),
    ("You better stop reporting on the clan or your kids will suffer.", "threat"),
    ("Rebwar, you are a complete moron and everyone in Sulaimani knows it.", "personal_attack"),
    ("The reporter clearly has the IQ of a potato.", "personal_attack"),
    ("Stop whining, you spineless coward.", "personal_attack"),
    ("Only a fool would write such rubbish.", "personal_attack"),
    ("This governor is a crook and a clown.", "personal_attack"),
    ("Go cry to your mother, loser.", "personal_attack"),
    ("You talk like a donkey.", "personal_attack"),
    ("This is the shittiest road in the whole province.", "profanity"),
    ("Who the hell approved this crap budget?", "profanity"),
    ("Goddamn power cuts every single day.", "profanity"),
    ("The minister can suck my dick.", "vulgarity"),
    ("Arabs are a plague on Kirkuk.", "racism"),
    ("Kurdish pigs should go back to the mountains.", "racism"),
    ("The Turkmen are nothing but Turkish spies and traitors.", "racism"),
    ("Jews control the media, everyone knows.", "racism"),
    ("Yazidis are dirty and should not be allowed in our schools.", "racism"),
    ("Shia are all Iranian agents and liars.", "racism"),
    ("Syrians are stealing our jobs, throw them out.", "xenophobia"),
    ("Refugees are criminals, every one of them.", "xenophobia"),
    ("Afghans are animals.", "xenophobia"),
    ("Women belong at home, not in parliament.", "sexism"),
    ("Female drivers are a menace and should be banned.", "sexism"),
    ("Feminists are ugly and bitter.", "sexism"),
    ("Gays are an abomination and should be punished.", "homophobia"),
    ("Trans people are mentally ill freaks.", "homophobia"),
    (
        "Hot deal! iPhones at half price, order via WhatsApp +964 750 555 1234.",
        "commercial_promotion",
    ),
    ("Make $300 a day working from home, message me now.", "commercial_promotion"),
    ("Check out my blog kirkuknow dot net for the real story.", "personal_promotion"),
    ("Follow my TikTok @erbil_voice, link in bio.", "personal_promotion"),
]


@pytest.mark.parametrize(("text", "category"), NEWS_VIOLATIONS)
def test_regional_news_violations_are_flagged_with_their_category(text: str, category: str) -> None:
    found = {f.category for f in RULES.match(text)}
    if category in {"profanity", "vulgarity"}:
        assert found & {"profanity", "vulgarity"}, found
    else:
        assert category in found, found
