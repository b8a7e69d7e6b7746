"""Fetch a Detoxify model into one portable folder for air-gapped servers, and load it back.

Layout of a fetched folder::

    manifest.json      what was fetched, from where, its SHA-256; read by load_fetched
    checkpoint.ckpt    the Detoxify checkpoint, its model_type pointing at hf/ (absolute path)
    hf/                Hugging Face config.json and tokenizer files

Detoxify reads ``config.arch.args.model_type`` from the checkpoint and hands it to
``from_pretrained``, so it must be a local folder for offline loading. An absolute path breaks
when the folder is copied to another machine, hence ``load_fetched`` rebinds it (rewrites that
one field) when the folder has moved.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import sys
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

logger = logging.getLogger("moderation.model_fetch")

MANIFEST = "manifest.json"
CHECKPOINT_FILE = "checkpoint.ckpt"
HF_DIR = "hf"
FORMAT_VERSION = 1
_ALLOWED_SCHEMES = {"https", "http", "file"}
_OFFLINE_VALUES = {"1", "true", "yes", "on"}


class ModelUnavailable(RuntimeError):
    """The configured model cannot be loaded here (no weights, no network, bad files)."""


def hub_offline() -> bool:
    """Whether the environment forbids downloads (HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE)."""
    return any(
        os.environ.get(var, "").strip().lower() in _OFFLINE_VALUES
        for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


def file_sha256(path: Path, chunk_size: int = 1 << 20) -> str:
    """The hex SHA-256 of a file, read in chunks (checkpoints are hundreds of MB)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while chunk := fh.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def package_version(dist: str) -> str:
    """The installed version of a distribution, or "unknown"."""
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def check_downloadable(model_type: str, *, timeout: float = 10.0) -> str:
    """Version id of a released Detoxify model, failing fast if Detoxify could not get it."""
    import torch.hub
    from detoxify.detoxify import MODEL_URLS

    url = MODEL_URLS[model_type]
    filename = os.path.basename(urlparse(url).path)
    match = torch.hub.HASH_REGEX.search(filename)
    version = f"{model_type}-{match.group(1)[:8]}" if match else model_type
    cached = Path(torch.hub.get_dir()) / "checkpoints" / filename
    if cached.is_file():
        return version
    if hub_offline():
        raise ModelUnavailable(
            f"Detoxify '{model_type}' weights are not cached at {cached} and downloads "
            "are disabled (HF_HUB_OFFLINE); configure a local checkpoint (model_fetch)"
        )
    # torch.hub downloads without a timeout; a short probe avoids hanging on a dead network.
    probe = urllib.request.Request(url, method="HEAD")  # noqa: S310 - Detoxify's https URL
    try:
        with urllib.request.urlopen(probe, timeout=timeout):  # noqa: S310
            pass
    except OSError as exc:
        raise ModelUnavailable(f"cannot reach the Detoxify download ({exc})") from exc
    return version


