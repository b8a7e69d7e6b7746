"""Fixtures for the model half of screening: a tiny real Detoxify checkpoint, built once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from moderation.classifier import DetoxifyClassifier
from tests.support.detoxify_checkpoint import build_checkpoint, hf_dir_of

# None of the imports above pulls in transformers (they import it lazily), so this still
# lands before transformers reads it: unit tests never touch the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")


class TinyModel(NamedTuple):
    """Paths of the tiny checkpoint and its Hugging Face folder."""

    checkpoint: Path
    hf_dir: Path


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> TinyModel:
    """A seeded BERT (32 hidden, 2 layers) in Detoxify's checkpoint format, unbiased labels."""
    # A wider init than BERT's 0.02 spreads the random scores (~0.25-0.8), so a result
    # returned for the wrong text is visible, not lost in a sea of 0.5s.
    checkpoint = build_checkpoint(tmp_path_factory.mktemp("tiny-detoxify"), initializer_range=0.2)
    return TinyModel(checkpoint, hf_dir_of(checkpoint))


@pytest.fixture(scope="session")
def tiny_classifier(tiny_model: TinyModel) -> Iterator[DetoxifyClassifier]:
    """The tiny model loaded once through DetoxifyClassifier (fp32)."""
    classifier = DetoxifyClassifier(
        checkpoint=tiny_model.checkpoint, hf_config_path=tiny_model.hf_dir, batch_size=4
    )
    classifier.load()
    yield classifier
