"""The public labelled sets read as evaluation rows: Jigsaw, ETHOS, HateCheck, YouTube and SMS spam.

Read at run time from `../shared/datasets/` (their README: provenance, licences, label caveats);
nothing is stored in the repository. `scripts/screening_report.py` measures screening
configurations on them and exports them as labelled JSON lines for `flask moderation evaluate
--input` (recall per category, false flags, the worst misses); the house model's own corpora and
splits are `moderation/model/corpora.py`.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: Where the shared datasets sit beside a checkout.
DEFAULT_DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"

#: HateCheck's non-hateful functionalities a comment system must pass (counted as clean).
MUST_PASS_HATECHECK = {
    "counter_quote_nh",
    "counter_ref_nh",
    "ident_neutral_nh",
    "ident_pos_nh",
    "negate_neg_nh",
    "slur_homonym_nh",
    "slur_reclaimed_nh",
}
HATECHECK_TARGET = {
    "women": "sexism",
    "black people": "racism",
    "Muslims": "racism",
    "gay people": "homophobia",
    "trans people": "homophobia",
    "immigrants": "xenophobia",
    "disabled people": "personal_attack",
}


@dataclass
class Row:
    """One labelled comment: which guideline categories it breaks (empty set: clean)."""

    source: str
    text: str
    expected: set[str]
    clean: bool
    kind: str = ""  # e.g. a HateCheck functionality


def _csv(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        yield from csv.DictReader(fh, delimiter=delimiter)


def load_jigsaw(root: Path) -> Iterator[Row]:
    """Jigsaw sample: obscene -> profanity/vulgarity, threat, insult, identity_hate -> abuse."""
    for path in sorted((root / "jigsaw-train").glob("*.csv")):
        for r in _csv(path):
            labels = {k for k in ("toxic", "severe_toxic", "obscene", "threat", "insult",
                                  "identity_hate") if r.get(k) == "1"}  # fmt: skip
            expected = set()
            if "obscene" in labels:
                expected.add("profanity|vulgarity")
            if "threat" in labels:
                expected.add("threat")
            if "insult" in labels:
                expected.add("personal_attack")
            if "identity_hate" in labels:
                expected.add("abuse")
            if labels and not expected:
                expected.add("toxic_only")
            yield Row("jigsaw", r["comment_text"], expected, clean=not labels)


def load_ethos(root: Path) -> Iterator[Row]:
    """ETHOS multi-label: annotator fractions >= 0.5 mean yes."""
    path = root / "ethos" / "Ethos_Dataset_Multi_Label.csv"
    if not path.is_file():
        return
    for r in _csv(path, delimiter=";"):
        yes = {k for k, v in r.items() if k != "comment" and _float(v) >= 0.5}
        expected = set()
        if "violence" in yes:
            expected.add("threat")
        if "gender" in yes:
            expected.add("sexism")
        if yes & {"race", "religion"}:
            expected.add("racism")
        if "national_origin" in yes:
            expected.add("xenophobia")
        if "sexual_orientation" in yes:
            expected.add("homophobia")
        if "disability" in yes or ("directed_vs_generalized" in yes and not expected - {"threat"}):
            expected.add("personal_attack")
        if expected:
            yield Row("ethos", r["comment"], expected, clean=False)


def load_hatecheck(root: Path) -> Iterator[Row]:
    """HateCheck: hateful cases by target; the must-pass non-hateful functionalities as clean."""
    path = root / "hatecheck" / "test_suite_cases.csv"
    if not path.is_file():
        return
    for r in _csv(path):
        func = r["functionality"]
        if r["label_gold"] == "hateful":
            target = HATECHECK_TARGET.get(r["target_ident"], "abuse")
            expected = {"threat" if func.startswith("threat") else target}
            yield Row("hatecheck", r["test_case"], expected, clean=False, kind=func)
        elif func in MUST_PASS_HATECHECK:
            yield Row("hatecheck", r["test_case"], set(), clean=True, kind=func)


def load_spam(root: Path) -> Iterator[Row]:
    """YouTube comments and SMS: spam -> promotion; ham kept to count false promotion flags."""
    for path in sorted((root / "youtube-spam").glob("*.csv")):
        for r in _csv(path):
            spam = r.get("label", r.get("CLASS", "0")).strip() == "1"
            text = html.unescape(re.sub(r"<br\s*/?>", " ", r["CONTENT"]))
            yield Row("youtube", text, {"promotion"} if spam else set(), clean=False)
    path = root / "sms-spam" / "SMSSpamCollection"
    if path.is_file():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
            label, _, text = line.partition("\t")
            spam = label.strip() == "spam"
            yield Row("sms", text, {"promotion"} if spam else set(), clean=False)


def _float(value: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
