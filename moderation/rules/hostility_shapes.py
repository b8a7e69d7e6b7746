"""The group-hostility shapes: sentence shapes aimed at an identity group, as regexes.

Data more than code: each shape is a regex and a name (pred, attr, emotion, deny, exclude,
violence ...); hostility.py reads comments with them. The vocabulary they share (determiners,
hostile verbs, intent phrases) is defined here once. English only.
"""

from __future__ import annotations

import re

from moderation.guidelines import Category
from moderation.rules.context import alternation

_BLOCK = (
    r"not|never|no|none|nor|hardly|neither|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|"
    r"won't|wouldn't|shouldn't|of|by|to|for|against|towards|toward|at|than|about|with|who|"
    r"which|whom|whose|because|if|when|says|said|say|saying|call|called|calling|claim|claims|"
    r"(?<!nothing\s)but|and|or|yet|though|although|while|whereas|however"
)


def _gap(n: int, also: str = "", base: str | None = None) -> str:
    base = _BLOCK if base is None else base
    block = f"{base}|{also}" if also else base
    return rf"(?:(?!(?:{block})\s)[\w']+\s){{0,{n}}}?"


#: Before the verb: a complement clause starts a new subject ("you can't believe that X are").
_PRE = (
    r"that(?!\s(?:is|are|was|were)\s)|believe|think|thinks|realise|realize|know|knows|"
    r"are|is|were|was|'re"
)
#: After the verb: a second verb means the hostile word belongs to another clause.
_POST = r"are|is|were|was|be|'re|that\s(?:\w+\s)?(?:are|is)"
#: After the verb, "and" / "or" / "but" join a list of predicates ("spies and traitors").
_BLOCK_POST = _BLOCK.replace(r"(?<!nothing\s)but|and|or|", "")


