"""Which classifier screening uses: the settings, the status the dashboard shows, and loading
with fallbacks (Detoxify -> house model -> alt-profanity-check -> rules only).

The classifiers themselves are in classifier.py (Detoxify, alt-profanity-check) and
model/house.py (the house model).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from moderation.classifier import Classifier, DetoxifyClassifier, ProfanityCheckClassifier
from moderation.model_fetch import ModelUnavailable

#: The classifier's logger: loading warnings read as the classifier's.
logger = logging.getLogger("moderation.classifier")

Backend = Literal["house", "detoxify", "profanity-check", "none"]
BACKENDS: tuple[str, ...] = ("house", "detoxify", "profanity-check", "none")


@dataclass(frozen=True, slots=True)
class ClassifierSettings:
    """Every knob of the model half of screening (built from Config by the app)."""

    backend: Backend = "detoxify"
    model_type: str = "unbiased"
    checkpoint: Path | None = None  # a .ckpt file, or a folder written by model_fetch
    hf_config_path: Path | None = None
    house_dir: Path | None = None  # a house model artifact (default: the shipped one)
    house_base_zip: Path | None = None  # the base model's model.zip (default: the package's)
    num_threads: int | None = None
    quantize: bool = False
    batch_size: int = 32
    max_length: int = 256  # Detoxify's models; the house model records its own
    fallback: bool = True  # fall back (house model, then alt-profanity-check) when loading fails
    download_timeout: float = 10.0


@dataclass(frozen=True, slots=True)
class ModelStatus:
    """What the dashboard banner and the logs say about the model in use."""

    available: bool  # the configured backend loaded
    name: str  # the classifier in use ("none" when screening uses rules only)
    version: str
    detail: str
    fallback: bool = False  # the classifier in use is a fallback for the configured one

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for the API and dashboard."""
        return asdict(self)


#: What each backend falls back to, in order, when it cannot be loaded.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "detoxify": ("house", "profanity-check"),
    "house": ("profanity-check",),
    "profanity-check": (),
}
_BACKEND_NAMES = {
    "house": "house model",
    "detoxify": "Detoxify model",
    "profanity-check": "alt-profanity-check",
}


def build_classifier(settings: ClassifierSettings, backend: str | None = None) -> Any:
    """The classifier of a backend (default: the configured one), not yet loaded (None: none)."""
    backend = backend or settings.backend
    if backend == "none":
        return None
    if backend == "profanity-check":
        return ProfanityCheckClassifier()
    if backend == "house":
        from moderation.model.house import HouseClassifier

        return HouseClassifier(
            settings.house_dir,
            base_zip=settings.house_base_zip,
            num_threads=settings.num_threads,
            quantize=settings.quantize,
            batch_size=settings.batch_size,
        )
    if backend == "detoxify":
        return DetoxifyClassifier(
            model_type=settings.model_type,
            checkpoint=settings.checkpoint,
            hf_config_path=settings.hf_config_path,
            num_threads=settings.num_threads,
            quantize=settings.quantize,
            batch_size=settings.batch_size,
            max_length=settings.max_length,
            download_timeout=settings.download_timeout,
        )
    raise ValueError(f"unknown classifier backend {backend!r}")


def load_classifier(settings: ClassifierSettings) -> tuple[Classifier | None, ModelStatus]:
    """Load the configured model, or the first fallback that loads, with one warning.

    Never raises for a model: with nothing loadable, screening uses the rule lists alone.
    """
    if settings.backend == "none":
        logger.info("classifier disabled by configuration; screening uses rule lists only")
        return None, ModelStatus(False, "none", "", "model screening disabled by configuration")
    chain = (settings.backend, *(FALLBACKS[settings.backend] if settings.fallback else ()))
    failures: list[str] = []
    for backend in chain:
        try:
            classifier = build_classifier(settings, backend)
            classifier.load()
        except Exception as exc:  # any failure to load is reported, never fatal: rules still run
            failures.append(
                f"{_BACKEND_NAMES.get(backend, backend)} unavailable ({_describe(exc)})"
            )
            continue
        if not failures:
            detail = f"{classifier.name} {classifier.version} loaded"
            return classifier, ModelStatus(True, classifier.name, classifier.version, detail)
        detail = (
            f"{'; '.join(failures)}; screening with the rule lists and the offline fallback "
            f"{classifier.name} {classifier.version}"
        )
        logger.warning("classifier unavailable: %s", detail)
        status = ModelStatus(False, classifier.name, classifier.version, detail, fallback=True)
        return classifier, status
    detail = f"{'; '.join(failures)}; screening with the rule lists only"
    logger.warning("classifier unavailable: %s", detail)
    return None, ModelStatus(False, "none", "", detail)


def _describe(exc: BaseException) -> str:
    """A one-line reason: the message of a ModelUnavailable, else the type and message."""
    if isinstance(exc, ModelUnavailable):
        return str(exc)
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__
