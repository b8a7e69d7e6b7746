"""The house model's data: label mapping per corpus, deduplication, splits, training selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from moderation.model import corpora
from moderation.model.corpora import Example, assign_splits, normalise
from moderation.model.labels import HOUSE_LABELS, LICENCES, MAPPERS
from moderation.model.train import TrainSettings, select_training
from tests.support.tiny_corpora import write_tiny_corpora

N = None


def _t(values: tuple[int | None, ...]) -> dict[str, int | None]:
    return dict(zip(HOUSE_LABELS, values, strict=True))


#                  violation profanity threat attack identity promotion
MAPPING_CASES = [
    (
        "jigsaw",
        {
            "toxic": "0",
            "severe_toxic": "0",
            "obscene": "0",
            "threat": "0",
            "insult": "0",
            "identity_hate": "0",
        },
        (0, 0, 0, 0, 0, 0),
    ),
    (
        "jigsaw",
        {
            "toxic": "1",
            "severe_toxic": "0",
            "obscene": "1",
            "threat": "0",
            "insult": "1",
            "identity_hate": "0",
        },
        (1, 1, 0, 1, 0, 0),
    ),
    (
        "jigsaw",
        {
            "toxic": "0",
            "severe_toxic": "0",
            "obscene": "0",
            "threat": "1",
            "insult": "0",
            "identity_hate": "0",
        },
        (1, 0, 1, 0, 0, 0),
    ),
    ("olid", {"subtask_a": "NOT", "subtask_b": "NULL", "subtask_c": "NULL"}, (0, 0, 0, 0, 0, N)),
    ("olid", {"subtask_a": "OFF", "subtask_b": "UNT", "subtask_c": "NULL"}, (1, 1, N, N, N, N)),
    ("olid", {"subtask_a": "OFF", "subtask_b": "TIN", "subtask_c": "IND"}, (1, N, N, 1, 0, N)),
    ("olid", {"subtask_a": "OFF", "subtask_b": "TIN", "subtask_c": "GRP"}, (1, N, N, 0, 1, N)),
    ("olid", {"subtask_a": "OFF", "subtask_b": "TIN", "subtask_c": "OTH"}, (1, N, N, N, N, N)),
    ("davidson", {"class": "0"}, (1, N, N, N, 1, N)),
    ("davidson", {"class": "1"}, (1, N, N, N, N, N)),
    ("davidson", {"class": "2"}, (0, 0, 0, 0, 0, N)),
    ("threatgram", {"Label": "2"}, (1, N, 1, N, N, N)),
    ("threatgram", {"Label": "1"}, (1, N, 1, N, N, N)),
    ("threatgram", {"Label": "0"}, (N, N, 0, N, N, N)),
    ("youtube", {"label": "1"}, (1, N, N, N, N, 1)),
    ("youtube", {"label": "0"}, (0, N, N, N, N, 0)),
    ("sms", {"label": "1"}, (1, N, N, N, N, 1)),
    ("aljazeera", {"level": "-2"}, (1, 1, N, N, N, N)),
    ("aljazeera", {"level": "-1"}, (1, 0, N, 1, N, N)),
    ("aljazeera", {"level": "0"}, (0, 0, 0, 0, 0, 0)),
    ("osact4", {"off": "OFF", "hs": "HS"}, (1, N, N, N, 1, N)),
    ("osact4", {"off": "OFF", "hs": "NOT_HS"}, (1, N, N, N, 0, N)),
    ("osact4", {"off": "NOT_OFF", "hs": "NOT_HS"}, (0, 0, 0, 0, 0, N)),
    ("lhsab", {"Class": "hate"}, (1, N, N, N, 1, N)),
    ("lhsab", {"Class": "abusive"}, (1, N, N, N, 0, N)),
    ("lhsab", {"Class": "normal"}, (0, 0, 0, 0, 0, N)),
    ("offenseval_tr", {"subtask_a": "OFF"}, (1, N, N, N, N, N)),
    ("offenseval_tr", {"subtask_a": "NOT"}, (0, 0, 0, 0, 0, N)),
    ("phate", {"HateSpeech": "1", "Violenc": "1", "Vulgar": "0"}, (1, 0, 1, N, N, N)),
    ("phate", {"HateSpeech": "0", "Violenc": "0", "Vulgar": "0"}, (0, 0, 0, N, N, N)),
    ("parsoffensive", {"label": "Offensive"}, (1, N, N, N, N, N)),
    ("parsoffensive", {"label": "Neutral"}, (0, 0, 0, 0, 0, N)),
]


@pytest.mark.parametrize(("corpus", "row", "expected"), MAPPING_CASES)
def test_each_corpus_label_maps_onto_the_house_labels(
    corpus: str, row: dict[str, str], expected: tuple[int | None, ...]
) -> None:
    assert MAPPERS[corpus](row) == _t(expected)


def test_every_mapped_corpus_is_read_and_has_a_licence_decision() -> None:
    assert set(MAPPERS) == set(corpora.READERS) == set(LICENCES)
    # Research-only, non-commercial and copyleft corpora are not even readable for training.
    for excluded in ("hasoc", "trac", "ethos", "impermium", "hatecheck", "datacamp"):
        assert not any(excluded in name for name in corpora.READERS)
    assert all(LICENCES[c].shipped for c in corpora.SHIPPED_CORPORA)
    assert {c for c, lic in LICENCES.items() if lic.review} == {
        "aljazeera",
        "osact4",
        "lhsab",
        "phate",
        "parsoffensive",
    }


def test_normalise_folds_what_duplicates_differ_in() -> None:
    assert normalise("RT @someone: Check THIS  out https://x.y/z !!") == normalise("check this out")
    assert normalise("Café") == normalise("café")
    assert normalise("one two") != normalise("one three")


def _rows(*items: tuple[str, str]) -> list[tuple[str, str, dict, dict]]:
    clean = dict.fromkeys(HOUSE_LABELS, 0)
    return [(corpus, text, clean, {}) for corpus, text in items]


def test_duplicates_within_and_across_corpora_are_dropped_before_splitting() -> None:
    examples, dropped = assign_splits(
        _rows(
            ("jigsaw", "The council vote was fair"),
            ("jigsaw", "the council vote was fair!"),
            ("olid", "@USER The council vote was fair URL"),
            ("olid", "A different comment"),
        )
    )
    assert [(e.corpus, e.text) for e in examples] == [
        ("jigsaw", "The council vote was fair"),
        ("olid", "A different comment"),
    ]
    assert dropped["duplicate"] == 2


def test_no_text_is_in_two_splits_and_splits_do_not_depend_on_other_corpora(
    tmp_path: Path,
) -> None:
    root = write_tiny_corpora(tmp_path / "data", repeat=4)
    everything, _ = corpora.load(root)
    keys: dict[str, str] = {}
    for e in everything:
        key = normalise(e.text)
        assert keys.setdefault(key, e.split) == e.split
    assert {e.split for e in everything} == {"train", "dev", "test"}
    alone, _ = corpora.load(root, ["sms"])
    split_alone = {e.text: e.split for e in alone}
    assert all(split_alone[e.text] == e.split for e in everything if e.corpus == "sms")


def test_youtube_is_split_by_video_so_promotion_is_measured_on_an_unseen_one(
    tmp_path: Path,
) -> None:
    root = write_tiny_corpora(tmp_path / "data", repeat=4)
    examples, _ = corpora.load(root, ["youtube"])
    held = [e for e in examples if e.split != "train"]
    assert held and all("Youtube03" in e.text for e in held)
    assert all("Youtube01" in e.text for e in examples if e.split == "train")


def test_missing_corpora_are_skipped_and_unknown_names_refused(tmp_path: Path) -> None:
    root = write_tiny_corpora(tmp_path / "data")
    assert corpora.available(root) == ["jigsaw", "olid", "threatgram", "youtube", "sms"]
    assert corpora.available(tmp_path / "nothing") == []
    with pytest.raises(ValueError, match="unknown corpora"):
        corpora.load(root, ["jigsaw", "reddit"])


def test_training_selection_caps_per_corpus_and_per_target_and_keeps_held_out_out() -> None:
    clean = tuple(0 for _ in HOUSE_LABELS)
    bad = (1, None, None, None, None, None)
    rows = [Example(f"c{i}", "davidson", clean) for i in range(30)]
    rows += [Example(f"b{i}", "davidson", bad) for i in range(60)]
    rows += [Example(f"d{i}", "davidson", bad, split="dev") for i in range(10)]
    rows += [Example(f"y{i}", "youtube", clean) for i in range(5)]
    settings = TrainSettings(
        caps={"davidson": 40}, per_target={"davidson": 25}, weights={"youtube": 2.0}
    )
    chosen = select_training(rows, settings)
    davidson = [e for e in chosen if e.corpus == "davidson"]
    assert len(davidson) == 40
    assert sum(e.target == bad for e in davidson) <= 25
    assert all(e.split == "train" for e in chosen)
    assert [e.weight for e in chosen if e.corpus == "youtube"] == [2.0] * 5
    assert select_training(rows, settings) == chosen  # seeded: the same every run
