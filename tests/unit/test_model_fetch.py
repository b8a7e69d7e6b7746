"""fetch_model / load_fetched, exercised offline with file:// URLs and a local HF folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from moderation.classifier import DetoxifyClassifier, file_sha256
from moderation.classifier_loading import ClassifierSettings, load_classifier
from moderation.model_fetch import (
    CHECKPOINT_FILE,
    MANIFEST,
    fetch_model,
    load_fetched,
    read_manifest,
)
from tests.conftest import TinyModel

TEXTS = ["the council met on tuesday", "you are an idiot", ""]


@pytest.fixture
def fetched(tiny_model: TinyModel, tmp_path: Path) -> Path:
    """The tiny checkpoint fetched as if from a release URL into a portable folder."""
    return fetch_model(
        "unbiased",
        tmp_path / "bundle",
        checkpoint_url=tiny_model.checkpoint.as_uri(),
        hf_name=str(tiny_model.hf_dir),
    )


@pytest.mark.model
def test_fetch_writes_a_self_contained_folder(fetched: Path, tiny_model: TinyModel) -> None:
    manifest = read_manifest(fetched)
    assert manifest["model_type"] == "unbiased"
    assert manifest["source_sha256"] == file_sha256(tiny_model.checkpoint)
    assert manifest["source_url"].startswith("file://")
    assert manifest["bound_to"] == str(fetched / "hf")
    assert (fetched / "hf" / "config.json").is_file()
    checkpoint, hf_dir = load_fetched(fetched)
    assert checkpoint == fetched / CHECKPOINT_FILE
    assert hf_dir == fetched / "hf"


@pytest.mark.model
def test_fetched_model_scores_like_the_source(
    fetched: Path, tiny_classifier: DetoxifyClassifier
) -> None:
    model = DetoxifyClassifier(checkpoint=fetched)  # a folder: read through its manifest
    assert model.predict(TEXTS) == [
        pytest.approx(s, abs=1e-6) for s in tiny_classifier.predict(TEXTS)
    ]
    assert model.name == "detoxify:unbiased"
    assert model.version == "unbiased-" + read_manifest(fetched)["source_sha256"][:8]


@pytest.mark.model
def test_moved_folder_is_rebound_and_still_loads(fetched: Path, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere" / "model"
    shutil.copytree(fetched, moved)
    shutil.rmtree(fetched)  # the old location no longer exists, as on another server
    checkpoint, hf_dir = load_fetched(moved)
    assert hf_dir == moved / "hf"
    assert read_manifest(moved)["bound_to"] == str(moved / "hf")
    classifier, status = load_classifier(ClassifierSettings(checkpoint=moved))
    assert status.available, status.detail
    assert status.name == "detoxify:unbiased"
    assert classifier is not None
    assert len(classifier.predict(TEXTS)) == 3


@pytest.mark.model
def test_hash_in_file_name_is_verified(tiny_model: TinyModel, tmp_path: Path) -> None:
    renamed = tmp_path / "toxic_debiased-deadbeef.ckpt"
    shutil.copy(tiny_model.checkpoint, renamed)
    with pytest.raises(RuntimeError, match="invalid hash value"):
        fetch_model(
            "unbiased",
            tmp_path / "b",
            checkpoint_url=renamed.as_uri(),
            hf_name=str(tiny_model.hf_dir),
        )


@pytest.mark.parametrize(
    ("model_type", "url", "message"),
    [
        ("huge", None, "unknown Detoxify model type"),
        ("unbiased", "ftp://example.invalid/x.ckpt", "unsupported checkpoint URL scheme"),
    ],
)
def test_bad_requests_are_refused(
    tmp_path: Path, model_type: str, url: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        fetch_model(model_type, tmp_path, checkpoint_url=url)


def test_missing_or_foreign_manifest(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not a fetched model folder"):
        load_fetched(tmp_path)
    (tmp_path / MANIFEST).write_text(json.dumps({"format": 99}), encoding="utf-8")
    with pytest.raises(ValueError, match="unsupported model folder format 99"):
        read_manifest(tmp_path)


@pytest.mark.model
def test_folder_missing_its_checkpoint_falls_back(
    fetched: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (fetched / CHECKPOINT_FILE).unlink()
    classifier, status = load_classifier(ClassifierSettings(checkpoint=fetched))
    assert not status.available and status.fallback
    assert "checkpoint missing from fetched folder" in status.detail
