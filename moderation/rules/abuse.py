"""Abuse of identity groups (sexism, racism, homophobia, xenophobia): dehumanising patterns.

Slurs are plain list terms (rules.terms); this module finds statements about a whole group:
"X are animals / parasites / vermin", "send them back", "they breed like rats", "women belong in
the kitchen", "X should not be allowed to ...", "I hate X", "death to X". Neutral mentions
("Kurds, Arabs and Turkmen live together in Kirkuk"), negations ("immigrants are not animals")
and counter-speech ("calling refugees 'vermin' is disgusting") pass.

Which category a group belongs to (groups/*.txt): women and girls -> sexism; race, colour,
descent, ethnicity (Arabs, Jews, Roma, Travellers, and the peoples of Iraq: Kurds, Turkmen,
Yazidis, Assyrians, ...), religions and sects -> racism; lesbian, gay, bisexual and trans people
-> homophobia; migration status, foreigners and nationals of other countries -> xenophobia.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from moderation.guidelines import Category
from moderation.rules.context import (
    NOT_SUBJECT,
    Finding,
    alternation,
    is_counter_speech,
    negated_before,
    shape_ids,
    words,
)
from moderation.rules.family import Reading, has_any
from moderation.rules.term_index import first_words

_QUANT = (
    r"(?:(?:all|these|those|the|most|many|some|you|bloody|fucking|dirty|filthy|stinking|"
    r"typical|fuckin|damn|them)\s+){0,4}"
)
_FILLERS = (
    r"(?:(?:all|just|nothing\s+but|no\s+better\s+than|basically|simply|such|so|absolutely|"
    r"absolute|complete|completely|utter|utterly|total|totally|like|a\s+bunch\s+of|"
    r"a\s+pack\s+of|real|dirty|filthy|disgusting|worthless|human|literally|really|truly|"
    r"always|only|still|clearly|obviously|naturally|inherently|genetically|by\s+nature|"
    r"no\s+more\s+than|nothing\s+more\s+than|little\s+more\s+than|more\s+like|like\s+a|"
    r"the\s+same\s+as|a\s+load\s+of|the\s+lowest|common|mere|subhuman|lazy|stupid|"
    r"sub-human|evil|vile|useless|massive|seriously|fucking|bloody|worthless|common|nasty|"
    r"the\s+most|among\s+the|one\s+of\s+the)\s+){0,6}"
)
_COPULA = r"(?:\s+like\s+(?:you|them|him|her))?\s+(?:are|r|is|were|'re|remain|will\s+always\s+be)"
_HATE_VERB = (
    r"\b(?:i|we)\s+(?:really\s+|just\s+|fucking\s+|absolutely\s+|truly\s+|honestly\s+|"
    r"genuinely\s+|all\s+|totally\s+)*(?:hate|despise|detest|loathe|can'?t\s+stand|"
    r"cannot\s+stand|can\s+not\s+stand|abhor|am\s+disgusted\s+by|are\s+disgusted\s+by)\s+"
)
_OUTCOMES = (
    r"(?:not\s+be\s+allowed|never\s+be\s+allowed|be\s+banned\s+from|not\s+have\s+(?:the\s+)?"
    r"(?:right|vote)|go\s+back|be\s+sent\s+back|be\s+deported|be\s+kicked\s+out|get\s+out|"
    r"leave\s+(?:the|this|our)\s+country|be\s+locked\s+up|be\s+shot|be\s+killed|be\s+gassed|"
    r"be\s+hanged|be\s+exterminated|be\s+wiped\s+out|die|be\s+put\s+down|be\s+sterili[sz]ed|"
    r"be\s+segregated|stay\s+in\s+the\s+kitchen|be\s+in\s+the\s+kitchen|know\s+their\s+place|"
    r"be\s+seen\s+and\s+not\s+heard|be\s+burned|be\s+burnt|burn|be\s+executed|rot|"
    r"be\s+dumped|be\s+caged|be\s+rounded\s+up|be\s+eradicated|be\s+removed|disappear|"
    r"be\s+treated\s+like\s+(?:animals|dogs|vermin))"
)
_VIOLENT = re.compile(
    r"\b(?:kill\w*|shot|shoot|die|death|gas\w*|hang\w*|exterminat\w*|execut\w*|burn\w*|lynch\w*|"
    r"wiped|wipe|eradicat\w*|put\s+down|murder\w*|slaughter\w*|drown\w*|stab\w*)\b"
)
_HARM = frozenset({"call to harm a group", "group should be excluded or harmed",
                   "degrading statement"})  # fmt: skip
_THREAT = Category.THREAT.value
_SEXIST_WORDS = frozenset(
    ["kitchen", "sandwich", "women", "woman", "girls", "females", "wives", "she"]
)
_SEND_BACK_WORDS = frozenset(["send", "go", "belong", "deport"])
_CATEGORY_ORDER = (
    Category.XENOPHOBIA,
    Category.RACISM,
    Category.HOMOPHOBIA,
    Category.SEXISM,
    Category.PERSONAL_ATTACK,
)


#: Words of the shapes that name no group ("go back to the kitchen", "deport them").
_SHAPE_WORDS = words(
    "kitchen sandwich send go back belong breed trans they them these those people she deport"
)


class AbuseRules:
    """Compiled group-abuse patterns; built once per RuleSet."""

    name = "abuse"
    languages = frozenset({"en"})
    reads_repair = True

    def __init__(
        self,
        groups: Mapping[Category, Iterable[str]],
        dehumanising: Iterable[str],
        triggering_groups: Iterable[str] = (),
    ) -> None:
        """groups: terms per abuse category; triggering_groups: further group terms (disability
        groups, filed as personal attacks) whose mention also runs the family."""
        self._group_category: dict[str, Category] = {}
        for category in _CATEGORY_ORDER:
            for term in groups.get(category, ()):
                key = " ".join(term.split())
                if key:
                    self._group_category.setdefault(key, category)
        #: First words of every group term: a comment without any of them skips the patterns.
        self.group_words = frozenset(k.split()[0] for k in self._group_category)
        self.triggers = (
            self.group_words
            | first_words([*self._group_category, *triggering_groups])
            | _SHAPE_WORDS
        )
        group = alternation(self._group_category) or r"(?!x)x"
        dehum = alternation(dehumanising) or r"(?!x)x"
        g = rf"(?P<group>{group})(?![\w-])"
        self._group_re = re.compile(rf"\b{g}")
        self._patterns: tuple[tuple[re.Pattern[str], str], ...] = (
            (
                re.compile(
                    rf"\b{_QUANT}{g}{_COPULA}(?!\s*(?:not|n't|never|hardly)\b)\s+{_FILLERS}"
                    rf"(?:{dehum})(?![\w-])(?!\s+(?:affected|hit|off|treated|served|paid)\b)"
                ),
                "dehumanising statement",
            ),
            (re.compile(rf"{_HATE_VERB}(?:all\s+|these\s+|those\s+|the\s+)?{g}"), "hatred"),
            (
                re.compile(
                    rf"\b{_QUANT}{g}\s+(?:(?:disgust|sicken|repulse|revolt)\s+me\b|"
                    r"make\s+me\s+(?:sick|vomit|puke|want\s+to\s+(?:vomit|puke)))"
                ),
                "hatred",
            ),
            (
                re.compile(
                    r"\b(?:death\s+to|kill\s+(?:all|every)|gas\s+(?:all\s+)?the|"
                    r"exterminate|wipe\s+out|get\s+rid\s+of|eradicate|deport\s+(?:all|every)|"
                    r"ban\s+all|burn\s+all|shoot\s+all|hang\s+all|lynch|round\s+up|"
                    r"cleanse\s+(?:us|the\s+country|this\s+country)\s+of)\s+"
                    rf"(?:all\s+|the\s+|these\s+|those\s+|every\s+|of\s+the\s+)*{g}"
                ),
                "call to harm a group",
            ),
            (
                re.compile(
                    rf"\b{_QUANT}{g}\s+(?:should|must|need\s+to|needs\s+to|ought\s+to|"
                    rf"deserve\s+to|deserves\s+to|have\s+to|should\s*n'?t|must\s*n'?t)\s+"
                    rf"(?:all\s+|just\s+|really\s+|simply\s+)?(?:be\s+)?{_OUTCOMES}\b"
                ),
                "group should be excluded or harmed",
            ),
            (
                re.compile(
                    rf"\b{_QUANT}{g}\s+(?:belong|belongs)\s+in\s+(?:a|the)\s+(?:zoo|cage|cages|"
                    r"kitchen|jail|prison|gas\s+chamber|oven|bin|gutter|sewer)\b"
                ),
                "degrading statement",
            ),
            (
                re.compile(
                    rf"\b(?:swarms?|hordes?|plague|infestation|invasion|flood|tide)\s+of\s+"
                    rf"{_QUANT}{g}"
                ),
                "dehumanising statement",
            ),
            (
                re.compile(
                    rf"\b{_QUANT}{g}\s+(?:are|is)\s+(?:ruining|destroying|invading|"
                    r"infesting|taking\s+over|swarming|overrunning|over-running|raping|"
                    r"polluting|breeding\s+in)\s+(?:our|this|the)\b"
                ),
                "dehumanising statement",
            ),
            (
                re.compile(
                    rf"(?:\b{_QUANT}{g}|\b(?:they|those\s+people|these\s+people))\s+breed\s+"
                    r"like\s+(?:rats|rabbits|cockroaches|vermin|flies|animals|insects|mice)\b"
                ),
                "dehumanising statement",
            ),
            (
                re.compile(
                    rf"\b{_QUANT}{g}(?:\s+lives)?\s+(?:(?:don'?t|do\s+not)\s+matter\b|"
                    r"(?:are|is)\s+(?:worthless|not\s+worth\s+(?:anything|shit|a\s+thing)|"
                    r"worth\s+(?:absolutely\s+)?nothing)|aren'?t\s+worth\s+(?:shit|anything))"
                ),
                "dehumanising statement",
            ),
        )
        # Statements of hatred, exclusion and degradation; each alternative names the group.
        self._patterns += tuple(
            (re.compile(source.replace("{g}", g).replace("{q}", _QUANT)), what)
            for source, what in _MORE_PATTERNS
        )
        #: A shape id per pattern, from what it finds, numbered where several find the same.
        self._shape_ids = shape_ids([what for _, what in self._patterns])
        self._sexist = re.compile(
            r"\b(?:women|woman|girls|wives|females|she)\s+(?:should|must|needs?\s+to)\s+"
            r"(?:just\s+)?stay\s+(?:at\s+)?home\s+and\s+(?:cook|clean|raise|look\s+after|serve)|"
            r"\b(?:women|woman|girls|wives|females|she|her)\s+(?:belong|belongs|should\s+be|"
            r"should\s+stay|must\s+stay|needs?\s+to\s+stay|need\s+to\s+be)\s+in\s+the\s+kitchen|"
            r"\b(?:get|go)\s+back\s+(?:in|into|to)\s+the\s+kitchen|\bmake\s+me\s+a\s+sandwich|"
            r"\b(?:women|woman|girls|females)\s+(?:are|is)\s+(?:only\s+)?good\s+for\s+(?:only\s+)?"
            r"(?:one\s+thing|cooking|cleaning|sex|making|breeding|having\s+babies)|"
            r"\b(?:women|woman|females)\s+(?:should\s*n'?t|should\s+not|can'?t|cannot)\s+"
            r"(?:drive|vote|lead|think|be\s+in\s+charge|be\s+trusted)\b"
        )
        self._homophobic = re.compile(
            r"\btrans\s+(?:women|woman)\s+(?:are|is)\s+(?:just\s+|really\s+|still\s+)?"
            r"(?:men|man|blokes|males|not\s+(?:real\s+)?women)\b|"
            r"\btrans\s+(?:men|man)\s+(?:are|is)\s+(?:just\s+|really\s+|still\s+)?"
            r"(?:women|woman|females|not\s+(?:real\s+)?men)\b"
        )
        self._send_back = re.compile(
            r"\bdeport\s+(?:them|em|these\s+people|those\s+people|the\s+lot|all\s+of\s+them)"
            r"(?:\s+all)?(?=\s*(?:$|[.!?,;]|now\b|immediately\b|back\b))|"
            r"\bsend\s+(?:them|these|those|the\s+lot|em|all\s+of\s+them)\s+(?:all\s+)?back"
            r"(?=\s*(?:$|[.!?,;]|home\b|now\b|immediately\b|where\b|to\s+(?:their|where|whence|"
            r"your|the\s+(?:desert|jungle|country)|africa|asia)\b))|"
            r"(?:^|[.!?,;:]\s*|\b(?:should|must|can|just|need\s+to|needs\s+to|ought\s+to|"
            r"better|all|then|and)\s+)go\s+back\s+(?:to\s+(?:your|their|ur)\s+(?:own\s+)?"
            r"(?:country|countries|homeland|land|village|desert|jungle|cave|hut|shithole)|"
            r"(?:to\s+)?where\s+(?:you|they|u)\s+(?:came|come)\s+from)|"
            r"\b(?:you|they|u)\s+(?:people\s+)?(?:don'?t|do\s+not)\s+belong\s+"
            r"(?:here|in\s+(?:this|our)\s+country)\b"
        )

    def mentioned(self, text: str) -> set[Category]:
        """Abuse categories of the identity groups a folded text mentions."""
        return {self._group_category[_key(m["group"])] for m in self._group_re.finditer(text)}

    def wants(self, reading: Reading) -> bool:
        """A group word or a shape's word present."""
        return has_any(reading, self.triggers)

    def find(self, reading: Reading) -> list[Finding]:
        """Group-abuse findings in the comment's folded, leet-decoded view (on a repaired
        reading every shape is tried; otherwise those naming a group need one of its words)."""
        words = None if reading.repaired else reading.words
        text = reading.view.text
        found: list[Finding] = []
        if words is None or words & self.group_words or "breed" in words:
            for (pattern, what), shape in zip(self._patterns, self._shape_ids, strict=True):
                for m in pattern.finditer(text):
                    category = self._group_category.get(_key(m["group"] or ""), None)
                    self._add(found, text, m, category, what, shape)
        if words is None or words & _SEXIST_WORDS:
            for m in self._sexist.finditer(text):
                self._add(found, text, m, Category.SEXISM, "women belong in the kitchen", "kitchen")
        if words is None or "trans" in words:
            for m in self._homophobic.finditer(text):
                self._add(
                    found, text, m, Category.HOMOPHOBIA, "denying trans identity", "trans-denial"
                )
        if words is None or words & _SEND_BACK_WORDS:
            for m in self._send_back.finditer(text):
                self._add(found, text, m, self._fallback(text), "send them back", "send-back")
        return found

    def _fallback(self, text: str) -> Category:
        """Category for a pattern without a named group: the groups mentioned, else xenophobia."""
        mentioned = self.mentioned(text)
        for category in _CATEGORY_ORDER:
            if category in mentioned:
                return category
        return Category.XENOPHOBIA

    def _add(
        self,
        found: list[Finding],
        text: str,
        m: re.Match[str],
        category: Category | None,
        what: str,
        shape: str,
    ) -> None:
        if category is None:
            category = self._fallback(text)
        start = m.start()
        while start < m.end() and text[start] in " .!?,;:":
            start += 1
        if negated_before(text, start) or is_counter_speech(text, start, m.end()):
            return
        if what == "dehumanising statement" and NOT_SUBJECT.search(
            text[max(0, start - 40) : start]
        ):
            # "the treatment of refugees is disgusting": the group is not what is judged.
            return
        found.append(Finding(category.value, start, m.end(), f"{category.value}/en: {what}", shape))
        if what in _HARM and _VIOLENT.search(text, start, m.end()):
            # "Death to all X", "X should be shot": a threat as well as abuse of the group.
            found.append(
                Finding(_THREAT, start, m.end(), "threats/en: violence against a group", shape)
            )


