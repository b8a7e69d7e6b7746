"""The house model's labels and how every corpus's labels map onto them: one table, in code.

Each corpus speaks to some labels only. A row's target is 1 (the label applies), 0 (it does not)
or None (the corpus says nothing about it: masked out of the loss and out of that label's
metrics). ``violation`` is "breaks the guidelines at all"; the others are guideline categories.
The same table is printed into docs/MODEL.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from moderation.guidelines import Category

HOUSE_LABELS: tuple[str, ...] = (
    "violation",
    "profanity",
    "threat",
    "personal_attack",
    "identity_abuse",
    "promotion",
)
#: Model label -> guideline category. identity_abuse is refined into sexism / racism /
#: homophobia / xenophobia by the identity groups the rules find; promotion into commercial or
#: personal promotion by the promotion rules. violation has no category: it orders the queue.
LABEL_CATEGORY: dict[str, Category | None] = {
    "violation": None,
    "profanity": Category.PROFANITY,
    "threat": Category.THREAT,
    "personal_attack": Category.PERSONAL_ATTACK,
    "identity_abuse": None,
    "promotion": Category.COMMERCIAL_PROMOTION,
}

Target = dict[str, int | None]
Mapper = Callable[[Mapping[str, str]], Target]


def _t(**values: int | None) -> Target:
    """A full target: every house label, None where not given."""
    unknown = set(values) - set(HOUSE_LABELS)
    if unknown:
        raise ValueError(f"unknown house label(s): {sorted(unknown)}")
    return {label: values.get(label) for label in HOUSE_LABELS}


def _clean_all() -> Target:
    """A row the corpus calls clean on every abuse label (promotion not judged)."""
    return _t(violation=0, profanity=0, threat=0, personal_attack=0, identity_abuse=0)


def jigsaw(row: Mapping[str, str]) -> Target:
    """Wikipedia talk pages: obscene -> profanity, insult -> attack, identity_hate -> abuse."""
    v = {
        k: int(float(row[k]))
        for k in ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")
    }
    return _t(
        violation=int(any(v.values())),
        profanity=v["obscene"],
        threat=v["threat"],
        personal_attack=v["insult"],
        identity_abuse=v["identity_hate"],
        promotion=0,
    )


def olid(row: Mapping[str, str]) -> Target:
    """OLID: A offensive; B untargeted (UNT) = profanity; C IND = attack, GRP = identity abuse."""
    if row["subtask_a"] == "NOT":
        return _clean_all()
    b, c = row["subtask_b"], row["subtask_c"]
    return _t(
        violation=1,
        profanity=1 if b == "UNT" else None,
        personal_attack=1 if c == "IND" else (0 if c == "GRP" else None),
        identity_abuse=1 if c == "GRP" else (0 if c == "IND" else None),
    )


def davidson(row: Mapping[str, str]) -> Target:
    """Davidson: 0 hate speech, 1 offensive (keyword-sampled: violation only), 2 neither."""
    cls = row["class"]
    if cls == "0":
        return _t(violation=1, identity_abuse=1)
    if cls == "1":
        return _t(violation=1)
    return _clean_all()


def threatgram(row: Mapping[str, str]) -> Target:
    """ThreatGram: 2 explicit and 1 implicit threat; 0 no threat (other offence not judged)."""
    level = row["Label"]
    if level in {"1", "2"}:
        return _t(violation=1, threat=1)
    return _t(threat=0)


def spam(row: Mapping[str, str]) -> Target:
    """YouTube and SMS: spam / self-promotion = promotion; ham is clean of promotion."""
    if row["label"] == "1":
        return _t(violation=1, promotion=1)
    return _t(violation=0, promotion=0)


def aljazeera(row: Mapping[str, str]) -> Target:
    """Al Jazeera reader comments: -2 obscene = profanity, -1 offensive = attack, 0 clean."""
    level = row["level"].strip()
    if level == "-2":
        return _t(violation=1, profanity=1)
    if level == "-1":
        return _t(violation=1, personal_attack=1, profanity=0)
    return {**_clean_all(), "promotion": 0}


def osact4(row: Mapping[str, str]) -> Target:
    """OffensEval 2020 Arabic: OFF offensive, HS hate speech (identity abuse)."""
    off, hs = row["off"] == "OFF", row["hs"] == "HS"
    if not off:
        return _clean_all()
    return _t(violation=1, identity_abuse=1 if hs else 0)


def lhsab(row: Mapping[str, str]) -> Target:
    """L-HSAB: hate (identity abuse), abusive, normal."""
    cls = row["Class"].strip()
    if cls == "hate":
        return _t(violation=1, identity_abuse=1)
    if cls == "abusive":
        return _t(violation=1, identity_abuse=0)
    return _clean_all()


def offenseval_tr(row: Mapping[str, str]) -> Target:
    """OffensEval 2020 Turkish: OFF / NOT."""
    return _t(violation=1) if row["subtask_a"] == "OFF" else _clean_all()


def phate(row: Mapping[str, str]) -> Target:
    """Persian pHate: Violenc = threat, Vulgar = profanity, HateSpeech = any of them."""
    return _t(
        violation=int(row["HateSpeech"]),
        threat=int(row["Violenc"]),
        profanity=int(row["Vulgar"]),
    )


def parsoffensive(row: Mapping[str, str]) -> Target:
    """ParsOffensive (Instagram): Offensive / Neutral."""
    return _t(violation=1) if row["label"] == "Offensive" else _clean_all()


@dataclass(frozen=True, slots=True)
class Licence:
    """What a corpus's licence lets us do with a model trained on it."""

    text: str
    shipped: bool  # used for the weights committed to the repository
    review: bool = False  # no licence stated: recorded and flagged for review


#: How each corpus's licence was read (shared/datasets/README.md). Corpora not listed here
#: (HASOC research-only, TRAC non-commercial, ETHOS copyleft, Impermium unclear, DataCamp no
#: licence and one annotator, HateCheck a test suite) are never trained on for the shipped model.
LICENCES: dict[str, Licence] = {
    "jigsaw": Licence("labels CC0, text CC BY-SA 3.0 (attribute)", True),
    "olid": Licence("CC BY 4.0", True),
    "davidson": Licence("MIT", True),
    "threatgram": Licence("CC BY 4.0", True),
    "youtube": Licence("CC BY 4.0 (UCI; cite)", True),
    "sms": Licence("free, as is; cite the authors", True),
    "aljazeera": Licence("none stated (research release)", True, review=True),
    "osact4": Licence("none stated (OffensEval 2020)", True, review=True),
    "lhsab": Licence("none stated", True, review=True),
    "offenseval_tr": Licence("CC BY (authors' site)", True),
    "phate": Licence("none stated", True, review=True),
    "parsoffensive": Licence("none stated; cite", True, review=True),
}

MAPPERS: dict[str, Mapper] = {
    "jigsaw": jigsaw,
    "olid": olid,
    "davidson": davidson,
    "threatgram": threatgram,
    "youtube": spam,
    "sms": spam,
    "aljazeera": aljazeera,
    "osact4": osact4,
    "lhsab": lhsab,
    "offenseval_tr": offenseval_tr,
    "phate": phate,
    "parsoffensive": parsoffensive,
}
