"""Read the public corpora, map their labels, deduplicate across corpora and split.

Every corpus gets its own train / dev / test split, fixed by a hash of the normalised text, so
a row's split never depends on what else was loaded, and duplicates (within and across corpora,
boilerplate spam that repeats across YouTube videos, retweets) are dropped *before* splitting:
no text sits in two splits. YouTube is split by video: the LMFAO video is held out of training
(its comments are dev and test), so promotion is measured on a video the model never saw.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from moderation.model.labels import HOUSE_LABELS, LICENCES, MAPPERS, Target

SPLITS = ("train", "dev", "test")
DEV_PERCENT = 10
TEST_PERCENT = 10
#: At most this many dev (and test) rows per corpus: enough for a threshold, cheap to score.
HELD_OUT_CAP = 2000
HELD_OUT_VIDEO = "Youtube03-LMFAO.csv"

csv.field_size_limit(10_000_000)


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled comment: text, corpus, target per house label (None = not judged)."""

    text: str
    corpus: str
    target: tuple[int | None, ...]
    split: str = "train"
    weight: float = 1.0

    @classmethod
    def make(cls, text: str, corpus: str, target: Target, **kw: object) -> Example:
        """Build from a label dict (every house label present)."""
        return cls(text, corpus, tuple(target[label] for label in HOUSE_LABELS), **kw)  # type: ignore[arg-type]

    def label(self, name: str) -> int | None:
        """The target of one house label."""
        return self.target[HOUSE_LABELS.index(name)]


_SPACE = re.compile(r"\s+")
_NOISE = re.compile(r"@\w+|https?://\S+|www\.\S+|\burl\b|^rt\b|<lf>")


def normalise(text: str) -> str:
    """The key duplicates share: case, accents, handles, links, retweet marks and spacing folded."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _NOISE.sub(" ", text)
    text = "".join(ch for ch in text if ch.isalnum() or ch.isspace())
    return _SPACE.sub(" ", text).strip()


def bucket(key: str) -> int:
    """0..99 from a hash of the key: where a row falls in its split."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 100


def split_of(key: str) -> str:
    """train / dev / test from the normalised text alone."""
    value = bucket(key)
    if value < DEV_PERCENT:
        return "dev"
    if value < DEV_PERCENT + TEST_PERCENT:
        return "test"
    return "train"


# ----------------------------------------------------------------------------- raw readers
Raw = tuple[str, dict[str, str]]


def _csv(path: Path, **kw: object) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, **kw)  # type: ignore[arg-type]


def _jigsaw(root: Path) -> Iterator[Raw]:
    for path in sorted((root / "jigsaw-train").glob("train.*.csv")):
        for row in _csv(path):
            yield row["comment_text"], row


def _olid(root: Path) -> Iterator[Raw]:
    for row in _csv(root / "olid-train" / "olid-training-v1.0.tsv", delimiter="\t"):
        yield row["tweet"], row


def _davidson(root: Path) -> Iterator[Raw]:
    for row in _csv(root / "davidson" / "labeled_data.csv"):
        yield row["tweet"], row


def _threatgram(root: Path) -> Iterator[Raw]:
    data = json.loads((root / "threatgram101" / "Labeled_15076.json").read_text(encoding="utf-8"))
    for row in data:
        yield str(row.get("reply") or ""), {"Label": str(row.get("Label"))}


def _youtube(root: Path) -> Iterator[Raw]:
    for path in sorted((root / "youtube-spam").glob("Youtube*.csv")):
        for row in _csv(path):
            yield row["CONTENT"], {"label": row["label"], "video": path.name}


def _sms(root: Path) -> Iterator[Raw]:
    for row in _csv(root / "sms-spam" / "SMSSpamCollection", delimiter="\t"):
        yield row["SMS"], {"label": "1" if row["Label"] == "spam" else "0"}


def _aljazeera(root: Path) -> Iterator[Raw]:
    folder = root / "arabic-aljazeera-abusive"
    for name in ("AJ-train.tsv", "AJ-dev.tsv", "tweet-train.tsv", "tweet-dev.tsv"):
        for row in _csv(folder / name, delimiter="\t"):
            yield row["text"], row


