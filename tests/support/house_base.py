"""A tiny stand-in for the all-MiniLM-L6-v2 package: a small random BERT zipped the same way.

The house model's real pipeline (extract, hash check, LoRA training, merge, Detoxify loading)
runs on it in seconds; tests pass its path and SHA-256 where production uses the package's.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.detoxify_checkpoint import default_vocab

TINY_WORDS = (
    "council market vote bridge road school water hospital mayor budget election report "
    "thanks article great good idea agree useful interesting news city hope "
    "idiot moron stupid fool loser clown pathetic shut "
    "kill burn shoot hurt destroy find you house family blood "
    "fuck shit crap damn bitch ass "
    "buy cheap sale discount offer click visit subscribe channel www com call now free win"
)


@dataclass(frozen=True)
class TinyBase:
    """Where the tiny base zip is and the SHA-256 of its weights."""

    zip_path: Path
    sha256: str


def build_tiny_base(dest: Path, *, seed: int = 0) -> TinyBase:
    """Write dest/model.zip holding a tiny BERT folder laid out like the package's."""
    import torch
    from transformers import BertConfig, BertModel, BertTokenizer

    dest.mkdir(parents=True, exist_ok=True)
    folder = dest / "folder"
    folder.mkdir(exist_ok=True)
    vocab = list(dict.fromkeys([*default_vocab(), *TINY_WORDS.split()]))
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    BertTokenizer(vocab=str(folder / "vocab.txt"), do_lower_case=True).save_pretrained(str(folder))
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
        # Far wider than BERT's 0.02: a random tiny encoder then gives inputs distinct
        # features, so adapters trained on a few dozen rows separate them.
        initializer_range=0.5,
    )
    config.architectures = ["BertModel"]
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        BertModel(config).save_pretrained(str(folder), safe_serialization=True)
    zip_path = dest / "model.zip"
    with zipfile.ZipFile(zip_path, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()
    return TinyBase(zip_path, digest)