_MORE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\b(?:i|we)\s+(?:\w+\s+){0,3}?(?:have|feel|got|harbou?r)\s+"
     r"(?:(?!no\b|not\b|never\b|any\b|zero\b|little\b)\w+\s+){0,3}?"
     r"(?:disdain|contempt|hatred|scorn|loathing|disgust|hate|revulsion)\s+"
     r"(?:for|towards?)\s+{q}{g}", "hatred"),
    (r"\bthe\s+(?:\w+\s+)?(?:disdain|contempt|hatred|scorn|loathing|disgust)\s+"
     r"(?:i|we)\s+(?:feel|have)\s+(?:for|towards?)\s+{q}{g}", "hatred"),
    (r"\b(?:so\s+)?(?:sick|tired)\s+(?:and\s+tired\s+)?of\s+(?:being\s+around\s+|"
     r"seeing\s+|all\s+(?:the|these|those)\s+)?{q}{g}"
     r"(?=\s*(?:like\s+(?:you|them)\b|[.!?,;]|$))", "hatred"),
    (r"\b{q}{g}(?:\s+like\s+(?:you|them))?\s+(?:fill|fills)\s+me\s+with\s+"
     r"(?:\w+\s+){0,2}?(?:rage|anger|hate|hatred|disgust|contempt)\b", "hatred"),
    (r"\b(?:fuck|fuk|fck|screw)\s+(?:all|the|those|these|you|every)\s+"
     r"(?:fucking\s+|bloody\s+|other\s+)?{g}", "hatred"),
    (r"\btypical\s+(?:of\s+)?(?:a|an|the|these|those|you)?\s*{g}(?:\s+to\b|"
     r"\s+(?:behaviou?r|logic|attitude)\b)", "degrading statement"),
    (r"\bin\s+(?:a\s+|the\s+)?{g}(?:'s|s')?\s+nature\s+to\b", "degrading statement"),
    (r"\b{q}{g}(?:\s+like\s+(?:you|them))?\s+(?:have|has)\s+no\s+(?:place\s+in|"
     r"right\s+to\s+(?:live|exist|be\s+alive|breathe|be\s+here))\b"
     r"(?!\s+(?:the\s+)?(?:debate|decision|process|matter|this\s+decision))",
     "group should be excluded or harmed"),
    (r"\b(?:no|not\s+any)\s+(?:place|room|space)\s+(?:\w+\s+){0,5}?for\s+(?:any\s+)?"
     r"{g}(?:\s+like\s+(?:you|them))?(?=\s*(?:[.!?,;]|$))", "group should be excluded or harmed"),
    (r"\b(?:world|country|we|town|city|society|everyone|britain|uk)\s+(?:would|will|"
     r"'?d)\s+be\s+(?:\w+\s+)?better\s+off\s+without\s+{q}{g}",
     "group should be excluded or harmed"),
    (r"\b(?:execution|extermination|death|the\s+gas\s+chamber|a\s+bullet)\s+is\s+"
     r"the\s+only\s+(?:solution|answer|cure)\s+for\s+{q}{g}", "call to harm a group"),
)  # fmt: skip


def _key(group: str) -> str:
    return " ".join(group.split())
