"""Group hostility read from sentence shape, through spelling repair, and its hard negatives."""

from __future__ import annotations

import pytest

from moderation.rules.spelling import is_english_word
from tests.support.rules import shipped_rules

RULES = shipped_rules()


def categories(text: str) -> set[str]:
    return {f.category for f in RULES.match(text)}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # predication: the group *is* something hostile, with words in between
        pytest.param("Kurds are without any doubt the most backward people in Iraq.", "racism",
                     id="pred-gap"),
        pytest.param("Arabs can't stop themselves from being absolutely repugnant.", "racism",
                     id="pred-from-being"),
        pytest.param("Refugees in this town are nothing but filth.", "xenophobia",
                     id="pred-tail"),
        pytest.param("I tried to like the Syrians next door but they are just too disgusting.",
                     "xenophobia", id="pred-pronoun"),
        pytest.param("If you are a Turk, then you are probably stupid.", "xenophobia",
                     id="pred-conditional"),
        # attribution
        pytest.param("Another bus full of filthy immigrants arrived today.", "xenophobia",
                     id="attr-adjective"),
        pytest.param("Get this Muslim trash off our streets.", "racism", id="attr-noun"),
        # emotion aimed at the group
        pytest.param("I have nothing but contempt for feminists.", "sexism", id="emotion-contempt"),
        pytest.param("Iraqis like you make me sick.", "xenophobia", id="emotion-make-me"),
        pytest.param("There is nothing worse than a lesbian.", "homophobia", id="emotion-worse"),
        pytest.param("Everything about them disgusts me. Afghans should leave.", "xenophobia",
                     id="emotion-pronoun"),
        # denial of worth or humanity
        pytest.param("Migrants are not even human.", "xenophobia", id="deny-human"),
        pytest.param("Gypsy lives have no value.", "racism", id="deny-value"),
        pytest.param("Never trust a single word said by a Kurd.", "racism", id="deny-trust"),
        pytest.param("No refugee can ever be a valuable member of society.", "xenophobia",
                     id="deny-valuable"),
        pytest.param("Letting more Syrians in will ruin our country.", "xenophobia",
                     id="deny-ruin"),
    ],
)  # fmt: skip
def test_hostile_shapes_are_flagged_with_the_groups_category(text: str, category: str) -> None:
    assert category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("I want to burn every Kurd in this town.", id="intent"),
        pytest.param("If only someone would strangle those refugees.", id="if-only"),
        pytest.param("Arabs like you should all be hanged.", id="passive"),
        pytest.param("Shooting an immigrant like you should be legal.", id="endorse"),
        pytest.param("In a just world the feminists would all be dead.", id="just-world"),
        pytest.param("What if we just gassed all the Jews?", id="what-if"),
        pytest.param("Those Turks will stop smiling when I start shooting them.", id="start-ing"),
    ],
)
def test_violence_wished_on_a_group_is_also_a_threat(text: str) -> None:
    found = categories(text)
    assert "threat" in found
    assert found & {"racism", "xenophobia", "sexism", "homophobia"}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        pytest.param("I h a t e Kurds.", "racism", id="spread-letters"),
        pytest.param("Deathto all immigrants.", "xenophobia", id="run-together"),
        pytest.param("Refugees are massivescumbags.", "xenophobia", id="run-together-insult"),
        pytest.param("Womn belong in the kitchen.", "sexism", id="dropped-letter-group"),
        pytest.param("Immigrants are a cancr on this country.", "xenophobia",
                     id="dropped-letter-word"),
        pytest.param("Syrians are a thraet to civilisation.", "xenophobia", id="swapped-letters"),
        pytest.param("I am going to murdr that Kurd.", "threat", id="threat-family-reads-repair"),
        pytest.param("Muslims are f1lthy.", "racism", id="leet"),
    ],
)  # fmt: skip
def test_evasions_are_read_through(text: str, category: str) -> None:
    assert category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        # news about violence, and hostile words about something other than the group
        pytest.param("Five Kurds were killed by the drone strike.", id="news-killed"),
        pytest.param("The militias who fired these rockets at Yazidis must be arrested.",
                     id="news-militias"),
        pytest.param("The treatment of refugees in that camp is disgusting.", id="object-of"),
        pytest.param("Politicians who attack refugees are pathetic.", id="object-of-verb"),
        pytest.param("Women are facing vile abuse online.", id="hostile-noun-after"),
        pytest.param("Migrants are the worst affected by the floods.", id="worst-affected"),
        # neutral and positive mentions, negation, counter-speech
        pytest.param("Kurds, Arabs and Turkmen live together in Kirkuk.", id="neutral"),
        pytest.param("Immigrants are not criminals and not a burden.", id="negated"),
        pytest.param("No Muslim deserves to die.", id="negated-violence"),
        pytest.param("Saying that women are disgusting is sexist and wrong.", id="counter"),
        pytest.param('Calling refugees "vermin" is dehumanising.', id="quoted"),
        pytest.param("I love my Turkish neighbours; the Syrians next door are lovely too.",
                     id="positive"),
        # real words are never "repaired" into slurs or insults
        pytest.param("The site among the bones was excavated by a therapist from Essex.",
                     id="real-words"),
    ],
)  # fmt: skip
def test_hard_negatives_pass(text: str) -> None:
    assert not categories(text) - {"commercial_promotion", "personal_promotion"}, text


