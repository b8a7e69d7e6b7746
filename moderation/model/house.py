"""The house model as a screening classifier: Detoxify's loading and inference code, our weights."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from moderation.classifier import DetoxifyClassifier
from moderation.model import artifact, lexical
from moderation.model.combiner import Combiner
from moderation.model.labels import HOUSE_LABELS
from moderation.model.lexical import LexicalModel
from moderation.model.text import model_text
from moderation.model_fetch import ModelUnavailable

HOUSE_NAME = "house"


class HouseClassifier(DetoxifyClassifier):
    """all-MiniLM-L6-v2 + the shipped adapter, merged and loaded through ``detoxify.Detoxify``."""

    known_types = (HOUSE_NAME,)

    def __init__(
        self,
        folder: Path | str | None = None,
        *,
        base_zip: Path | str | None = None,
        num_threads: int | None = None,
        quantize: bool = False,
        batch_size: int = 32,
        max_length: int | None = None,
    ) -> None:
        super().__init__(
            model_type=HOUSE_NAME,
            checkpoint=None,
            num_threads=num_threads,
            quantize=quantize,
            batch_size=batch_size,
            max_length=max_length or 128,
        )
        self.folder = Path(folder) if folder is not None else artifact.SHIPPED_DIR
        self.base_zip = Path(base_zip) if base_zip is not None else None
        self._explicit_max_length = max_length is not None
        self.name = HOUSE_NAME
        self.version = HOUSE_NAME
        self.meta: dict[str, Any] = {}
        self.combiner: Combiner | None = None
        self.lexical: LexicalModel | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        """The house labels (known without loading)."""
        return self._labels or HOUSE_LABELS

    def _open(self) -> tuple[Any, str]:
        detox, meta = artifact.load_detoxify(self.folder, zip_path=self.base_zip)
        self.meta = meta
        if not self._explicit_max_length:
            self.max_length = int(meta.get("max_length") or self.max_length)
        combiner = meta.get("combiner")
        try:
            self.combiner = Combiner.from_dict(combiner) if combiner else None
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelUnavailable(f"house model combiner is invalid: {exc}") from None
        try:
            self.lexical = lexical.load(self.folder)
        except (KeyError, OSError, TypeError, ValueError) as exc:
            raise ModelUnavailable(f"house model's lexical model is invalid: {exc}") from None
        if self.combiner is not None and self.combiner.lexical and self.lexical is None:
            raise ModelUnavailable(
                f"house model combiner reads the lexical model, but {lexical.LEXICAL_FILE} "
                f"is missing from {self.folder}"
            )
        return detox, str(meta.get("version") or HOUSE_NAME)

    def predict(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """The transformer's scores, with the lexical model's beside them (`lexical_<label>`)."""
        results = super().predict(texts)
        if self.lexical is not None and results:
            for row, extra in zip(results, self.lexical.predict(texts), strict=True):
                row.update(extra)
        return results

    def _prepare(self, text: str) -> str:
        return model_text(text)