DET = (
    r"(?:(?:all|most|many|some|any|every\s(?:single\s)?one|(?:those|these|the)\skinds?)\sof\s)?"
    r"(?:(?:all|these|those|the|most|many|some|you|any|every|a|an|other|such|your)\s){0,4}"
)
NP_TAIL = (
    r"(?:\s(?:like\s(?:you|them|him|her|that|this)|with\sany\spower|in\s(?:this|our|the)\s"
    r"(?:country|town|city|area|world)|around\shere|who\sthink\s\w+\sare\s\w+\s\w+))?"
)
PRONOUN = r"they|them|these\speople|those\speople|your\skind|their\skind|you\speople|you\sall|you"
EMOTION = (
    r"hate|hated|hatred|despise|detest|loathe|loathing|disgusted|disgust|sickened|repulsed|"
    r"revolted|contempt|disdain|revulsion|can't\sstand|cannot\sstand|furious|angry|rage|anger|"
    r"sick\sof|tired\sof|sick\sand\stired\sof"
)
VIOLENT = (
    r"beat|bash|punch|nuke|bomb|kill|murder|shoot|strangle|slaughter|execute|burn|hang|lynch|gas|stab|behead|exterminate|"
    r"eradicate|wipe\sout|get\srid\sof|put\san\send\sto|torture|rape|drown|beat\sup|butcher|"
    r"massacre|annihilate|obliterate|hunt\sdown"
)
VIOLENT_ING = (
    r"killing|murdering|shooting|strangling|slaughtering|executing|burning|hanging|lynching|"
    r"gassing|stabbing|beheading|exterminating|eradicating|torturing|raping|drowning|"
    r"beating\sup|butchering|massacring"
)
VIOLENT_PP = (
    r"killed|murdered|shot|strangled|slaughtered|executed|burned|burnt|hanged|hung|lynched|"
    r"gassed|stabbed|beheaded|exterminated|eradicated|wiped\sout|got\srid\sof|gotten\srid\sof|"
    r"tortured|raped|drowned|put\sdown|dead|butchered|massacred|annihilated|eliminated|"
    r"abused|beaten|beaten\sup|bombed|nuked|stoned|stoned\sto\sdeath|"
    r"thrown\soff\s(?:a\s|the\s)?(?:buildings?|roofs?|bridges?|cliffs?)|"
    r"burned\sat\sthe\sstake|burnt\sat\sthe\sstake"
)
_INTENT = (
    r"(?:(?:^|\s)(?:i|we|i'll|we'll|i'm|we're|i'd|we'd|let's|lets|someone|somebody|everyone|"
    r"people|you)\s(?:\w+\s){0,2}?(?:want\sto|wanna|will|going\sto|gonna|would\slove\sto|"
    r"should|must|ought\sto|need\sto|have\sto|plan\sto|hope\sto|am\sgoing\sto|are\sgoing\sto|"
    r"really\swant\sto|would)\s|(?:^|\s)(?:i'll|we'll|let's|lets)\s|"
    r"if\sonly\s(?:someone|somebody|we|they|people)\swould\s|interest\sto\s|"
    r"(?:^|[.!?]\s)|allowed\sto\s|(?:^|\s)[a-z]+\s(?:should|must)\s|"
    r"(?:^|\s)(?:i|we)\s(?:just\s|really\s|also\s|only\s)?(?=(?:burn|kill|shoot|hang|gas|"
    r"beat|murder|stab)\s)|"
    r"(?:would|'d)\s(?:be\sbest|be\sbetter|be\sgreat|be\snice)\sto\s|"
    r"(?:i|we)\s(?:\w+\s)?(?:start|keep|begin|enjoy|love)\s(?:on\s)?|"
    r"how\sabout\swe\s|what\sif\swe\s|why\snot\s|time\sto\s|"
    r"(?:we|you|they|people|someone)\sshould\s)"
    r"(?:just\s|really\s|simply\s|all\s|personally\s|finally\s|go\s(?:and\s)?|"
    r"start\s(?:to\s)?){0,3}"
)
WISH = re.compile(
    r"\b(?:better\soff\sif|better\soff\swithout|i\swish|we\swish|i\shope|we\shope|hopefully|only\shope|if\sonly|in\sa\sjust\sworld|"
    r"i'd\slove\sit\sif|it\swould\sbe\sgreat\sif|i'd\sbe\shappy\sif)\b"
)
REPORTED_VIOLENCE = re.compile(r"\b(?:were|was|been|being|are|is|got|get)\s(?:\w+\s)?$")
_GUARD_AFTER = (
    r"(?!\s(?:affected|hit|treated|off|victims?|conditions?|treatment|abuse|attacks?|crimes?|"
    r"comments?|remarks?|rhetoric|words|things|language|slurs?|propaganda|lies|policy|policies|"
    r"law|laws|ban|bans|discrimination|racism|sexism|homophobia|violence|hatred|for|against|"
    r"towards?|to\sthem|that\s(?:they|women|people)))"
)
ATTRIBUTIVE = (
    r"dirty|filthy|disgusting|vile|stinking|worthless|useless|lazy|stupid|dumb|subhuman|"
    r"sub-human|savage|barbaric|primitive|backward|inferior|degenerate|perverted|nasty|evil|"
    r"wicked|repulsive|revolting|repugnant|despicable|pathetic|retarded|fucking|bloody|"
    r"goddamn|damn"
)
GROUP_NOUNS = (
    r"scum|trash|garbage|filth|vermin|parasites|cockroaches|rats|pigs|animals|savages|"
    r"scumbags|degenerates|freaks|perverts|idiots|morons|pests|lowlifes|swine|dogs|apes|"
    r"monkeys|retards|bastards|cunts|twats|pricks|dickheads|shit|shite"
)
PRONOUN_WORDS = frozenset({"they", "them", "these", "those", "your", "you"})
COLOURS = frozenset({"black", "brown", "white", "yellow"})
#: Adjectives of peoples and faiths, flagged only before a pejorative noun ("Kurdish pigs"):
#: as subjects ("Kurdish officials are ...") they name officials, not the people.
_RACIAL_ADJECTIVES = (
    "kurdish arab arabic turkmen yazidi assyrian shia shiite sunni christian jewish muslim "
    "islamic african"
)
_NATIONAL_ADJECTIVES = "turkish persian iranian syrian afghan pakistani indian chinese foreign"
ETHNONYM_ADJECTIVES = {
    **dict.fromkeys(_RACIAL_ADJECTIVES.split(), Category.RACISM),
    **dict.fromkeys(_NATIONAL_ADJECTIVES.split(), Category.XENOPHOBIA),
}
WHAT = {
    "pred": "hostile statement about a group",
    "attr": "hostile label for a group",
    "emotion": "hatred of a group",
    "deny": "denies a group's worth or humanity",
    "exclude": "group should be excluded",
    "violence": "violence wished on a group",
}