def test_span_of_a_repaired_word_points_into_the_original_text() -> None:
    text = "Ça alors — Deathto all immigrants!"
    flags = [f for f in RULES.match(text) if f.category == "xenophobia"]
    assert flags
    start, end = flags[0].span
    assert text[start:end].startswith("Deathto")
    assert "immigrants" in text[start:end]


def test_common_words_are_recognised_so_they_are_never_repaired() -> None:
    assert is_english_word("site") and is_english_word("therapist")
    assert not is_english_word("womn") and not is_english_word("deathto")


#: Regional-news comments a moderator must not have to look at: violence reported, groups named
#: neutrally or defended, hostile words about policies, officials and conditions, counter-speech.
NEWS_HARD_NEGATIVES = [
    "Five Kurds were killed by the drone strike near Sinjar, the ministry said.",
    "The militias who fired these rockets must be arrested and tried.",
    "Kurds, Arabs and Turkmen live together in Kirkuk and always have.",
    "Refugees in the Domiz camp are living in terrible conditions this winter.",
    "The treatment of Yazidi women by ISIS was barbaric and must never be forgotten.",
    "Turkish shelling killed three shepherds, and nobody in Ankara seems to care.",
    "Migrants are the worst affected by the fuel price rise.",
    "Women are underrepresented on the provincial council, which is a disgrace.",
    "The governor's plan to evict the Arab families is disgusting.",
    "Muslims and Christians prayed together for the victims of the fire.",
    "The Iranian drone attacks on Erbil must stop; civilians are dying.",
    "Politicians who attack refugees for votes are pathetic.",
    "Immigrants are not criminals, whatever the minister says.",
    "Saying that Kurds are traitors is racist nonsense.",
    'Calling refugees "vermin" is dehumanising and the paper should condemn it.',
    "My grandmother was a refugee from Halabja; she survived the gas attack.",
    "The police shot two smugglers at the border crossing last night.",
    "Shiite and Sunni leaders met in Baghdad to calm the tension.",
    "The Turkmen Front accused the council of ignoring Turkmen neighbourhoods.",
    "Syrian workers are paid less than half the minimum wage, which is a scandal.",
    "Christians in Qaraqosh are rebuilding their churches slowly.",
    "Black gold they call it, but the oil money never reaches our villages.",
    "The ISIS fighters were savage; the survivors still have nightmares.",
    "Women should be allowed to drive taxis in every province, not just Erbil.",
    "The dam is in danger, engineers warn, and the government must act.",
    "Those responsible for the massacre of Yazidis should face justice in court.",
    "Arab tribal leaders condemned the killing of the Kurdish farmer.",
    "I hate the way the council treats the Turkmen families in Tuz.",
    "We should kill this bill before it reaches parliament.",
    "The Essex-born therapist who assassinated nobody gave a talk on Dickens and cocktails.",
    "Journalists in Sulaimani say the arrests are an attack on free speech.",
    "The displaced Iraqis are exhausted after three years in tents.",
    "Young women are leaving the villages because there are no jobs.",
    "Feminists organised the march against honour killings in Duhok.",
    "The Turks built this citadel wall centuries ago.",
    "Gay rights are not discussed openly in Iraq, the report found.",
    "Every immigrant I know works harder than the officials who insult them.",
    "The refugees who arrived last week were hungry and sick.",
    "Our MP is useless on water policy, and her plan is stupid.",
    "The ministry killed the project after two years of delays.",
    "Kurds and Arabs fought side by side against ISIS in 2015.",
    "The shooting at the market left four dead, police said.",
    "This budget is a disgrace and the finance committee should resign.",
    "Honestly, the governor's speech was stupid and full of empty promises.",
    "My Syrian neighbours are the kindest people I know.",
    "Women in Kirkuk deserve equal pay and a seat at the table.",
    "The article says refugees are being exploited by smugglers, which is horrible.",
    "Calling Yazidis devil worshippers is ignorant bigotry and should be reported.",
    "I disagree with you completely, but thank you for the civil reply.",
    "Shia and Sunni families in Baghdad share iftar every Ramadan.",
    "Protesters burned tyres outside the governorate building.",
    "The militia commander threatened to kill journalists, according to the report.",
    "The hospital needs more doctors, not more speeches.",
    "What a terrible decision by the council, it will hurt small traders.",
    "Turkish airstrikes killed two fighters near the border on Tuesday.",
    "The asylum seekers were sent back to Turkey last week, the UN confirmed.",
    "Gay rights activists were arrested in Baghdad, Human Rights Watch said.",
    "You can reach the hotline on 115 for emergencies.",
    "Read the full UN report at un.org before commenting.",
    "The police were heavily criticised for killing the protester.",
    "The report is damning: Kurds and Arabs alike suffered under the old regime.",
    "I am sick of the electricity cuts and the lies from the ministry.",
    "Women run half the businesses on this street and they run them well.",
    "The governor's claim that refugees bring crime is a lie.",
    "My uncle was killed by ISIS in Sinjar; may he rest in peace.",
    "This decision is idiotic and the council should reverse it.",
    "Turkmen, Kurds and Arabs voted together for the first time.",
    "The journalist asked tough questions and deserves credit.",
    "Burn pits near the base are poisoning the villagers, doctors say.",
    "The film shows how ISIS executed Yazidi men and enslaved women.",
    "We need more female police officers in Kirkuk.",
    "Call the municipality on 07501234567 to report broken street lights.",
    "The Christian community welcomed the new bishop on Sunday.",
    "Whoever designed this roundabout should be fired.",
    "The writer is wrong about the budget figures, here is the source.",
    "The minister's explanation was weak and unconvincing.",
    "ISIS slaughtered hundreds of Yazidis in Kocho.",
    "Arab and Kurdish students protested together against the fees.",
    "I hate traffic in Erbil during Ramadan.",
    "These refugees are heroes, they rebuilt the market with their own hands.",
    "Our neighbourhood welcomes everyone, Kurds, Arabs, Turkmen and Christians.",
    "Say what you want about the governor, at least he fixed the water supply.",
    "The court sentenced the killers to death, a verdict many families welcomed.",
    "Women were stopped from voting in two villages, observers reported.",
    'The report calls the militias "terrorists", which the government denies.',
    "My brother is gay and I love him.",
    "The hospital's emergency number is 122.",
    "The committee should be dissolved and its members replaced.",
    "That was a killer goal in the last minute, what a match!",
    'The protesters chanted "death to corruption" outside parliament.',
    "Shia and Sunni clerics met to discuss the ceasefire.",
    "The governor said the attackers would be hunted down and punished.",
    "Christians in Ankawa celebrated Easter despite the heat.",
    "I find it disgusting that the bridge is still closed after three years.",
    "Women journalists face harassment online, a new study says.",
    "The refugees from Mosul are still waiting for compensation.",
    "This article is biased and the editor should correct the numbers.",
    "Kurds have lived in Kirkuk for centuries, historians agree.",
    "The football fans were furious after the referee's decision.",
    "The new law bans the sale of alcohol in the province.",
    "ISIS militants were killed in an airstrike near Hawija.",
    "Our MP voted against the budget, which I think was a mistake.",
    "The Yazidi survivor told the court how she was enslaved.",
    "Stop blaming the Syrians for the housing crisis, blame the landlords.",
    "The presenter asked whether the law would protect journalists.",
    "Residents said the drone strike killed two children.",
    "The Arab tribes of Hawija have a long history in the region.",
    "Prices at the bazaar are shocking this week.",
    "The judge ruled that the women were unfairly dismissed.",
    "Kurdish, Arabic and Turkmen should all be taught in Kirkuk schools.",
    "She is the first woman to lead the provincial council.",
    "The ministry's spokesman dismissed the report as propaganda.",
    "My Shia and Sunni friends argued about football, not religion.",
    "Thieves stole copper cables from the power station again.",
    "I will never vote for this party again after what they did.",
    "Refugees from Syria opened three new bakeries in our street.",
    "The article should mention the families who lost their homes.",
    "Honestly, both parties have failed Kirkuk.",
    "Call 104 if you see a fire.",
    "The governor's claim that refugees bring crime is a lie.",
    "For an April Fool's joke the station ran a fake weather report.",
    "They are a big joke in the official statistics, the report says.",
    "the governor should be careful with public money",
    "my brother works at the oil company and says salaries are late",
    "the market fire destroyed forty shops, traders say",
    "lol this is the best article about kirkuk i have read this year",
    "the analyst made a good point about the budget deficit",
    "the municipality promised to fix the road before winter",
    "syrian workers and kurdish workers joined the same union",
    "women drivers are still rare in some villages, the survey found",
    "the refugees live in tents with no heating",
    "israel and iran were mentioned in the parliament debate",
    "the mayor was unable to speak at the event because of illness",
    "Book your flu vaccine at the health directorate on 07501112233.",
    "the militias burned the village to the ground in 2014, survivors recall",
    "killing journalists must never be normal in our country",
    "the new governor is a woman and a former teacher",
    "The striker shot the ball into the top corner, a killer finish.",
    "Students say the physics exam was a bomb, nobody finished it.",
    "The team will attack more in the second half, the coach said.",
    "The plan was executed perfectly by the civil defence teams.",
    "My phone battery is dead again because of the power cuts.",
    "I hate this weather, three days of dust storms.",
    "The photographer shot the wedding in Ankawa last week.",
    "The doctor saved my father's life, thank you Azadi hospital.",
    "Women referees officiated the final for the first time.",
    "The Arab players and Kurdish players celebrated together.",
    "The fans were angry but the match ended peacefully.",
    "The coach was fired after the fifth defeat.",
    "Christians and Muslims donated blood for the victims.",
    "The candidate promised to build a hospital in our village.",
    "This budget is a disgrace and the finance committee should resign.",
    "The candidate survived an assassination attempt last year.",
    "The TV channel was shut down by the regulator last month.",
    "The printing press burned down in an electrical fire, firefighters said.",
    "The editor waited for a response from the ministry for two weeks.",
    "The body of the missing shepherd was found in a ditch near Makhmour.",
    "The MP was called a pig by protesters, a video shows.",
    "Kurdish, Arab and Yazidi farmers share the same water canal.",
    "The ministry finally admitted the numbers were wrong.",
    "The dog rescue centre in Duhok needs volunteers.",
    "The protesters demanded that corrupt officials be thrown out of office.",
    "Send your photos of the festival to our newsroom by Friday.",
    "The sheikh said that all religions must be respected.",
    "The Syrian refugees returning to Qamishli face an uncertain future.",
    "The women's football team won the regional cup.",
    "Drug dealers were arrested in a raid in Basra, police said.",
    "The website was hacked last night, the editor said.",
    "The last journalist who wrote about the dam project won an award.",
    "Children go to school alone in many villages because parents work.",
    "The lamp posts on the main road are broken again.",
    "The author is a former diplomat who served in Ankara.",
    "Half of the budget goes to salaries, the report says.",
    "The mayor promised to crack down on thieves at the market.",
    "The new road has cut travel time to Sulaimani by an hour.",
    "Arab and Kurdish traders meet every Friday at the cattle market.",
    "Female reporters covered the elections in every district.",
    "The Christian school reopened after the war.",
    "The documentary about Halabja won a prize in Berlin.",
    "Syrian families are returning to their destroyed villages.",
    "Gay rights remain a sensitive topic in the region, the author notes.",
    "The forex bureau on the main street closed for the holiday.",
    "No, really. What exactly on my blog led you to say that?",
    "Anyone with half a brain can see the bridge needs repairs.",
    "The protesters slept in the square for three nights.",
    "Our colleague received an award for her reporting in 2019.",
    "The knife attack in the market left two people injured, police said.",
    "Parliament voted yes on the budget after a long debate.",
    "The council is run by a coalition of three parties.",
    "The presenter interviewed the minister about the rock concert.",
    "Prices for phones fell this week, traders say.",
    "Arabs, Kurds and Turkmen signed the new city charter together.",
    "Shia pilgrims walked to Karbala for Arbaeen.",
    "The Christian choir sang at the peace festival.",
    "Syrian doctors volunteer at the camp clinic every weekend.",
    "Girls in jeans and headscarves played football in the park.",
    "The investment law was approved by the regional government.",
    "The video of the protest was shared thousands of times.",
    "The minister is a woman with twenty years of experience.",
]


@pytest.mark.parametrize("text", NEWS_HARD_NEGATIVES)
def test_regional_news_comments_are_not_flagged(text: str) -> None:
    flagged = {(f.category, text[f.span[0] : f.span[1]]) for f in RULES.match(text) if f.span}
    assert not flagged, flagged
