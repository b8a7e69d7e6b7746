"""Does sentence similarity tell off-topic comments? The measurement behind *not* shipping an
off-topic signal yet (docs/MODEL.md, "Relevance to the article"). Measured on the only corpus here
whose comments come with what they were posted under: YouTube comments and the title of their
video (genuine comments vs spam, which is off-topic by nature; and genuine comments shown under
another video's title). Split by a hash of the text: the off-topic cut
is chosen on the dev half (at most 5% of genuine comments below it), figures are on the test half.

Usage:
  .venv/bin/python scripts/relevance_report.py [--datasets PATH]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import threading  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from typing import Any  # noqa: E402

from moderation.model.base import BASE_SHA256, base_folder  # noqa: E402
from moderation.model.corpora import bucket, normalise  # noqa: E402
from moderation.model.pipeline import auc  # noqa: E402
from moderation.model.text import model_text  # noqa: E402

MAX_LENGTH = 64

DEFAULT_DATASETS = ROOT.parent / "shared" / "datasets"
TITLES = {
    "Youtube01-Psy.csv": "PSY - GANGNAM STYLE (강남스타일) M/V",
    "Youtube02-KatyPerry.csv": "Katy Perry - Roar (Official)",
    "Youtube03-LMFAO.csv": "LMFAO - Party Rock Anthem ft. Lauren Bennett, GoonRock",
}
GENUINE_BELOW = 0.05  # the dev cut lets at most this share of genuine comments through


class Encoder:
    """The base model's sentence embeddings (mean pooling over tokens, L2-normalised)."""

    def __init__(self, model: Any, tokenizer: Any, *, max_length: int = MAX_LENGTH) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.max_length = max_length
        self._lock = threading.Lock()

    @classmethod
    def load(cls, *, zip_path: Path | None = None, expected_sha256: str = BASE_SHA256) -> Encoder:
        """From the verified base weights (the same zip and hash check as the house model)."""
        from transformers import BertModel, BertTokenizer

        from moderation.model.artifact import quiet_transformers

        with (
            base_folder(("x",), zip_path=zip_path, expected_sha256=expected_sha256) as folder,
            quiet_transformers(),  # the unused pooler/classifier report is expected
        ):
            tokenizer = BertTokenizer.from_pretrained(str(folder))
            model = BertModel.from_pretrained(str(folder), add_pooling_layer=False)
        return cls(model, tokenizer)

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> Any:
        """One normalised vector per text (a torch tensor, rows in input order)."""
        import torch

        out = []
        with self._lock, torch.inference_mode():
            for start in range(0, len(texts), batch_size):
                encoded = self.tokenizer(
                    [
                        model_text(t)[: self.max_length * 16]
                        for t in texts[start : start + batch_size]
                    ],
                    truncation=True,
                    max_length=self.max_length,
                    padding=True,
                    return_tensors="pt",
                )
                hidden = self.model(**encoded).last_hidden_state
                mask = encoded["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                out.append(torch.nn.functional.normalize(pooled, dim=-1))
        return torch.cat(out) if out else torch.zeros((0, 1))

    def similarities(
        self, comments: Sequence[str], contexts: Sequence[str | None]
    ) -> list[float | None]:
        """Cosine of each comment with its context (None where there is no context)."""
        pairs = [(i, c) for i, c in enumerate(contexts) if c]
        if not pairs:
            return [None] * len(comments)
        unique = list(dict.fromkeys(c for _, c in pairs))
        context_vectors = self.encode(unique)
        comment_vectors = self.encode([comments[i] for i, _ in pairs])
        index = {c: k for k, c in enumerate(unique)}
        out: list[float | None] = [None] * len(comments)
        for row, (i, c) in enumerate(pairs):
            out[i] = round(float(comment_vectors[row] @ context_vectors[index[c]]), 4)
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    args = parser.parse_args()
    rows = []
    for name, title in TITLES.items():
        with (args.datasets / "youtube-spam" / name).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                text = row["CONTENT"].strip()
                if text:
                    rows.append((text, title, int(row["label"])))
    encoder = Encoder.load()
    sims = encoder.similarities([t for t, _, _ in rows], [c for _, c, _ in rows])
    halves: dict[str, list[tuple[float, int, str]]] = {"dev": [], "test": []}
    for (text, _, spam), sim in zip(rows, sims, strict=True):
        half = "dev" if bucket(normalise(text)) < 50 else "test"
        halves[half].append((float(sim), spam, text))
    genuine = sorted(s for s, spam, _ in halves["dev"] if not spam)
    cut = genuine[int(GENUINE_BELOW * len(genuine))]
    print(f"off-topic cut chosen on the dev half: similarity < {cut:.3f}\n")
    print(
        "| half | comments | spam | AUC (low similarity = spam) | genuine below the cut "
        "| spam below the cut | precision of the signal |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for half, items in halves.items():
        spam = [s for s, y, _ in items if y]
        real = [s for s, y, _ in items if not y]
        value = auc([y for _, y, _ in items], [-s for s, _, _ in items])
        spam_below = sum(s < cut for s in spam)
        real_below = sum(s < cut for s in real)
        precision = spam_below / max(1, spam_below + real_below)
        print(
            f"| {half} | {len(items)} | {len(spam)} | {value:.3f} | {real_below / len(real):.3f} "
            f"| {spam_below / len(spam):.3f} | {precision:.3f} |"
        )
    # A genuine comment shown under another video: is its own title more similar?
    real = [(t, c) for t, c, spam in rows if not spam]
    titles = list(TITLES.values())
    own = [s for (_, _, spam), s in zip(rows, sims, strict=True) if not spam]
    other = encoder.similarities(
        [t for t, _ in real], [titles[(titles.index(c) + 1) % len(titles)] for _, c in real]
    )
    value = auc([1] * len(own) + [0] * len(other), [*own, *other])
    print(f"\ngenuine comments, own video's title vs another's: AUC {value:.3f}")


if __name__ == "__main__":
    main()