def build_shapes(
    g: str, host: str, np: str, np_group: str
) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Every shape, in the order it is tried: g is the group alternation, host the hostile
    vocabulary's, np and np_group noun phrases naming a group (np also a pronoun for one)."""
    b = r"(?<![\w'])"
    e = r"(?![\w'])"
    shapes: tuple[tuple[re.Pattern[str], str], ...] = (
        (
            re.compile(
                rf"{b}{np}\s{_gap(5, _PRE)}(?:are|is|'re|be|being|were|was|become|remain|"
                rf"act\slike|acts\slike|behave\slike|look\slike)\s{_gap(5, _POST, _BLOCK_POST)}"
                rf"(?P<hostile>{host}){e}"
                rf"{_GUARD_AFTER}"
            ),
            "pred",
        ),
        (re.compile(rf"{b}(?:{ATTRIBUTIVE})\s(?:{ATTRIBUTIVE}\s)?{np_group}{e}"), "attr"),
        (re.compile(rf"{b}(?P<group>{g})(?:'s)?\s(?:{GROUP_NOUNS}){e}"), "attr"),
        (
            re.compile(
                rf"(?:^|[\s,])(?:i|we|i'm|we're|i've|we've|me|my|our|am)\s{_gap(4)}"
                rf"(?:{EMOTION})\s(?:(?:for|by|with|at|of|towards?|about|on)\s)?{np}{e}"
            ),
            "emotion",
        ),
        (
            re.compile(
                rf"(?:^|[.!?]\s)(?:so\s|totally\s|really\s)?(?:disgusted|sickened|repulsed)"
                rf"\s(?:by|with|at)\s{np}{e}"
            ),
            "emotion",
        ),
        (
            re.compile(
                rf"{b}{np}\s{_gap(4)}(?:make|makes|made|fill|fills)\s(?:me|us)\s"
                r"(?:so\s|with\s|really\s|feel\s|want\sto\s)*(?:\w+\s)?(?:sick|furious|angry|"
                r"mad|ill|boil|rage|anger|disgust|hate|hatred|puke|vomit|nauseous|throw\sup)"
                rf"{e}"
            ),
            "emotion",
        ),
        (
            re.compile(
                rf"{b}(?:everything|all)\sabout\s(?:{PRONOUN}|{g})\s(?:\w+\s)?"
                rf"(?:disgusts|sickens|repulses|revolts)\sme{e}"
            ),
            "emotion",
        ),
        (
            re.compile(
                rf"{b}nothing\s(?:\w+\s){{0,3}}?(?:worse|lower|more\sdisgusting|"
                rf"(?:like|hate|despise)\s(?:less|more))\sthan\s{np}{e}"
            ),
            "emotion",
        ),
        (
            re.compile(
                rf"{b}(?:fuck|screw|fck|fuk)\s(?:all|the|those|these|every|you)\s"
                rf"(?:\w+\s)?{np_group}{e}"
            ),
            "emotion",
        ),
        (
            re.compile(
                rf"{b}{np}(?:\slives)?\s(?:\w+\s)?(?:are|is|'re)\snot\s(?:even\s|really\s|"
                r"fully\s|truly\s|real\s)?(?:human|humans|human\sbeings|people|persons|"
                r"our\sequals?|my\sequals?|equal\sto\sus|worthy|worth\s(?:\w+\s)?(?:protecting|"
                rf"saving|anything|it|keeping\salive)){e}"
            ),
            "deny",
        ),
        (
            re.compile(
                rf"{b}{np}(?:\slives)?\s(?:do\snot|don't|does\snot|doesn't)\s(?:\w+\s)?"
                r"(?:belong\s(?:on\sthis\searth|on\searth|here|anywhere|in\s(?:this|our|a|any)\s"
                r"(?:country|society|world|civilised\scountry|civilized\scountry))|matter|"
                rf"deserve\sto\s(?:live|exist|be\shere)){e}"
            ),
            "deny",
        ),
        (
            re.compile(
                rf"{b}{np}(?:\slives)?\s(?:have|has)\sno\s(?:value|worth|honou?r|shame|morals|"
                rf"dignity|brains?|place\s(?:on|in)\s"
                rf"(?:this|our|a|any|the)\s(?:earth|world|country|society|civilised|civilized)|"
                rf"right\sto\s(?:live|exist)){e}"
            ),
            "deny",
        ),
        (
            re.compile(
                rf"{b}(?:no|not\sa\ssingle|not\sone)\s{np_group}\s(?:can|could|will|should|"
                r"is|are)\s(?:ever\s)?(?:be\s)?(?:a\s|an\s)?(?:valuable|trusted|good|useful|"
                rf"equal|smart|intelligent|human|decent|worthy){e}"
            ),
            "deny",
        ),
        (
            re.compile(
                rf"{b}{np}\s(?:can|could|will)\snever\s(?:ever\s)?(?:be\s)?(?:as\s(?:smart|"
                r"good|intelligent|clever|human|civilised|civilized)|trusted|equal|valuable|"
                rf"civilised|civilized|human|decent){e}"
            ),
            "deny",
        ),
        (
            re.compile(
                rf"{b}never\s(?:trust|believe)\s(?:a\s(?:single\s)?word\s(?:said\s)?"
                rf"(?:by|from)\s|anything\s(?:said\s)?(?:by|from)\s)?{np}{e}"
            ),
            "deny",
        ),
        (
            re.compile(rf"{b}no\s(?:compassion|pity|mercy)\s(?:\w+\s)?(?:at\sall\s)?for\s{np}{e}"),
            "deny",
        ),
        (
            re.compile(
                rf"{b}(?:my\sdog|a\sdog|the\sdog|that\smonkey|a\smonkey|an\sape|a\srat|a\spig|"
                r"a\scockroach|my\scat|a\schimp|animals?)\s(?:is|are)\s(?:\w+\s)?(?:smarter|"
                r"more\sintelligent|cleaner|better|more\scivili[sz]ed|more\shuman|worth\smore)"
                rf"\sthan\s(?:\w+\s){{0,3}}?{np_group}{e}"
            ),
            "deny",
        ),
        (
            re.compile(
                rf"{_INTENT}(?:{VIOLENT}|{VIOLENT_ING})\s(?:(?:all|every|each|the|these|those|any|of|"
                rf"them|next|single|one|you)\s)*{np}{e}"
            ),
            "violence",
        ),
        (
            re.compile(
                rf"{_INTENT}cut\s{DET}(?:their\s|your\s)?(?:(?P<group>{g})(?:'s|s'|s)?\s)?"
                rf"throats?{e}"
            ),
            "violence",
        ),
        (
            re.compile(
                rf"{b}{np}\s(?:all\s)?(?:should|must|ought\sto|deserve\sto|deserves\sto|"
                r"need\sto|needs\sto|would\sall|will\sall|'d\sall|had\sbetter)\s(?:all\s)?"
                rf"(?:just\s|simply\s)?(?:be\s|get\s)?(?:{VIOLENT_PP}|die|suffer|burn|rot|"
                rf"hang){e}"
            ),
            "violence",
        ),
        (
            re.compile(
                rf"{b}(?:{VIOLENT_ING})\s(?:a|an|the|all|any|every|those|these)?\s?{np}"
                r"\s(?:(?:should|must|would)\s(?:not\sbe\s(?:illegal|a\scrime|punished)|be\s"
                r"(?:legal|legali[sz]ed|decriminali[sz]ed|allowed|encouraged|mandatory|"
                r"rewarded|celebrated|fine|okay|ok))|(?:is|would\sbe)\s(?:fine|ok|okay|"
                rf"justified|no\scrime|a\sgood\sthing)){e}"
            ),
            "violence",
        ),
        (
            re.compile(
                rf"{b}(?:death|a\sbullet|the\sgallows|the\sgas\schamber|the\srope)\s"
                rf"(?:is\s(?:too\sgood\s)?)?(?:to|for)\s(?:all\s)?{np_group}{e}"
            ),
            "violence",
        ),
        (
            re.compile(
                rf"{b}{np}\s(?:\w+\s){{0,3}}?(?:would|will|had|get|gets|got|were)\s"
                rf"(?:all\s)?(?:be\s)?(?:{VIOLENT_PP}|die|their\sthroats\scut|shot\sin\s"
                rf"the\sstreet){e}"
            ),
            "violence-wish",
        ),
    )

    host_re = rf"(?P<hostile>{host})"
    shapes += (
        (
            re.compile(
                rf"{b}if\syou(?:'re|\sare)\s(?:a|an)\s(?P<group>{g})(?:\s,)?\s(?:then\s)?"
                rf"you(?:'re|\sare)\s{_gap(3)}{host_re}{e}"
            ),
            "pred",
        ),
        (
            re.compile(
                rf"{b}if\sthey\s(?:weren't|were\snot|wasn't|was\snot)\s(?:so\s|such\s)?"
                rf"(?:\w+\s)?{host_re}{e}"
            ),
            "pred",
        ),
        (
            re.compile(rf"{b}no\sone\s(?:else\s)?is\sas\s{host_re}\sas\s{np}{e}"),
            "pred",
        ),
        (
            re.compile(
                rf"{b}{np}\s{_gap(3)}(?:disgust|disgusts|sicken|sickens|repulse|repulses|"
                rf"revolt|revolts)\s(?:me|us){e}"
            ),
            "emotion",
        ),
        (
            re.compile(
                rf"{b}(?:allowing|letting)\s(?:any\s)?more\s{np}\s(?:\w+\s){{0,3}}?"
                r"(?:will|would|is\sgoing\sto|are\sgoing\sto)\s(?:\w+\s)?(?:ruin|destroy|"
                rf"wreck|poison|pollute|infect){e}"
            ),
            "deny",
        ),
        (
            re.compile(
                rf"{b}{np}\s(?:lives?|life)\s(?:should|do|does|must|is|are)\s(?:not|never)\s"
                rf"(?:be\s)?(?:important|matter|count|valued|worth\s(?:anything|saving)){e}"
            ),
            "deny",
        ),
        (
            re.compile(
                rf"{b}(?:human\s|equal\s)?rights\sshould\s(?:not|never)\sapply\sto\s{np}{e}"
            ),
            "deny",
        ),
        (
            re.compile(
                rf"{b}(?:must|should)\s(?:not|never)\slet\s(?:any\s)?{np}\s(?:live|exist|"
                rf"survive|breathe){e}"
            ),
            "violence",
        ),
        (
            re.compile(
                rf"{b}(?:what\sif|how\sabout|if)\swe\s(?:just\s|simply\s)?"
                rf"(?:{VIOLENT_PP})\s(?:all\s|every\s|the\s|those\s|these\s)*{np}{e}"
            ),
            "violence",
        ),
        (
            re.compile(
                rf"{_INTENT}(?:make\s{np}\s(?:suffer|pay|bleed|disappear)|end\s"
                rf"(?:all\s|every\s|the\s|those\s|these\s)*(?P<g2>{g})(?:'s|s')?\s"
                rf"(?:life|lives)){e}"
            ),
            "violence",
        ),
        (
            re.compile(
                rf"{b}(?:i|we)\s(?:will\s|'ll\s)?keep\s(?:attacking|hurting|hunting|beating|"
                rf"killing)\s{np}{e}"
            ),
            "violence",
        ),
    )

    shapes += (
        (
            re.compile(
                rf"{b}{np}\s(?:are|were|is)\s(?:only\s|just\s)?(?:made|born|meant|created|"
                r"good|fit)\s(?:for|to)\s(?:\w+\s){0,2}?(?:babies|cooking|cleaning|sex|"
                rf"breeding|the\skitchen|serving|obey|cook|clean|slaves?|slavery){e}"
            ),
            "deny",
        ),
        (
            re.compile(
                rf"{b}(?P<group>black|brown|white|yellow)\s(?:scum|trash|garbage|filth|parasites|"
                rf"savages|scumbags|degenerates|crybabies|lowlifes|bastards|cunts){e}"
            ),
            "attr-colour",
        ),
    )

    shapes += (
        (
            re.compile(rf"(?:^|\s)(?:i|we)\s(?:\w+\s)?find\s{np}\s{_gap(2)}{host_re}{e}"),
            "emotion",
        ),
        (
            re.compile(
                rf"(?:^|\s)(?:i|we)\s(?:would|'d)\s(?:love|like|be\shappy)\sto\s(?:see|watch)\s"
                rf"{np}\s(?:\w+\s)?(?:suffer|die|burn|hang|rot|drown|dead|killed|shot){e}"
            ),
            "violence",
        ),
    )

    shapes += (
        (
            re.compile(
                rf"{b}(?:send|ship|kick|throw|drive|chase|deport|keep)\s{np}\s(?:all\s)?"
                rf"(?:back|out|away|home)(?:\sof\s(?:our|my|this|the)\s(?:neighbou?rhood|"
                rf"country|city|town|schools?|streets?|land|village|area|building)|"
                rf"(?!\s(?:from|of))\b)"
            ),
            "exclude",
        ),
        (
            re.compile(
                rf"{b}{np}\s(?:are|is)\s(?:just\s|simply\s|naturally\s|all\s)?too\s"
                r"(?:emotional|weak|stupid|dumb|irrational|hysterical|primitive|backward|"
                r"lazy)\sto\s(?:lead|rule|govern|drive|think|decide|vote|work|be\strusted|"
                rf"run|manage|understand){e}"
            ),
            "deny",
        ),
        (
            re.compile(
                rf"{b}{np}(?:\s(?!(?:should|must|need|ought|deserve|are|is)\b)[a-z]+)?\s"
                rf"(?:(?:are|is)\s(?:\w+\s){{1,3}}and\s)?(?:all\s)?(?:should|must|"
                r"need\sto|ought\sto|deserve\sto)\s(?:all\s)?(?:be\s)?(?:locked\sup|jailed|"
                r"imprisoned|banned|deported|expelled|thrown\sout|kicked\sout|caged|"
                r"put\sin\scamps|locked\saway|kept\sin\scamps|"
                rf"sterili[sz]ed|segregated|thrown\sout\sof\s\w+(?:\s\w+)?|"
                rf"(?:pay\sjizya\s)?(?:or\s)?leave(?:\s(?:iraq|the\scountry|our\scountry|this\s"
                rf"country|kurdistan))?(?=\s*(?:[.!?,]|$))|leave\s(?:iraq|the\scountry|our\s"
                rf"country|this\scountry|kurdistan)){e}"
            ),
            "exclude",
        ),
    )

    adjectival = alternation(ETHNONYM_ADJECTIVES)
    shapes += (
        (
            re.compile(
                rf"{b}(?P<group>{adjectival})\s(?:{GROUP_NOUNS}|savages|vermin|snakes|"
                rf"filth){e}"
            ),
            "attr-adjective",
        ),
        (
            re.compile(
                rf"{b}{np}\s(?:secretly\s|really\s|still\s)?(?:control|controls|run|runs|"
                rf"own|owns)\s(?:all\s)?(?:the\s)?(?:media|banks|world|government|money|press)"
                rf"{e}"
            ),
            "deny",
        ),
        (
            re.compile(
                rf"{b}{np}\s(?:should\s|must\s)?(?:belong|belongs|stay|stays)\s(?:under\s(?:their\s)?"
                rf"(?:husbands?|men|fathers)(?:'s|')?(?:\s(?:control|feet|rule|thumb))?|at\shome|"
                rf"in\sthe\shome|in\sthe\shouse|in\sthe\skitchen|behind\sbars|in\scages?){e}"
            ),
            "exclude",
        ),
    )

    shapes += (
        (
            re.compile(
                rf"{b}{np}\s(?:all\s|just\s|really\s)?(?:stink|stinks|smell|smells|reek|reeks)"
                rf"(?:\s(?:like|of)\s\w+(?:\s\w+)?)?(?=\s*(?:[.!?,;]|$))"
            ),
            "pred",
        ),
        (
            re.compile(
                rf"{b}{np}\splace\sis\s(?:in\sthe\skitchen|at\shome|in\sthe\shome|"
                rf"in\sthe\sbedroom|in\sthe\shouse|under\stheir\shusbands?){e}"
            ),
            "exclude",
        ),
    )

    shapes += (
        (
            re.compile(
                rf"{b}{np}\s(?:have\s|has\s|are\s|is\s)?(?:ruined|ruining|infested|infesting|"
                rf"polluted|polluting)\s(?:our\s|this\s|the\s|my\s)?\w+{e}"
            ),
            "pred",
        ),
    )

    shapes += (
        (
            re.compile(
                rf"{b}{np}\s(?:always\s|only\s)?(?:bring|brings|spread|spreads|carry|carries)\s"
                r"(?:\w+\s){0,2}?(?:drugs|crime|disease|diseases|terror|terrorism|filth|aids|"
                rf"violence|rape){e}"
            ),
            "pred",
        ),
        (
            re.compile(
                rf"{b}{np}\s(?:go\shome|get\sout|out|go\sback|must\sgo)(?:\sof\s\w+)?"
                r"(?=\s*(?:[.!?,]|$))"
            ),
            "exclude",
        ),
    )

    shapes += (
        (
            re.compile(
                rf"{b}(?:no|not\sa\ssingle|not\sone)\s{np_group}\s(?:is|are)\s(?:fit|able|"
                r"capable|smart\senough|good\senough|clever\senough)\sto\s(?:be|lead|rule|"
                rf"govern|vote|drive|work|hold|run|judge){e}"
            ),
            "deny",
        ),
    )

    strong = (
        r"savages|animals|vermin|rats|dogs|pigs|apes|monkeys|parasites|cockroaches|scum|"
        r"filth|barbarians|beasts|snakes|locusts|terrorists|criminals|thieves"
    )
    subj_adj = rf"(?P<group>{adjectival})\s(?!(?:is|are|was|were)\b)[a-z]+"
    shapes += (
        (
            re.compile(
                rf"{b}{subj_adj}\s(?:are|is)\s(?:all\s|just\s|like\s|nothing\sbut\s|real\s){{0,3}}"
                rf"(?:{strong}){e}"
            ),
            "attr-adjective",
        ),
        (
            re.compile(
                rf"{b}{subj_adj}\s(?:are|is)\s(?:stealing|taking|ruining|destroying|invading|"
                rf"raping)\sour\s(?:jobs|women|land|houses|homes|country|city|daughters){e}"
            ),
            "attr-adjective",
        ),
        (
            re.compile(
                rf"{b}{subj_adj}\s(?:always\s)?(?:bring|brings|spread|spreads)\s(?:\w+\s)?"
                rf"(?:drugs|crime|disease|diseases|terror|terrorism|filth|aids){e}"
            ),
            "attr-adjective",
        ),
        (
            re.compile(
                rf"{b}{np}\s(?:\w+\s)?(?:are|is)\snot\s(?:an?\s)?(?:real|true|proper)\s[a-z]+{e}"
            ),
            "deny",
        ),
        (
            re.compile(rf"{b}no\s{np_group}\s(?:should|must)\sbe\sallowed\sto\s[a-z]+{e}"),
            "exclude",
        ),
    )

    shapes += (
        (
            re.compile(
                rf"{b}{np}\s(?:are|is)\s(?:even\s|much\s|far\s)?worse\sthan\s(?:the\s)?"
                rf"(?:(?:{g})|dogs|pigs|animals|rats|vermin|isis|terrorists|the\sdevil|cockroaches|"
                rf"snakes|parasites|locusts|monkeys|apes){e}"
            ),
            "pred",
        ),
        (
            re.compile(
                rf"{b}{np}\s(?:should|must|need\sto|have\sto)\s(?:always\s|just\s)?obey\s"
                rf"(?:their\s|the\s)?(?:husbands?|men|fathers|brothers){e}"
            ),
            "exclude",
        ),
        (
            re.compile(
                rf"{b}{np}\s(?:all\s)?(?:deserve|deserves)\s(?:death|a\sbullet|the\srope|"
                rf"to\sburn|the\sgallows){e}"
            ),
            "violence",
        ),
    )

    shapes += (
        (
            re.compile(
                rf"{b}{np}\s(?:only\s)?understand\s(?:only\s)?(?:the\slanguage\sof\s)?(?:force|"
                rf"violence|the\sstick|the\swhip|the\sboot|beatings){e}"
            ),
            "deny",
        ),
        (
            re.compile(
                rf"{b}(?:get|kick|throw|chase)\s(?:(?:these|those|the|all)\s)?(?P<group>{adjectival})"
                rf"\s[a-z]+\s(?:off|out\sof)\s(?:our|the|my|this)\s(?:streets?|land|country|city|"
                rf"town|neighbou?rhood){e}"
            ),
            "attr-adjective",
        ),
    )
    return shapes
