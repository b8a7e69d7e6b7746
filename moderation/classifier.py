"""Model half of screening: the Classifier protocol, the Detoxify backend and the offline fallback.

Nothing is loaded at import time: heavy imports (torch, transformers, detoxify, scikit-learn)
happen inside ``load()``, which runs once per instance behind a lock.
"""

from __future__ import annotations

import logging
import threading
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from moderation.model_fetch import (
    ModelUnavailable,
    check_downloadable,
    file_sha256,
    load_fetched,
    package_version,
    read_manifest,
)

logger = logging.getLogger("moderation.classifier")

DETOXIFY_MODEL_TYPES: tuple[str, ...] = (
    "original",
    "unbiased",
    "multilingual",
    "original-small",
    "unbiased-small",
)
_ORIGINAL_LABELS = ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack")
_UNBIASED_LABELS = (
    "toxicity",
    "severe_toxicity",
    "obscene",
    "identity_attack",
    "insult",
    "threat",
    "sexual_explicit",
)
PROFANITY_LABEL = "profanity"
# A wordpiece is rarely longer than 16 characters, so this cap still fills max_length tokens
# while keeping a 50,000-character comment from costing a full tokenisation pass.
_CHARS_PER_TOKEN_CAP = 16


@runtime_checkable
class Classifier(Protocol):
    """Scores comment texts; one dict label -> probability per text, in input order."""

    name: str
    version: str

    @property
    def labels(self) -> tuple[str, ...]: ...

    def predict(self, texts: Sequence[str]) -> list[dict[str, float]]: ...