def _osact4(root: Path) -> Iterator[Raw]:
    folder = root / "arabic-osact4"
    for name in ("OSACT2020-sharedTask-train.txt", "OSACT2020-sharedTask-dev.txt"):
        with (folder / name).open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 3:
                    yield parts[0].replace("<LF>", "\n"), {"off": parts[1], "hs": parts[2]}


def _lhsab(root: Path) -> Iterator[Raw]:
    for row in _csv(root / "arabic-lhsab" / "L-HSAB", delimiter="\t"):
        yield row["Tweet"], row


def _offenseval_tr(root: Path) -> Iterator[Raw]:
    path = root / "turkish-offenseval2020" / "offenseval-tr-training-v1.tsv"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and parts[2] in {"OFF", "NOT"}:
                yield parts[1], {"subtask_a": parts[2]}


def _phate(root: Path) -> Iterator[Raw]:
    for name in ("train_simple.csv", "val_simple.csv"):
        for row in _csv(root / "persian-phate" / name):
            yield row["text"], row


def _parsoffensive(root: Path) -> Iterator[Raw]:
    for row in _csv(root / "persian-parsoffensive" / "ParsOffensive.csv"):
        yield row["comment"], row


READERS = {
    "jigsaw": _jigsaw,
    "olid": _olid,
    "davidson": _davidson,
    "threatgram": _threatgram,
    "youtube": _youtube,
    "sms": _sms,
    "aljazeera": _aljazeera,
    "osact4": _osact4,
    "lhsab": _lhsab,
    "offenseval_tr": _offenseval_tr,
    "phate": _phate,
    "parsoffensive": _parsoffensive,
}
#: Corpora whose licence allows shipping weights trained on them (see labels.LICENCES).
SHIPPED_CORPORA: tuple[str, ...] = tuple(c for c in READERS if LICENCES[c].shipped)


def available(root: Path) -> list[str]:
    """Corpora whose files are present under root (and hold at least one row)."""
    found = []
    for name, reader in READERS.items():
        try:
            first = next(iter(reader(root)), None)
        except (FileNotFoundError, NotADirectoryError):
            continue
        if first is not None:
            found.append(name)
    return found


def read_corpus(root: Path, name: str) -> Iterator[tuple[str, Target, dict[str, str]]]:
    """(text, target, raw row) for every non-empty row of one corpus."""
    mapper = MAPPERS[name]
    for text, row in READERS[name](root):
        text = (text or "").strip()
        if text:
            yield text, mapper(row), row


def assign_splits(
    rows: Iterable[tuple[str, str, Target, Mapping[str, str]]],
) -> tuple[list[Example], dict[str, int]]:
    """Deduplicate (first occurrence wins, in corpus order) and split; also count the drops."""
    seen: set[str] = set()
    held: dict[tuple[str, str], int] = {}
    examples: list[Example] = []
    dropped = {"duplicate": 0, "held_out_cap": 0}
    for corpus, text, target, raw in rows:
        key = normalise(text)
        if not key or key in seen:
            dropped["duplicate"] += 1
            continue
        seen.add(key)
        if corpus == "youtube":
            if raw.get("video") != HELD_OUT_VIDEO:
                split = "train"
            else:
                split = "dev" if bucket(key) < 50 else "test"
        else:
            split = split_of(key)
        if split != "train":
            count = held.get((corpus, split), 0)
            if count >= HELD_OUT_CAP:
                dropped["held_out_cap"] += 1
                continue
            held[(corpus, split)] = count + 1
        examples.append(Example.make(text, corpus, target, split=split))
    return examples, dropped


def load(root: Path, corpora: Iterable[str] | None = None) -> tuple[list[Example], dict[str, int]]:
    """Every example of the given corpora (default: all present), deduplicated and split."""
    names = list(corpora) if corpora is not None else available(root)
    unknown = sorted(set(names) - set(READERS))
    if unknown:
        raise ValueError(f"unknown corpora {unknown}; known: {', '.join(READERS)}")

    def rows() -> Iterator[tuple[str, str, Target, Mapping[str, str]]]:
        for name in names:
            for text, target, raw in read_corpus(root, name):
                yield name, text, target, raw

    return assign_splits(rows())


def with_weight(examples: Iterable[Example], weight: float) -> list[Example]:
    """The same examples, each counting ``weight`` times in the loss."""
    return [replace(e, weight=weight) for e in examples]
