"""Fixtures for the model half of screening: a tiny real Detoxify checkpoint, built once."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from moderation.classifier import DetoxifyClassifier
from tests.conftest import TinyModel

# None of the imports above pulls in transformers (they import it lazily), so this still
# lands before transformers reads it: unit tests never touch the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def tiny_classifier(tiny_model: TinyModel) -> Iterator[DetoxifyClassifier]:
    """The tiny model loaded once through DetoxifyClassifier (fp32)."""
    classifier = DetoxifyClassifier(
        checkpoint=tiny_model.checkpoint, hf_config_path=tiny_model.hf_dir, batch_size=4
    )
    classifier.load()
    yield classifier