def fetch_model(
    model_type: str,
    dest_dir: Path,
    *,
    checkpoint_url: str | None = None,
    hf_name: str | None = None,
) -> Path:
    """Download a Detoxify checkpoint plus its HF config and tokenizer into dest_dir."""
    import torch
    import torch.hub
    import transformers
    from detoxify.detoxify import MODEL_URLS

    if checkpoint_url is None:
        if model_type not in MODEL_URLS:
            raise ValueError(f"unknown Detoxify model type {model_type!r}; pass checkpoint_url")
        checkpoint_url = MODEL_URLS[model_type]
    scheme = urlparse(checkpoint_url).scheme
    if scheme not in _ALLOWED_SCHEMES:
        raise ValueError(f"unsupported checkpoint URL scheme {scheme!r}")

    dest_dir = Path(dest_dir).resolve()
    hf_dir = dest_dir / HF_DIR
    hf_dir.mkdir(parents=True, exist_ok=True)
    ckpt_path = dest_dir / CHECKPOINT_FILE

    filename = os.path.basename(urlparse(checkpoint_url).path)
    match = torch.hub.HASH_REGEX.search(filename)
    # Released Detoxify file names carry a SHA-256 prefix; torch.hub verifies it while writing.
    hash_prefix = match.group(1) if match else None
    logger.info("fetching checkpoint: model_type=%s file=%s", model_type, filename)
    torch.hub.download_url_to_file(
        checkpoint_url, str(ckpt_path), hash_prefix=hash_prefix, progress=sys.stderr.isatty()
    )
    source_sha256 = file_sha256(ckpt_path)

    # Trusted file the operator chose to fetch; Detoxify itself loads it the same way.
    loaded = torch.load(ckpt_path, map_location="cpu", weights_only=False)
    args = loaded["config"]["arch"]["args"]
    source = hf_name or args["model_type"]
    model_class = getattr(transformers, args["model_name"])
    config = model_class.config_class.from_pretrained(source, num_labels=args["num_classes"])
    config.save_pretrained(hf_dir)
    tokenizer = getattr(transformers, args["tokenizer_name"]).from_pretrained(source)
    tokenizer.save_pretrained(hf_dir)

    _bind(loaded, ckpt_path, hf_dir)
    manifest = {
        "format": FORMAT_VERSION,
        "model_type": model_type,
        "checkpoint": CHECKPOINT_FILE,
        "hf_config": HF_DIR,
        "bound_to": str(hf_dir),
        "source_url": checkpoint_url,
        "source_sha256": source_sha256,
        "hf_name": str(source),
        "classes": list(loaded["config"]["dataset"]["args"]["classes"]),
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": {
            "detoxify": package_version("detoxify"),
            "transformers": transformers.__version__,
            "torch": torch.__version__,
        },
    }
    _write_json(dest_dir / MANIFEST, manifest)
    logger.info("fetched model: model_type=%s sha256=%s", model_type, source_sha256[:12])
    return dest_dir


def read_manifest(dest_dir: Path) -> dict[str, Any]:
    """The manifest of a fetched folder; ValueError if it is missing or of another format."""
    path = Path(dest_dir) / MANIFEST
    if not path.is_file():
        raise FileNotFoundError(f"no {MANIFEST} in {dest_dir}: not a fetched model folder")
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise ValueError(f"unsupported model folder format {manifest.get('format')!r}")
    return manifest


def load_fetched(dest_dir: Path) -> tuple[Path, Path]:
    """(checkpoint_path, hf_config_path) of a fetched folder, rebinding it if it was moved."""
    dest_dir = Path(dest_dir).resolve()
    manifest = read_manifest(dest_dir)
    ckpt_path = dest_dir / manifest["checkpoint"]
    hf_dir = dest_dir / manifest["hf_config"]
    if not ckpt_path.is_file():
        raise FileNotFoundError(f"checkpoint missing from fetched folder: {ckpt_path}")
    if not (hf_dir / "config.json").is_file():
        raise FileNotFoundError(f"Hugging Face config missing from fetched folder: {hf_dir}")
    if manifest.get("bound_to") != str(hf_dir):
        import torch

        if not os.access(dest_dir, os.W_OK):
            raise PermissionError(
                f"model folder was moved and is read-only; make {dest_dir} writable once "
                "so its checkpoint can be pointed at the new location"
            )
        logger.info("rebinding moved model folder: model_type=%s", manifest.get("model_type"))
        loaded = torch.load(ckpt_path, map_location="cpu", weights_only=False)
        _bind(loaded, ckpt_path, hf_dir)
        manifest["bound_to"] = str(hf_dir)
        _write_json(dest_dir / MANIFEST, manifest)
    return ckpt_path, hf_dir


def _bind(loaded: dict[str, Any], ckpt_path: Path, hf_dir: Path) -> None:
    """Point the checkpoint's model_type at hf_dir, replacing the file atomically."""
    import torch

    loaded["config"]["arch"]["args"]["model_type"] = str(hf_dir)
    tmp = ckpt_path.with_name(ckpt_path.name + ".tmp")
    torch.save(loaded, tmp)
    os.replace(tmp, ckpt_path)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    """`python -m moderation.model_fetch MODEL_TYPE DEST` on a machine with internet."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("model_type", help="original, unbiased, multilingual, ...")
    parser.add_argument("dest_dir", type=Path)
    parser.add_argument("--checkpoint-url")
    parser.add_argument("--hf-name", help="HF hub name or local folder for config + tokenizer")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    out = fetch_model(
        args.model_type, args.dest_dir, checkpoint_url=args.checkpoint_url, hf_name=args.hf_name
    )
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
