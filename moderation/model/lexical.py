"""The lexical model: hashed character and word n-grams, one logistic regression per house label.

The transformer's base (all-MiniLM-L6-v2) has an English WordPiece vocabulary: Arabic, Persian
and Sorani words reach it as strings of single letters, and on those corpora the fine-tuned model
ranks barely better than chance (dev AUC 0.48–0.73) while a plain bag of words reaches 0.77–0.87
(docs/MODEL.md). This model is that bag of words, learned on the same training rows: character
n-grams (2–5, inside word boundaries: robust to Arabic clitics, Turkish suffixes and spelling
variants) and word uni- and bigrams, hashed into a fixed space so nothing but the weights is
stored. Its scores are extra features of the combiner (combiner.py), which learns on the dev
splits how much each model counts; it never flags anything by itself.

Stored as `lexical.safetensors` beside the adapter: a float16 weight matrix (features × labels),
the biases, and the settings in the file's metadata. No pickle. Pure numpy/scipy/scikit-learn:
no torch. Training and inference share `_analyse`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

LEXICAL_FILE = "lexical.safetensors"
#: The lexical model's scores sit beside the transformer's under these keys.
PREFIX = "lexical_"

_ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")  # tashkeel, tatweel
_LETTER_VARIANTS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ك": "ک", "ي": "ی", "ؤ": "و"}
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@dataclass(frozen=True, slots=True)
class LexicalSettings:
    """How text becomes features, and how hard the regressions are regularised."""

    n_features: int = 2**18
    char_min: int = 2
    char_max: int = 5
    word_max: int = 2
    #: Inverse regularisation strength of each logistic regression (liblinear).
    c: float = 4.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (stored in the weights file's metadata and in house.json)."""
        return asdict(self)


def fold(text: str) -> str:
    """Case, Unicode compatibility forms, Arabic diacritics and letter variants folded away."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _ARABIC_MARKS.sub("", text).translate(_LETTER_VARIANTS)


def _analyse(text: str, settings: LexicalSettings) -> list[str]:
    """The features of one text: character n-grams inside each word (padded with spaces, as
    scikit-learn's char_wb does) and word n-grams, prefixed so the two never collide."""
    words = _WORD.findall(fold(text)[:4000])
    out: list[str] = []
    for word in words:
        padded = f" {word} "
        for n in range(settings.char_min, settings.char_max + 1):
            if len(padded) < n:
                break
            out.extend("c" + padded[i : i + n] for i in range(len(padded) - n + 1))
    for n in range(1, settings.word_max + 1):
        out.extend("w" + " ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    return out


def _vectorizer(settings: LexicalSettings) -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        analyzer=lambda text: _analyse(text, settings),
        n_features=settings.n_features,
        alternate_sign=False,
        norm="l2",
    )


class LexicalModel:
    """Hashed n-gram features -> sigmoid score per label."""

    def __init__(
        self,
        labels: Sequence[str],
        weights: Any,
        bias: Any,
        settings: LexicalSettings,
    ) -> None:
        import numpy as np

        self.labels = tuple(labels)
        self.weights = np.asarray(weights, dtype=np.float32)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.settings = settings
        if self.weights.shape != (settings.n_features, len(self.labels)):
            raise ValueError(
                f"lexical weights have shape {self.weights.shape}, expected "
                f"({settings.n_features}, {len(self.labels)})"
            )
        self._vectorize = _vectorizer(settings)

    def scores(self, texts: Sequence[str]) -> list[list[float]]:
        """Sigmoid scores per label, in label order, for each text."""
        import numpy as np

        if not texts:
            return []
        x = self._vectorize.transform(list(texts))
        z = np.asarray(x @ self.weights) + self.bias
        return (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))).tolist()

    def predict(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Scores keyed `lexical_<label>`, to merge with the transformer's."""
        return [
            {PREFIX + label: value for label, value in zip(self.labels, row, strict=True)}
            for row in self.scores(texts)
        ]

    def save(self, folder: Path) -> Path:
        """Write `lexical.safetensors` (float16 weights, float32 biases, settings as metadata)."""
        import numpy as np
        from safetensors.numpy import save_file

        path = Path(folder) / LEXICAL_FILE
        save_file(
            {"weights": self.weights.astype(np.float16), "bias": self.bias.astype(np.float32)},
            str(path),
            metadata={
                "labels": json.dumps(list(self.labels)),
                "settings": json.dumps(self.settings.to_dict()),
            },
        )
        return path


def load(folder: Path) -> LexicalModel | None:
    """The lexical model stored in an artifact folder, or None when it has none."""
    from safetensors import safe_open

    path = Path(folder) / LEXICAL_FILE
    if not path.is_file():
        return None
    with safe_open(str(path), framework="numpy") as fh:
        meta = fh.metadata() or {}
        weights = fh.get_tensor("weights")
        bias = fh.get_tensor("bias")
    settings = LexicalSettings(**json.loads(meta["settings"]))
    return LexicalModel(json.loads(meta["labels"]), weights, bias, settings)


def train_lexical(
    texts: Sequence[str],
    targets: Sequence[Sequence[int | None]],
    labels: Sequence[str],
    *,
    weights: Sequence[float] | None = None,
    settings: LexicalSettings | None = None,
) -> LexicalModel:
    """One L2 logistic regression per label over the rows that judge it (None = masked); a
    label without both classes gets zero weights and a bias of its base rate."""
    import math

    import numpy as np
    from sklearn.linear_model import LogisticRegression

    settings = settings or LexicalSettings()
    x = _vectorizer(settings).transform(list(texts)).tocsr()
    w_all = np.ones(len(texts)) if weights is None else np.asarray(weights, dtype=float)
    coef = np.zeros((settings.n_features, len(labels)), dtype=np.float32)
    bias = np.zeros(len(labels), dtype=np.float32)
    for j, _label in enumerate(labels):
        rows = [i for i, t in enumerate(targets) if t[j] is not None]
        ys = np.asarray([int(targets[i][j]) for i in rows])  # type: ignore[arg-type]
        if len(rows) == 0:
            bias[j] = -4.0
            continue
        if len(set(ys.tolist())) < 2:
            rate = min(max(float(ys.mean()), 1e-3), 1 - 1e-3)
            bias[j] = math.log(rate / (1 - rate))
            continue
        model = LogisticRegression(C=settings.c, solver="liblinear", max_iter=200)
        model.fit(x[rows], ys, sample_weight=w_all[rows])
        coef[:, j] = model.coef_[0]
        bias[j] = model.intercept_[0]
    # Round-trip through the stored precision, so what is calibrated is what ships.
    return LexicalModel(labels, coef.astype(np.float16).astype(np.float32), bias, settings)
