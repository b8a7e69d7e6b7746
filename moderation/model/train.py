"""Fine-tune the house model: all-MiniLM-L6-v2 + LoRA adapters, multi-label, masked loss.

Runs on CPU (2 cores: about 30-40 comments a second at max length 64), seeds fixed, progress on
stderr. Only the adapters, the pooler and the classification head are trained, so what is saved
is a few MB (artifact.save).
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from moderation.model.corpora import Example
from moderation.model.labels import HOUSE_LABELS
from moderation.model.text import model_text

logger = logging.getLogger("moderation.model.train")

#: Every linear layer of the six encoder blocks gets an adapter (attention and feed-forward).
LORA_TARGETS = (
    r".*encoder\.layer\.\d+\.(attention\.self\.(query|key|value)"
    r"|attention\.output\.dense|intermediate\.dense|output\.dense)"
)
#: Trained in full and saved beside the adapters (small: 384x384 and 384x6).
LORA_FULL_MODULES = ("classifier", "pooler")

#: Training rows taken from each corpus (the rest stays unused): a mix that fits the 60-minute
#: budget on 2 cores, weighted towards the English corpora that best resemble news comments.
DEFAULT_CAPS: dict[str, int] = {
    "jigsaw": 8000,
    "olid": 5000,
    "davidson": 4500,
    "threatgram": 4500,
    "youtube": 1000,
    "sms": 2500,
    "aljazeera": 3500,
    "osact4": 2500,
    "lhsab": 2000,
    "offenseval_tr": 3500,
    "phate": 1500,
    "parsoffensive": 2000,
}
#: At most this many rows with the same target in a corpus (Davidson's keyword-sampled
#: "offensive" class is 80% of it; left alone it would teach that slang is the violation).
DEFAULT_PER_TARGET: dict[str, int] = {"davidson": 1500}
#: Corpora repeated in training: promotion has few, distinctive rows.
DEFAULT_WEIGHTS: dict[str, float] = {"youtube": 2.0}


@dataclass(frozen=True, slots=True)
class TrainSettings:
    """Every knob of one training run (recorded in the artifact)."""

    epochs: float = 1.0
    batch_size: int = 32
    max_length: int = 64
    learning_rate: float = 5e-4
    warmup: float = 0.06
    weight_decay: float = 0.01
    lora_rank: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    seed: int = 20261201
    threads: int | None = None
    caps: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_CAPS))
    per_target: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_PER_TARGET))
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TrainSettings:
        """Inverse of to_dict (house.json's "settings"); unknown keys are ignored."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def select_training(examples: Iterable[Example], settings: TrainSettings) -> list[Example]:
    """The train-split rows this run uses: capped per corpus and per target, seeded shuffle."""
    rng = random.Random(settings.seed)  # noqa: S311 - reproducible sampling, not secrets
    by_corpus: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        if example.split == "train":
            by_corpus[example.corpus].append(example)
    chosen: list[Example] = []
    for corpus in sorted(by_corpus):
        rows = by_corpus[corpus]
        rng.shuffle(rows)
        per_target = settings.per_target.get(corpus)
        if per_target is not None:
            counts: dict[tuple[int | None, ...], int] = defaultdict(int)
            kept = []
            for row in rows:
                if counts[row.target] < per_target:
                    counts[row.target] += 1
                    kept.append(row)
            rows = kept
        cap = settings.caps.get(corpus)
        rows = rows[:cap] if cap is not None else rows
        weight = settings.weights.get(corpus, 1.0)
        if weight != 1.0:
            rows = [Example(r.text, r.corpus, r.target, r.split, r.weight * weight) for r in rows]
        chosen.extend(rows)
    rng.shuffle(chosen)
    return chosen


def _targets(batch: Sequence[Example]) -> tuple[Any, Any, Any]:
    import torch

    values = [[0.0 if t is None else float(t) for t in e.target] for e in batch]
    mask = [[0.0 if t is None else 1.0 for t in e.target] for e in batch]
    weights = [[e.weight] for e in batch]
    return torch.tensor(values), torch.tensor(mask), torch.tensor(weights)


def build_model(
    folder: Path, settings: TrainSettings, *, start_from: Path | None = None
) -> tuple[Any, Any]:
    """The base classifier from a verified base folder, wrapped with fresh LoRA adapters, or
    with the adapters of an earlier artifact (``start_from``) to go on training them."""
    import torch
    from peft import LoraConfig, PeftModel, get_peft_model
    from transformers import BertForSequenceClassification, BertTokenizer

    from moderation.classifier import check_vocabulary
    from moderation.model.artifact import quiet_transformers

    torch.manual_seed(settings.seed)
    with quiet_transformers():  # the "classifier newly initialised" report is expected
        tokenizer = BertTokenizer.from_pretrained(str(folder))
        model = BertForSequenceClassification.from_pretrained(str(folder))
    check_vocabulary(tokenizer, model)  # a broken tokenizer would train on [UNK] alone
    if start_from is not None:
        return PeftModel.from_pretrained(model, str(start_from), is_trainable=True), tokenizer
    config = LoraConfig(
        r=settings.lora_rank,
        lora_alpha=settings.lora_alpha,
        lora_dropout=settings.lora_dropout,
        target_modules=LORA_TARGETS,
        modules_to_save=list(LORA_FULL_MODULES),
    )
    return get_peft_model(model, config), tokenizer


def train(
    model: Any,
    tokenizer: Any,
    examples: Sequence[Example],
    settings: TrainSettings,
    *,
    progress: Callable[[int, int, float], None] | None = None,
) -> dict[str, float]:
    """Fine-tune in place on ``examples``; returns timing figures. Length-bucketed batches."""
    import torch

    if settings.threads:
        torch.set_num_threads(settings.threads)
    torch.manual_seed(settings.seed)
    rng = random.Random(settings.seed)  # noqa: S311 - reproducible sampling, not secrets
    rows = list(examples)
    steps_per_epoch = math.ceil(len(rows) / settings.batch_size)
    total_steps = max(1, math.ceil(steps_per_epoch * settings.epochs))
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(
        params, lr=settings.learning_rate, weight_decay=settings.weight_decay
    )
    warmup = max(1, int(total_steps * settings.warmup))

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total_steps - step) / max(1, total_steps - warmup))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    model.train()
    started = time.perf_counter()
    step, seen, loss_avg = 0, 0, 0.0
    while step < total_steps:
        # Batches of similar length (shuffled chunks of a length-sorted pool) waste little on
        # padding; the batch order itself is shuffled each epoch.
        order = list(range(len(rows)))
        rng.shuffle(order)
        pool = 50 * settings.batch_size
        batches: list[list[int]] = []
        for start in range(0, len(order), pool):
            chunk = sorted(order[start : start + pool], key=lambda i: len(rows[i].text))
            batches.extend(
                chunk[i : i + settings.batch_size]
                for i in range(0, len(chunk), settings.batch_size)
            )
        rng.shuffle(batches)
        for index in batches:
            if step >= total_steps:
                break
            batch = [rows[i] for i in index]
            encoded = tokenizer(
                [model_text(e.text) for e in batch],
                truncation=True,
                max_length=settings.max_length,
                padding=True,
                return_tensors="pt",
            )
            target, mask, weight = _targets(batch)
            logits = model(**encoded).logits
            loss_matrix = torch.nn.functional.binary_cross_entropy_with_logits(
                logits, target, reduction="none"
            )
            loss = (loss_matrix * mask * weight).sum() / mask.sum().clamp(min=1.0)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            seen += len(batch)
            value = loss.detach().item()
            loss_avg = 0.98 * loss_avg + 0.02 * value if step > 1 else value
            if progress is not None:
                progress(step, total_steps, loss_avg)
    model.eval()
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 1),
        "rows_seen": seen,
        "rows_per_second": round(seen / seconds, 1) if seconds else 0.0,
        "final_loss": round(loss_avg, 4),
    }


def predict(
    model: Any, tokenizer: Any, texts: Sequence[str], *, max_length: int = 128, batch_size: int = 64
) -> list[list[float]]:
    """Sigmoid scores per house label for each text (in input order), no gradients."""
    import torch

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out: list[list[float]] = [[] for _ in texts]
    model.eval()
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            index = order[start : start + batch_size]
            encoded = tokenizer(
                [model_text(texts[i])[: max_length * 16] for i in index],
                truncation=True,
                max_length=max_length,
                padding=True,
                return_tensors="pt",
            )
            probs = torch.sigmoid(model(**encoded).logits[:, : len(HOUSE_LABELS)]).tolist()
            for i, row in zip(index, probs, strict=True):
                out[i] = row
    return out
