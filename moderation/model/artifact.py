"""The shipped house model: LoRA adapter files + house.json, loaded through Detoxify's code.

Layout of an artifact folder (moderation/model/house/ in the repository)::

    adapter_model.safetensors   LoRA matrices, pooler and classification head (safetensors)
    adapter_config.json         peft's description of the adapter
    house.json                  labels, base model and its SHA-256, max length, training
                                settings and data, dev metrics, the combiner and thresholds

Loading: extract and verify the base weights (base.py), apply and merge the adapter (peft),
write the merged weights as a Detoxify checkpoint *in memory* and hand it to ``detoxify.Detoxify``
with the base folder as its Hugging Face config: the same code path as Detoxify's own models.
"""

from __future__ import annotations

import contextlib
import io
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from moderation.model.base import BASE_NAME, BASE_SHA256, base_folder
from moderation.model_fetch import ModelUnavailable

HOUSE_JSON = "house.json"
ADAPTER_WEIGHTS = "adapter_model.safetensors"
ADAPTER_CONFIG = "adapter_config.json"
FORMAT = 1
#: The artifact shipped in the repository.
SHIPPED_DIR = Path(__file__).resolve().parent / "house"


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """Hide transformers' load reports and progress bars (expected here, noise in server logs)."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    bar_was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bar_was_enabled:
            hf_logging.enable_progress_bar()


def read_meta(folder: Path) -> dict[str, Any]:
    """house.json of an artifact; ModelUnavailable when absent or unreadable."""
    path = Path(folder) / HOUSE_JSON
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelUnavailable(f"no house model at {folder} ({HOUSE_JSON} missing)") from None
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(f"{path} is unreadable: {exc}") from None
    if meta.get("format") != FORMAT or not meta.get("labels"):
        raise ModelUnavailable(f"{path} is not a house model of format {FORMAT}")
    for name in (ADAPTER_WEIGHTS, ADAPTER_CONFIG):
        if not (Path(folder) / name).is_file():
            raise ModelUnavailable(f"house model at {folder} lacks {name}")
    return meta


def write_meta(folder: Path, meta: dict[str, Any]) -> None:
    """Write house.json (sorted, indented: it is reviewed in diffs)."""
    (Path(folder) / HOUSE_JSON).write_text(
        json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def save(model: Any, folder: Path, meta: dict[str, Any]) -> None:
    """Save a trained peft model's adapter (safetensors) and house.json."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    # Embeddings are not adapted (save_embedding_layers=False also skips a hub lookup).
    model.save_pretrained(str(folder), safe_serialization=True, save_embedding_layers=False)
    config_path = folder / ADAPTER_CONFIG
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["base_model_name_or_path"] = BASE_NAME  # not the temporary folder it was trained in
    config_path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    readme = folder / "README.md"
    if readme.exists():
        readme.unlink()  # peft's template card; docs/MODEL.md is the model card
    write_meta(folder, {"format": FORMAT, "base": BASE_NAME, "base_sha256": BASE_SHA256, **meta})


def merged_model(folder: Path, base: Path) -> Any:
    """The base classifier with the adapter applied and merged (a plain BERT classifier)."""
    from peft import PeftModel
    from transformers import BertForSequenceClassification

    with quiet_transformers(), warnings.catch_warnings():
        # peft 0.21 calls a transformers 5 method deprecated in favour of a new name.
        warnings.filterwarnings(
            "ignore", message=".*is_gradient_checkpointing", category=FutureWarning
        )
        model = BertForSequenceClassification.from_pretrained(str(base))  # head: "new" until merged
        peft_model = PeftModel.from_pretrained(model, str(folder))
        return peft_model.merge_and_unload().eval()


def detoxify_checkpoint(model: Any, labels: list[str], base: Path) -> io.BytesIO:
    """The merged weights in Detoxify's checkpoint format, as an in-memory file."""
    import torch

    checkpoint = {
        "config": {
            "arch": {
                "args": {
                    "model_type": str(base),
                    "model_name": "BertForSequenceClassification",
                    "tokenizer_name": "BertTokenizer",
                    "num_classes": len(labels),
                }
            },
            "dataset": {"args": {"classes": list(labels)}},
        },
        "state_dict": {k: v.contiguous() for k, v in model.state_dict().items()},
    }
    buffer = io.BytesIO()
    torch.save(checkpoint, buffer)
    buffer.seek(0)
    return buffer


def load_detoxify(folder: Path, *, zip_path: Path | None = None) -> tuple[Any, dict[str, Any]]:
    """A ``detoxify.Detoxify`` holding the house model, and its house.json."""
    from detoxify import Detoxify

    meta = read_meta(folder)
    labels = tuple(meta["labels"])
    expected = str(meta.get("base_sha256") or BASE_SHA256)
    with base_folder(labels, zip_path=zip_path, expected_sha256=expected) as base:
        buffer = detoxify_checkpoint(merged_model(folder, base), list(labels), base)
        with quiet_transformers():
            detox = Detoxify(checkpoint=buffer, device="cpu", huggingface_config_path=str(base))
    if tuple(detox.class_names) != labels:
        raise ModelUnavailable(f"house model labels {detox.class_names} differ from {labels}")
    return detox, meta