class DetoxifyClassifier:
    """Detoxify through its own loading code, with length-bucketed batched inference."""

    #: Model types this class can fetch by name (without a local checkpoint).
    known_types: tuple[str, ...] = DETOXIFY_MODEL_TYPES

    def __init__(
        self,
        model_type: str = "unbiased",
        checkpoint: Path | str | None = None,
        hf_config_path: Path | str | None = None,
        num_threads: int | None = None,
        quantize: bool = False,
        batch_size: int = 32,
        max_length: int = 256,
        download_timeout: float = 10.0,
    ) -> None:
        if checkpoint is None and model_type not in self.known_types:
            raise ValueError(
                f"unknown Detoxify model type {model_type!r}; "
                f"expected one of {', '.join(self.known_types)} or a local checkpoint"
            )
        if batch_size < 1 or max_length < 8:
            raise ValueError("batch_size must be >= 1 and max_length >= 8")
        self.model_type = model_type
        self.checkpoint = Path(checkpoint) if checkpoint is not None else None
        self.hf_config_path = Path(hf_config_path) if hf_config_path is not None else None
        self.num_threads = num_threads
        self.quantize = quantize
        self.batch_size = batch_size
        self.max_length = max_length
        self.download_timeout = download_timeout
        self.name = f"detoxify:{model_type}" if checkpoint is None else "detoxify:checkpoint"
        self.version = model_type
        self.quantized = False
        self.load_seconds: float | None = None
        self._labels: tuple[str, ...] | None = None
        self._model: Any = None
        self._tokenizer: Any = None
        self._max_tokens = max_length
        self._lock = threading.RLock()

    @property
    def loaded(self) -> bool:
        """Whether the weights are in memory."""
        return self._model is not None

    @property
    def labels(self) -> tuple[str, ...]:
        """The label names the model scores (loads the model if they are not known statically)."""
        if self._labels is None:
            if self.checkpoint is None:
                original = self.model_type.startswith("original")
                return _ORIGINAL_LABELS if original else _UNBIASED_LABELS
            self.load()
        assert self._labels is not None
        return self._labels

    def load(self) -> None:
        """Load the weights once; raises ModelUnavailable with a readable reason on failure."""
        with self._lock:
            if self._model is not None:
                return
            started = time.perf_counter()
            import torch

            if self.num_threads:
                torch.set_num_threads(self.num_threads)
            detox, version = self._open()
            model = detox.model.eval()
            if self.quantize:
                self.quantized = _quantize(model)
                if not self.quantized:
                    # The in-place conversion may have replaced layers before failing: start
                    # again from the checkpoint, in fp32.
                    detox, version = self._open()
                    model = detox.model.eval()
            tokenizer = detox.tokenizer
            check_vocabulary(tokenizer, model)
            limits = [self.max_length, getattr(model.config, "max_position_embeddings", None)]
            limits.append(getattr(tokenizer, "model_max_length", None))
            self._max_tokens = min(x for x in limits if isinstance(x, int) and x > 0)
            self._labels = tuple(detox.class_names)
            self._tokenizer = tokenizer
            self._model = model
            self.version = version + ("-int8" if self.quantized else "")
            self.load_seconds = time.perf_counter() - started
            logger.info(
                "classifier loaded: name=%s version=%s labels=%d seconds=%.2f",
                self.name,
                self.version,
                len(self._labels),
                self.load_seconds,
            )

    def _open(self) -> tuple[Any, str]:
        """A detoxify.Detoxify holding the weights, and the version string to record."""
        checkpoint, hf_path, version = self._resolve_files()
        return _load_detoxify(self.model_type, checkpoint, hf_path), version

    def _resolve_files(self) -> tuple[Path | None, Path | None, str]:
        """Checkpoint and HF folder to hand to Detoxify, and the version string to record."""
        if self.checkpoint is None:
            version = check_downloadable(self.model_type, timeout=self.download_timeout)
            return None, self.hf_config_path, version
        checkpoint, hf_path = self.checkpoint, self.hf_config_path
        if checkpoint.is_dir():
            manifest = read_manifest(checkpoint)
            checkpoint, bundled_hf = load_fetched(checkpoint)
            hf_path = hf_path or bundled_hf
            self.model_type = str(manifest.get("model_type") or "checkpoint")
            self.name = f"detoxify:{self.model_type}"
            digest = str(manifest.get("source_sha256") or file_sha256(checkpoint))
            return checkpoint, hf_path, f"{self.model_type}-{digest[:8]}"
        if not checkpoint.is_file():
            raise ModelUnavailable(f"checkpoint file not found: {checkpoint}")
        if hf_path is not None and not (hf_path / "config.json").is_file():
            raise ModelUnavailable(f"Hugging Face folder has no config.json: {hf_path}")
        return checkpoint, hf_path, f"checkpoint-{file_sha256(checkpoint)[:8]}"

    def predict(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Score texts in length-sorted batches; results come back in input order."""
        if not texts:
            return []
        self.load()
        import torch

        max_chars = self._max_tokens * _CHARS_PER_TOKEN_CAP
        with self._lock, torch.inference_mode():
            encoded = self._tokenizer(
                [self._prepare(text[:max_chars]) for text in texts],
                truncation=True,
                max_length=self._max_tokens,
                padding=False,
            )
            columns = {key: encoded[key] for key in encoded}
            lengths = [len(ids) for ids in columns["input_ids"]]
            # Sorting by length keeps padding (wasted compute) small inside each batch.
            order = sorted(range(len(texts)), key=lengths.__getitem__)
            labels = self._labels or ()
            results: list[dict[str, float]] = [{} for _ in texts]
            for start in range(0, len(order), self.batch_size):
                index = order[start : start + self.batch_size]
                batch = self._pad(columns, index)
                logits = self._model(**batch).logits
                # The unbiased model has identity columns after its labels; Detoxify drops them.
                probs = torch.sigmoid(logits[:, : len(labels)].float()).tolist()
                for i, row in zip(index, probs, strict=True):
                    results[i] = dict(zip(labels, row, strict=True))
            return results

    def _prepare(self, text: str) -> str:
        """The text as the model reads it (Detoxify's models read it as it is)."""
        return text

    def _pad(self, columns: dict[str, list[list[int]]], index: list[int]) -> dict[str, Any]:
        """Pad one batch to its longest member (cheaper than tokenizer.pad and warning-free)."""
        import torch

        width = max(len(columns["input_ids"][i]) for i in index)
        pad_values = {
            "input_ids": self._tokenizer.pad_token_id or 0,
            "attention_mask": 0,
            "token_type_ids": getattr(self._tokenizer, "pad_token_type_id", 0),
        }
        left = getattr(self._tokenizer, "padding_side", "right") == "left"
        batch: dict[str, Any] = {}
        for key, rows in columns.items():
            if key not in pad_values:
                continue
            padded = []
            for i in index:
                fill = [pad_values[key]] * (width - len(rows[i]))
                padded.append(fill + rows[i] if left else rows[i] + fill)
            batch[key] = torch.tensor(padded, dtype=torch.long)
        return batch


def _load_detoxify(model_type: str, checkpoint: Path | None, hf_path: Path | None) -> Any:
    """Build a detoxify.Detoxify, hiding transformers' per-load progress bar from server logs."""
    from detoxify import Detoxify
    from transformers.utils import logging as hf_logging

    bar_was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        return Detoxify(
            model_type=model_type,
            checkpoint=str(checkpoint) if checkpoint is not None else None,
            device="cpu",
            huggingface_config_path=str(hf_path) if hf_path is not None else None,
        )
    finally:
        if bar_was_enabled:
            hf_logging.enable_progress_bar()


def check_vocabulary(tokenizer: Any, model: Any) -> None:
    """Refuse a tokenizer far smaller than the model's vocabulary.

    transformers 5 silently builds a special-tokens-only tokenizer when the vocabulary files are
    missing from a local folder; every word would become [UNK] and the scores meaningless.
    """
    expected = getattr(model.config, "vocab_size", 0) or 0
    if expected and len(tokenizer) < expected // 2:
        raise ModelUnavailable(
            f"tokenizer has {len(tokenizer)} tokens but the model expects {expected}: "
            "vocabulary files missing from the Hugging Face folder?"
        )


def _quantize(model: Any) -> bool:
    """Dynamic int8 quantization of the Linear layers, in place; whether it worked.

    In place, so each layer's fp32 weights are freed as its int8 copy replaces it: a copying
    conversion holds both models at once (peak 1.4 GB instead of about 1 GB for BERT-base)."""
    import torch

    try:
        from torch.ao.quantization import quantize_dynamic
    except ImportError:
        logger.warning("classifier quantization unavailable in this torch; using fp32")
        return False
    # torch 2.13 marks torch.ao.quantization deprecated (attributed to this caller) and warns
    # about quantized tensor creation; both are known and must not fail strict test runs.
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r"torch\.ao\.quantization is deprecated", category=DeprecationWarning
        )
        warnings.filterwarnings(
            "ignore", message=r".*quantized tensor creation functions", category=UserWarning
        )
        quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
    try:
        # A CPU without a quantized engine fails only at the first forward: find out now.
        with torch.inference_mode():
            model(input_ids=torch.zeros((1, 2), dtype=torch.long))
    except RuntimeError as exc:
        logger.warning("classifier quantization failed (%s); using fp32", type(exc).__name__)
        return False
    return True


class ProfanityCheckClassifier:
    """alt-profanity-check (a linear model shipped inside the package): the offline fallback."""

    name = "alt-profanity-check"

    def __init__(self, max_chars: int = 10_000) -> None:
        self.max_chars = max_chars
        self.version = f"alt-profanity-check-{package_version('alt-profanity-check')}"
        self._predict_prob: Any = None
        self._lock = threading.Lock()

    @property
    def labels(self) -> tuple[str, ...]:
        """A single label, "profanity"."""
        return (PROFANITY_LABEL,)

    def load(self) -> None:
        """Import the package (it unpickles its model at import time)."""
        with self._lock:
            if self._predict_prob is None:
                from profanity_check import predict_prob

                self._predict_prob = predict_prob

    def predict(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """One {"profanity": probability} per text."""
        if not texts:
            return []
        self.load()
        probs = self._predict_prob([text[: self.max_chars] for text in texts])
        return [{PROFANITY_LABEL: float(p)} for p in probs]
