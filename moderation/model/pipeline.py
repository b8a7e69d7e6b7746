"""One training run end to end: corpora -> split -> fine-tune -> score held-out rows -> save.

``flask moderation train`` calls ``run``; tests call it on a tiny folder of rows they write.
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from moderation.model import artifact, corpora, lexical, site
from moderation.model.base import BASE_SHA256, base_folder
from moderation.model.corpora import Example
from moderation.model.labels import HOUSE_LABELS, LICENCES
from moderation.model.train import TrainSettings, build_model, predict, select_training, train

SCORES_FILE = "heldout_scores.jsonl"
#: Corpora whose every training row the lexical model learns from (lexical_rows).
LEXICAL_ALL_ROWS = frozenset(
    {"aljazeera", "osact4", "lhsab", "offenseval_tr", "phate", "parsoffensive"}
)
EVAL_MAX_LENGTH = 128


def text_key(text: str) -> str:
    """A short stable id for a held-out row (scores are stored without the text)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def auc(labels: Sequence[int], scores: Sequence[float]) -> float | None:
    """ROC AUC, None when only one class is present."""
    if len(set(labels)) < 2:
        return None
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores))


def label_metrics(rows: Iterable[tuple[Example, Sequence[float]]]) -> dict[str, dict[str, Any]]:
    """Per corpus and house label: rows, positives and AUC (masked labels left out)."""
    grouped: dict[tuple[str, str], tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
    for example, scores in rows:
        for i, label in enumerate(HOUSE_LABELS):
            target = example.target[i]
            if target is None:
                continue
            for corpus in (example.corpus, "all"):
                ys, ss = grouped[(corpus, label)]
                ys.append(int(target))
                ss.append(float(scores[i]))
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    for (corpus, label), (ys, ss) in sorted(grouped.items()):
        value = auc(ys, ss)
        out[corpus][label] = {
            "rows": len(ys),
            "positives": sum(ys),
            "auc": round(value, 4) if value is not None else None,
        }
    return dict(out)


def run(
    datasets: Path,
    out_dir: Path,
    *,
    settings: TrainSettings | None = None,
    corpus_names: Iterable[str] | None = None,
    workdir: Path,
    extra_training: Sequence[Example] = (),
    extra_held_out: Sequence[Example] = (),
    decisions: Sequence[Example] = (),
    start_from: Path | None = None,
    replay_rows: int | None = None,
    score_splits: Sequence[str] = ("dev", "test"),
    zip_path: Path | None = None,
    base_sha256: str = BASE_SHA256,
    version: str | None = None,
    progress: Callable[[int, int, float], None] | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Train, score the dev and test splits, save the artifact; returns its house.json.

    The held-out scores go to ``workdir`` (never into the artifact): calibrate reads them.
    ``extra_training`` / ``extra_held_out``: rows from outside the corpora (the site's own
    decisions, site.py), trained on / scored with the held-out rows. ``start_from``: go on
    training the adapters of that artifact instead of fresh ones, on ``replay_rows`` corpus
    rows (a sample of the usual selection, so the model does not forget them) plus the extra
    rows: minutes instead of the better part of an hour. ``decisions``: the site's decisions
    (site.examples): their train rows are weighted against the corpus rows (site.weighted),
    their dev rows are scored with the held-out rows.
    """
    settings = settings or TrainSettings()
    names = (
        list(corpus_names)
        if corpus_names is not None
        else [c for c in corpora.available(datasets) if c in corpora.SHIPPED_CORPORA]
    )
    if not names:
        raise ValueError(f"no known corpus found under {datasets}")
    started = time.perf_counter()
    examples, dropped = corpora.load(datasets, names)
    chosen = select_training(examples, settings)
    if replay_rows is not None:
        chosen = chosen[:replay_rows]  # select_training shuffled them (seeded)
    extra_training = [*extra_training, *site.weighted(decisions, len(chosen))]
    extra_held_out = [*extra_held_out, *(e for e in decisions if e.split != "train")]
    chosen.extend(replace(e, split="train") for e in extra_training)
    held_out = [e for e in examples if e.split in set(score_splits)]
    held_out.extend(e for e in extra_held_out if e.split in set(score_splits))
    log(
        f"corpora: {', '.join(names)}; {len(examples)} rows after dedup "
        f"({dropped['duplicate']} duplicates dropped); training on {len(chosen)}, "
        f"{len(held_out)} held out (dev + test)"
    )
    with base_folder(HOUSE_LABELS, zip_path=zip_path, expected_sha256=base_sha256) as base:
        model, tokenizer = build_model(base, settings, start_from=start_from)
        timing = train(model, tokenizer, chosen, settings, progress=progress)
        log(f"trained: {timing}")
        scores = predict(model, tokenizer, [e.text for e in held_out], max_length=EVAL_MAX_LENGTH)
    by_split = {
        split: label_metrics(
            (e, s) for e, s in zip(held_out, scores, strict=True) if e.split == split
        )
        for split in ("dev", "test")
    }
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for e in examples:
        counts[e.corpus][e.split] += 1
    for e in chosen:
        counts[e.corpus]["trained_on"] += 1
    for e in extra_held_out:
        counts[e.corpus][e.split] += 1
    meta = {
        "version": version or f"house-{datetime.now(UTC):%Y.%m.%d}",
        "base_sha256": base_sha256,
        "labels": list(HOUSE_LABELS),
        "max_length": EVAL_MAX_LENGTH,
        "train_max_length": settings.max_length,
        "settings": settings.to_dict(),
        "data": {
            c: {**counts[c], "licence": LICENCES[c].text, "review": LICENCES[c].review}
            for c in names
        },
        "site_data": {
            c: dict(counts[c])
            for c in sorted({e.corpus for e in (*extra_training, *extra_held_out)})
        },
        "extra_training_rows": len(extra_training),
        "extra_held_out_rows": len(extra_held_out),
        "started_from": artifact.read_meta(start_from)["version"] if start_from else None,
        "training": {
            **timing,
            "machine": f"{platform.machine()} {platform.system()}",
            "total_seconds": round(time.perf_counter() - started, 1),
        },
        "metrics": by_split,
    }
    artifact.save(model, out_dir, meta)
    meta["lexical"] = _train_lexical(examples, chosen, held_out, scores, out_dir, workdir, log)
    artifact.write_meta(out_dir, {**artifact.read_meta(out_dir), "lexical": meta["lexical"]})
    return artifact.read_meta(out_dir)


def lexical_rows(examples: Sequence[Example], chosen: Sequence[Example]) -> list[Example]:
    """What the lexical model learns from: the transformer's training rows, plus every other
    training row of the corpora it is there for (Arabic, Persian, Turkish: the transformer's
    selection caps them at a few thousand each, a linear model learns from all of them in
    seconds). Dev and test rows never."""
    seen = {text_key(e.text) for e in chosen}
    extra = [
        e
        for e in examples
        if e.split == "train" and e.corpus in LEXICAL_ALL_ROWS and text_key(e.text) not in seen
    ]
    return [*chosen, *extra]


def _train_lexical(
    examples: Sequence[Example],
    chosen: Sequence[Example],
    held_out: Sequence[Example],
    bert_scores: Sequence[Sequence[float]],
    out_dir: Path,
    workdir: Path,
    log: Callable[[str], None],
) -> dict[str, Any]:
    """Train and save the lexical model, score the held-out rows with what was saved, and write
    the held-out scores file (both models) that calibrate reads; returns house.json's entry."""
    rows = lexical_rows(examples, chosen)
    started = time.perf_counter()
    model = lexical.train_lexical(
        [e.text for e in rows],
        [e.target for e in rows],
        HOUSE_LABELS,
        weights=[e.weight for e in rows],
    )
    model.save(out_dir)
    model = lexical.load(out_dir)  # score with exactly what ships
    assert model is not None
    lex_scores = model.scores([e.text for e in held_out])
    seconds = round(time.perf_counter() - started, 1)
    log(f"lexical model: {len(rows)} training rows, {seconds} s")
    write_scores(workdir, held_out, bert_scores, lex_scores)
    return {
        "settings": model.settings.to_dict(),
        "training_rows": len(rows),
        "seconds": seconds,
        "metrics": {
            split: label_metrics(
                (e, s) for e, s in zip(held_out, lex_scores, strict=True) if e.split == split
            )
            for split in ("dev", "test")
        },
    }


def write_scores(
    workdir: Path,
    held_out: Sequence[Example],
    bert_scores: Sequence[Sequence[float]],
    lexical_scores: Sequence[Sequence[float]] | None,
) -> None:
    """The held-out scores file: per row its key, corpus, split and both models' scores."""
    workdir.mkdir(parents=True, exist_ok=True)
    with (workdir / SCORES_FILE).open("w", encoding="utf-8") as fh:
        for i, e in enumerate(held_out):
            row: dict[str, Any] = {
                "key": text_key(e.text),
                "corpus": e.corpus,
                "split": e.split,
                "scores": [round(x, 5) for x in bert_scores[i]],
            }
            if lexical_scores is not None:
                row["lexical"] = [round(x, 5) for x in lexical_scores[i]]
            fh.write(json.dumps(row) + "\n")


def refit(
    datasets: Path,
    folder: Path,
    *,
    workdir: Path,
    zip_path: Path | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Keep the transformer adapter of the artifact at ``folder``; score the held-out rows with
    it again, retrain the lexical model and write the scores file (calibrate then refits the
    combiner): what `flask moderation train` does after fine-tuning, in minutes. The rows are
    the ones the artifact was trained with (its corpora, its settings' selection)."""
    meta = artifact.read_meta(folder)
    names = sorted(meta.get("data") or {})
    if meta.get("extra_training_rows"):
        raise ValueError(
            "this artifact was trained with the site's decisions: rebuild it with "
            "`flask moderation train --with-decisions`, not --refit"
        )
    settings = TrainSettings.from_dict(meta.get("settings") or {})
    examples, _ = corpora.load(datasets, names)
    chosen = select_training(examples, settings)
    held_out = [e for e in examples if e.split in {"dev", "test"}]
    log(f"refit: {len(held_out)} held-out rows to score with the adapter at {folder}")
    bert_scores = _cached_bert_scores(folder, held_out, workdir, zip_path)
    entry = _train_lexical(examples, chosen, held_out, bert_scores, folder, workdir, log)
    artifact.write_meta(folder, {**artifact.read_meta(folder), "lexical": entry})
    return artifact.read_meta(folder)


def _cached_bert_scores(
    folder: Path, held_out: Sequence[Example], workdir: Path, zip_path: Path | None
) -> list[list[float]]:
    """The transformer's held-out scores, from a cache in ``workdir`` kept per adapter file
    (scoring some 26,000 rows takes minutes)."""
    digest = hashlib.sha256((folder / artifact.ADAPTER_WEIGHTS).read_bytes()).hexdigest()[:16]
    cache = workdir / f"bert_scores_{digest}.jsonl"
    known: dict[str, list[float]] = {}
    if cache.is_file():
        with cache.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                known[row["key"]] = row["scores"]
    missing = [e for e in held_out if text_key(e.text) not in known]
    if missing:
        detox, _ = artifact.load_detoxify(folder, zip_path=zip_path)
        fresh = predict(
            detox.model, detox.tokenizer, [e.text for e in missing], max_length=EVAL_MAX_LENGTH
        )
        workdir.mkdir(parents=True, exist_ok=True)
        with cache.open("a", encoding="utf-8") as fh:
            for e, s in zip(missing, fresh, strict=True):
                known[text_key(e.text)] = [round(x, 5) for x in s]
                fh.write(json.dumps({"key": text_key(e.text), "scores": known[text_key(e.text)]}))
                fh.write("\n")
    return [known[text_key(e.text)] for e in held_out]


def format_metrics(meta: dict[str, Any]) -> str:
    """The dev-split figures as plain-text tables (AUC per corpus and label; screening)."""
    lines = ["dev AUC per corpus and label (rows):"]
    dev = meta.get("metrics", {}).get("dev", {})
    header = f"  {'corpus':<15}" + "".join(f"{label[:15]:>16}" for label in HOUSE_LABELS)
    lines.append(header)
    for corpus in sorted(dev, key=lambda c: (c == "all", c)):
        cells = []
        for label in HOUSE_LABELS:
            m = dev[corpus].get(label)
            cells.append(f"{m['auc']:.3f} ({m['rows']})" if m and m["auc"] is not None else "—")
        lines.append(f"  {corpus:<15}" + "".join(f"{c:>16}" for c in cells))
    screening = meta.get("screening_metrics", {})
    for split in ("dev", "test"):
        figures = screening.get(split)
        if not figures:
            continue
        lines.append(f"screening on the {split} split (house model + rules + combiner):")
        lines.append(f"  {'corpus':<15}{'recall':>10}{'clean flagged':>15}{'risk AUC':>10}")
        for corpus in sorted(figures, key=lambda c: (c == "all", c)):
            f = figures[corpus]
            recall = f.get("recall", {}).get("rate")
            clean = f.get("clean_flagged", {}).get("rate")
            risk = f.get("risk_auc")

            def cell(x: float | None) -> str:
                return f"{x:.3f}" if x is not None else "—"

            lines.append(f"  {corpus:<15}{cell(recall):>10}{cell(clean):>15}{cell(risk):>10}")
    return "\n".join(lines)
