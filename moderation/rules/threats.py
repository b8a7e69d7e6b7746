"""Threats: an intent and a target, not violent vocabulary.

"I will kill you", "someone should shoot the mayor", "we know where your office is" are threats;
"five men were killed by the drone strike", "the minister threatened to resign", "police say the
suspect threatened to kill his neighbour" and "this policy will kill the high street" are news
talk. So every pattern here needs a speaker's intent (first person, a call on "someone", or a
wish) and a person as target; reported speech and quotations that are condemned do not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from moderation.guidelines import Category
from moderation.normalize import View
from moderation.rules.context import (
    Finding,
    alternation,
    is_capitalised,
    is_counter_speech,
    words,
)
from moderation.rules.family import Reading, has_any

_THREAT = Category.THREAT.value
_DETAIL = "threats/en: intent+target pattern"

# The speaker commits to an act: "I'll", "I really am going to", "we are gonna", "I want to".
_ADV = (
    r"(?:\s+(?:really|just|seriously|honestly|definitely|actually|literally|totally|so|swear)){0,3}"
)
_INTENT = (
    rf"(?:\b(?:i|we){_ADV}\s*(?:'\s*ll|will|shall|'\s*m|am|'\s*re|are){_ADV}\s+"
    r"(?:going\s+to|gonna|gon)|"
    rf"\b(?:i|we){_ADV}\s*(?:'\s*ll|will|shall|want\s+to|wanna|need\s+to|'\s*d\s+love\s+to|"
    r"would\s+love\s+to|'\s*d\s+like\s+to|would\s+like\s+to|can'?t\s+wait\s+to|"
    r"could\s+easily|would|'\s*d)|\bill|\bim\s+(?:going\s+to|gonna)|\bimma|\bima|\blet\s*'?\s*s)"
)
_ADVERBS = (
    r"(?:\s+(?:fucking|personally|literally|just|actually|really|definitely|gladly|happily|"
    r"come\s+and|come\s+round\s+and|go\s+and|find\s+(?:you|him|her|them|the\s+\w+)\s+and|"
    r"hunt\s+you\s+down\s+and|"
    r"have\s+to|make\s+sure\s+i|all)){0,4}"
    # "I will go to your house and kill you": a journey to the target before the act.
    r"(?:\s+(?:go|come|drive|walk|turn\s+up|show\s+up|pop)(?:\s+[\w']+){0,4}?\s+and)?"
)
# Acts that are violent whatever the object; "beat", "smash", "destroy" are left out because
# fans and campaigners "beat", "smash" and "destroy" rivals every weekend.
_VIOLENT = (
    r"(?:kill|murder|shoot|stab|strangle|hang|lynch|behead|decapitate|slaughter|butcher|stone|"
    r"flog|whip|beat\s+up|"
    r"execute|rape|hurt|torture|burn|firebomb|bomb|gas|drown|choke|knife|batter|maim|"
    r"cripple|slit|snap|shank|cap|glass|petrol\s+bomb|torch|put\s+an\s+end\s+to|"
    r"run\s+over|throttle|eradicate|exterminate|wipe\s+out)"
)
_DIRECT = r"(?:you|u|ya|ye|yall|y'all|him|her|them|yourself|yourselves|everyone|every\s+one)"
_DETERMINER = (
    r"(?:the\s+next|the|that|this|those|these|all(?:\s+the|\s+of\s+the)?|every|any|a|an|some|"
    r"each|your|his|her|their|our)"
)
_PERSON_WORDS = (
    "man men woman women guy guys bloke blokes lad lads girl girls boy boys kid kids child "
    "children family families wife husband son daughter mother mum mom dad father people person "
    "mayor councillor councillors councilor mp mps minister ministers president governor judge "
    "journalist journalists reporter reporters editor editors author writer cop cops copper "
    "coppers officer officers policeman policemen teacher teachers boss neighbour neighbours "
    "neighbor bastard bastards traitor traitors politician politicians leader leaders pm "
    "referee ref manager player players fan fans owner owners landlord landlords chairman "
    "chief commissioner candidate candidates voter voters protester protesters one ones "
    "asshole assholes prick pricks scum scumbag scumbags rat rats pig pigs traitor judge "
    "imam priest rabbi vicar doctor doctors nurse nurses mother fucker fuckers member members"
)
_NOT_AFTER_TARGET = (
    r"(?!\s+(?:off|down|time|the\s+(?:bill|plan|idea|deal|scheme|proposal)|at\s+the\s+(?:polls|"
    r"ballot|election|box\s+office)|in\s+the\s+(?:polls|election|vote|match|game|derby|final|"
    r"league|cup|debate)|on\s+(?:saturday|sunday|monday|tuesday|wednesday|thursday|friday)))"
)


#: Words without which no threat shape can match (every verb and noun the shapes name):
#: most comments skip the family.
TRIGGERS = words(
    "kill murder shoot stab strangle hang lynch behead decapitate slaughter butcher execute "
    "rape hurt torture burn firebomb bomb gas drown choke knife batter maim cripple slit snap "
    "shank cap glass torch end run throttle eradicate exterminate wipe know pay regret sorry "
    "find hunt come track get break smash bash cut kick punch cave rip knock stamp beat "
    "happen happened happens death dead shot hanged hung lynched killed murdered stabbed "
    "beheaded strung gassed burned burnt executed exterminated wiped raped tortured "
    "eradicated die bullet found wallop smack stone stoned beaten flog flogged whip whipped "
    "thrown would"
)


class ThreatRules:
    """Compiled threat patterns; built once per RuleSet."""

    name = "threats"
    languages = frozenset({"en"})
    reads_repair = True

    def __init__(self, group_terms: Iterable[str] = (), insult_terms: Iterable[str] = ()) -> None:
        people = alternation([*_PERSON_WORDS.split(), *group_terms, *insult_terms])
        target = (
            rf"(?P<target>{_DIRECT}\b|(?:{_DETERMINER})\s+(?:\w+\s+){{0,2}}?(?:{people})\b|"
            rf"(?P<name>[a-z][\w'-]+)\b)"
        )
        self._intent_act = re.compile(
            rf"{_INTENT}{_ADVERBS}\s+{_VIOLENT}\s+{target}{_NOT_AFTER_TARGET}"
        )
        self._call_to_act = re.compile(
            r"\b(?:someone|somebody|some1|anyone|one\s+of\s+us|people|we|you|they|u)\s+"
            r"(?:should|needs?\s+to|ought\s+to|oughta|must|has\s+to|have\s+to|gotta|"
            r"will\s+have\s+to|would\s+do\s+us\s+all\s+a\s+favour\s+and)\s+"
            rf"(?:just\s+|really\s+|finally\s+|all\s+|go\s+and\s+)*{_VIOLENT}\s+{target}"
            rf"{_NOT_AFTER_TARGET}"
        )
        self._wish = re.compile(
            rf"(?P<subject>\b{_DIRECT}|\b(?:{_DETERMINER})\s+(?:\w+\s+){{0,2}}?(?:{people})|"
            r"\bhe|\bshe|\bthey|\bthe\s+lot\s+of\s+(?:you|them)|"
            # "whoever leaked this", "anyone who votes yes": someone picked out by what they do.
            r"\bwhoever(?:\s+[\w']+){1,4}?|\b(?:anyone|anybody|everyone|those|the\s+(?:people|"
            r"person|ones?|traitors?))\s+who(?:\s+[\w']+){1,4}?)\s+"
            r"(?:should|must|ought\s+to|need\s+to|needs\s+to|deserves?\s+to)\s+"
            r"(?:all\s+|just\s+|really\s+)?"
            r"(?:be\s+(?:shot|hanged|hung\s+drawn|hung\s+from|lynched|killed|murdered|stabbed|beheaded|"
            r"beaten|beaten\s+up|flogged|whipped|"
            r"stoned(?:\s+to\s+death)?|thrown\s+off\s+(?:a\s+|the\s+)?(?:buildings?|roofs?|bridges?)|"
            r"strung\s+up|gassed|burn(?:ed|t)\s+(?:alive|at\s+the\s+stake)|executed|exterminated|"
            r"wiped\s+out|put\s+down|raped|tortured|eradicated|dead|in\s+a\s+body\s+bag)|die)"
            r"\b(?!\s+(?:off|down|in\s+office|from|of\s+(?:shame|embarrassment)))"
        )
        self._know_where = re.compile(
            r"\b(?:i|we)\s+(?:know|found\s+out|have\s+found|have|got)\s+(?:exactly\s+)?"
            r"(?:where\s+(?:you|u|your|ur|ya)\b(?:\s+\w+){0,4}?\s+(?:live|lives|work|works|is|"
            r"are|sleep|sleeps|go|goes|park|parks|drink|drinks)\b|"
            r"where\s+(?:he|she|they)\s+(?:live|lives|sleeps?)\b|your\s+(?:home\s+)?address\b|"
            r"(?:which|what)\s+(?:school|house|street|car|office|hospital|mosque|church|village|"
            r"flat|apartment)\s+(?:you|your|his|her|their)\b)"
        )
        self._pay = re.compile(
            r"\b(?:you|u|ya|your\s+(?:family|kids|children|wife|husband|lot))\s*(?:'?ll|will|"
            r"are\s+going\s+to|'?re\s+going\s+to|are\s+gonna|'?re\s+gonna|gonna|shall)\s+"
            r"(?:pay\s+for\s+(?:this|that|it|what\s+you(?:'ve)?\s+(?:did|done|said|wrote))|"
            r"regret\s+(?:this|that|it|the\s+day)|be\s+sorry|pay\s+dearly)"
            r"(?!\s+(?:in|through|with|via|at|out|by|on|every|each|when|if|via|from|as|"
            r"because|for\s+years|one\s+way|council|tax|bills?)\b)"
            r"|\b(?:you|u|ya)\s*(?:'?ll|will|are\s+going\s+to|'?re\s+going\s+to|are\s+gonna|"
            r"'?re\s+gonna|gonna)\s+(?:be|end\s+up)\s+(?:dead|shot|killed|stabbed|in\s+a\s+body\s+"
            r"bag|six\s+feet\s+under|in\s+(?:a\s+)?hospital|in\s+a\s+wheelchair|in\s+a\s+coffin)\b"
        )
        self._find = re.compile(
            rf"{_INTENT}{_ADVERBS}\s+(?:find|hunt|come\s+for|come\s+after|track|get)\s+"
            r"(?:you|u|ya|him|her|your\s+family)(?:\s+down)?\b"
            r"(?!\s+(?:a|an|the|some|something|somewhere|another|more|out|in|on|at|to|if|when|"
            r"there|later|soon|tomorrow|next|home|back|up|through|round|around|again|first|"
            r"sorted|started|online|guys|all|both|two)\b)"
            r"(?!\s*[,]?\s*(?:i|we)\s+(?:promise|hope|think)\b)"
        )
        self._harm_body = re.compile(
            rf"(?:{_INTENT}{_ADVERBS}|\b(?:should|must|ought\s+to|needs?\s+to|gotta)"
            r"(?:\s+just)?)\s+(?:break|snap|smash|bash|cut|slit|kick|punch|cave|rip|"
            r"knock|stamp\s+on|put\s+a\s+bullet\s+in|put\s+a\s+knife\s+in)\s+(?:in\s+)?"
            r"(?:your|ur|his|her|their|the|that)\s+(?:\w+\s+)?(?:legs?|necks?|face|head|skull|"
            r"teeth|throats?|jaw|nose|arms?|fingers|knees?|back|windows|brains?|spine|ribs)\b"
            r"(?:\s+of\s+(?:yours|all\s+those|those|these|you|them)\b)?"
            r"|\bbeat\s+(?:you|u|him|her|them)\s+(?:up|senseless|to\s+death|black\s+and\s+blue)\b"
            r"|\b(?:beat|kick|knock|wallop|smack|punch)\s+the\s+(?:shit|crap|hell|"
            r"living\s+daylights|life)\s+out\s+of\s+(?:you|u|ya|him|her|them)\b"
            rf"|{_INTENT}{_ADVERBS}\s+(?:kick|whip|beat|smack|slap)\s+(?:your|ur|his|her|their)\s+"
            r"(?:\w+\s+)?(?:ass|arse|butt|asses|arses|face|head|teeth)\b"
            r"|(?:^|[.!?,;:]\s*|\b(?:just|should|must|gotta|let'?s|we\s+(?:should|must|need\s+to)))"
            r"\s*kill\s+(?:them|'?em|those\s+\w+)\s+all\b"
        )
        self._happen = re.compile(
            r"\b(?:something|accidents?|bad\s+things)\s+(?:bad\s+|nasty\s+|terrible\s+)?"
            r"(?:might|may|will|could|can|would)\s+happen\s+to\s+(?:you|your|u|ur)\b|"
            r"\bshame\s+if\s+something\s+(?:happened|happens|were\s+to\s+happen)\s+to\s+"
            r"(?:you|your|u|ur)\b|\bdeath\s+to\s+(?:you|him|her|them|the\s+\w+)\b|"
            r"\b(?:die|suffer)\s+(?:a\s+(?:\w+\s+)?death\s+)?(?:at|by)\s+my\s+hands?\b|"
            r"\bi\s+(?:kill|murder|shoot|stab|strangle|rape)\s+(?:you|u|ya)\b|"
            r"(?:^|[.!?]\s*)kill\s+(?:them|him|her|all\s+of\s+them|every\s+one\s+of\s+them|"
            r"those\s+\w+)\b(?!\s+(?:off|with\s+kindness))|"
            rf"{_INTENT}{_ADVERBS}\s+make\s+(?:you|them|him|her|those\s+\w+|these\s+\w+)"
            r"(?:\s+\w+)?\s+(?:suffer|bleed|pay)\b|"
            r"\b(?:love|like|want|wanna|can'?t\s+wait)\s+to\s+(?:see|watch)\s+(?:you|them|him|her|"
            r"those\s+\w+(?:\s+\w+)?|these\s+\w+(?:\s+\w+)?)\s+(?:suffer|die|burn|bleed|hang)\b"
        )
        #: (shape id, pattern): the id is the attribute's name ("know-where").
        self._patterns = tuple(
            (name.strip("_").replace("_", "-"), getattr(self, name))
            for name in ("_intent_act", "_call_to_act", "_wish", "_know_where", "_pay",
                         "_find", "_harm_body", "_happen")
        )  # fmt: skip

    def wants(self, reading: Reading) -> bool:
        """Any of the shapes' verbs or nouns present."""
        return has_any(reading, TRIGGERS)

    def find(self, reading: Reading) -> list[Finding]:
        """Threat findings in the comment's folded, leet-decoded view."""
        view = reading.view
        text = view.text
        found: list[Finding] = []
        for shape, pattern in self._patterns:
            for m in pattern.finditer(text):
                if not self._valid_target(view, m):
                    continue
                if is_counter_speech(text, m.start(), m.end()):
                    continue
                found.append(Finding(_THREAT, m.start(), m.end(), _DETAIL, shape))
        return found

    @staticmethod
    def _valid_target(view: View, m: re.Match[str]) -> bool:
        """A bare word as target counts only when it is a capitalised name in the original."""
        groups = m.groupdict()
        name = groups.get("name")
        if name is None:
            return True
        if name in _NOT_NAMES:
            return False
        start, _ = view.span(m.start("name"), m.end("name"))
        return is_capitalised(view.original, start)


_NOT_NAMES = words(
    "i it its this that these those there here what which who the a an my our your his her "
    "their time off down up out of in on at to for with"
)
