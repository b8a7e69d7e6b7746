"""A datasets folder in the shared layout, holding a few dozen rows this file makes up.

Enough for the real training pipeline to learn something in seconds: insults, threats,
profanity and promotion against ordinary news comments, in five corpora's own file formats.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.support.detoxify_checkpoint import ORIGINAL_LABELS

CLEAN = [
    "the council vote on the market was a good idea",
    "thanks for the useful article about the bridge",
    "i hope the new school opens before the election",
    "interesting report on the water budget of the city",
    "i agree with the mayor about the road",
    "great news for the hospital and the city",
    "the budget report is interesting news",
    "good article about the election and the vote",
]
INSULTS = [
    "you are an idiot and a moron",
    "shut up you pathetic clown",
    "what a stupid fool you are",
    "the mayor is a loser and an idiot",
]
THREATS = [
    "i will find you and hurt your family",
    "we will burn your house",
    "someone should shoot the mayor",
    "i will kill you and destroy your house",
]
PROFANE = ["this is shit", "fuck the council", "what a load of crap damn", "shit road fuck"]
PROMO = [
    "buy cheap watches visit www shop com",
    "click now to win a free offer",
    "subscribe to my channel for free sale",
    "call now discount offer buy cheap",
]


def write_tiny_corpora(root: Path, *, repeat: int = 3) -> Path:
    """Write jigsaw, olid, threatgram, youtube and sms files under root; returns root."""
    root.mkdir(parents=True, exist_ok=True)

    def variants(texts: list[str]) -> list[str]:
        # Distinct texts (dedup would drop exact repeats): the same words, numbered.
        return [f"{t} {'again ' * i}".strip() for i in range(repeat) for t in texts]

    jig = root / "jigsaw-train"
    jig.mkdir(exist_ok=True)
    with (jig / "train.5k.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "comment_text", *ORIGINAL_LABELS, "is_bad"])
        n = 0
        for texts, flags in (
            (CLEAN, (0, 0, 0, 0, 0, 0)),
            (INSULTS, (1, 0, 0, 0, 1, 0)),
            (THREATS, (1, 0, 0, 1, 0, 0)),
            (PROFANE, (1, 0, 1, 0, 0, 0)),
        ):
            for text in variants(texts):
                n += 1
                w.writerow([f"id{n}", text, *flags, any(flags)])
    olid = root / "olid-train"
    olid.mkdir(exist_ok=True)
    with (olid / "olid-training-v1.0.tsv").open("w", encoding="utf-8") as fh:
        fh.write("id\ttweet\tsubtask_a\tsubtask_b\tsubtask_c\n")
        for i, text in enumerate(variants(CLEAN)):
            fh.write(f"{i}\t@USER {text} today\tNOT\tNULL\tNULL\n")
        for i, text in enumerate(variants(INSULTS)):
            fh.write(f"{100 + i}\t@USER {text} today\tOFF\tTIN\tIND\n")
    tg = root / "threatgram101"
    tg.mkdir(exist_ok=True)
    rows = [{"reply": f"{t} tonight", "Label": 2} for t in variants(THREATS)]
    rows += [{"reply": f"{t} tonight", "Label": 0} for t in variants(CLEAN)]
    (tg / "Labeled_15076.json").write_text(json.dumps(rows), encoding="utf-8")
    yt = root / "youtube-spam"
    yt.mkdir(exist_ok=True)
    for video in ("Youtube01-Psy.csv", "Youtube03-LMFAO.csv"):
        with (yt / video).open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["COMMENT_ID", "AUTHOR", "DATE", "CONTENT", "label"])
            for i, text in enumerate(variants(PROMO)):
                w.writerow([f"{video}{i}", "a", "2013", f"{text} {video[:9]}", 1])
            for i, text in enumerate(variants(CLEAN)):
                w.writerow([f"{video}c{i}", "a", "2013", f"{text} song {video[:9]}", 0])
    sms = root / "sms-spam"
    sms.mkdir(exist_ok=True)
    with (sms / "SMSSpamCollection").open("w", encoding="utf-8") as fh:
        fh.write("Label\tSMS\n")
        for text in variants(PROMO):
            fh.write(f"spam\t{text} text us\n")
        for text in variants(CLEAN):
            fh.write(f"ham\t{text} see you\n")
    return root
