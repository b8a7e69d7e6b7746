"""The house model in the app: the shipped artifact screens and orders the queue; training CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from flask import Flask

from app import create_app
from config import Config, ConfigError
from extensions import db as database
from models import Comment, ScreeningState
from moderation.model import artifact
from services import screening as screening_service
from services.queue import QueueFilters, pending_queue
from tests.conftest import TinyHouse, make_config, staff_headers
from tests.factories import make_article, post_comment
from tests.integration.test_screening_app import _run_worker_until_idle

pytestmark = pytest.mark.model

ARSON = "someone should burn down the council building with all of them inside"
ORDINARY = [
    "The council building needs a new roof before winter.",
    "Thanks for covering the budget vote, a clear and useful report.",
    "I disagree with the mayor, but the article explains both sides well.",
]


def _app(database_url: str, tmp_path: Path, **changes: object) -> Flask:
    return create_app(make_config(database_url, tmp_path / "instance", **changes))


def test_shipped_house_model_flags_a_threat_and_puts_it_first(
    database_url: str, tmp_path: Path
) -> None:
    app = _app(database_url, tmp_path, classifier_backend="house")
    with app.app_context():
        article = make_article(database)
        ids = [post_comment(article, text).comment.id for text in ORDINARY]
        threat_id = post_comment(article, ARSON).comment.id
        _run_worker_until_idle(app)
        threat = database.session.get(Comment, threat_id)
        assert threat.screening_state is ScreeningState.SCREENED
        version = artifact.read_meta(artifact.SHIPPED_DIR)["version"]
        assert threat.model_version == f"house@{version}"
        assert "threat" in {f["category"] for f in threat.flags}
        model_flags = [f for f in threat.flags if f["source"] == f"model:{version}"]
        assert model_flags and model_flags[0]["score"] >= model_flags[0]["threshold"]
        first = pending_queue(QueueFilters()).items[0]
        assert first.id == threat_id
        assert all(database.session.get(Comment, i).risk < threat.risk for i in ids)
        health = app.test_client().get("/healthz", headers=staff_headers()).json["screening"]
        assert health["status"] == "ok"
        assert health["model"] == {"available": True, "name": "house", "fallback": False}
        database.session.remove()
        database.engine.dispose()


def test_house_is_the_default_backend(tmp_path: Path) -> None:
    cfg = Config.from_env({}, instance_path=str(tmp_path))
    settings = screening_service.classifier_settings(cfg)
    assert settings.backend == "house" and settings.house_dir is None  # the shipped artifact
    cfg = Config.from_env({"HOUSE_MODEL_DIR": str(tmp_path / "h")}, instance_path=str(tmp_path))
    assert screening_service.classifier_settings(cfg).house_dir == tmp_path / "h"
    with pytest.raises(ConfigError, match="CLASSIFIER_BACKEND must be one of house, detoxify"):
        screening_service.classifier_settings(cfg.replace(classifier_backend="bert"))


def _train_args(tiny_house: TinyHouse, out: Path, *extra: str) -> list[str]:
    """`flask moderation train` on the tiny corpora and base, into ``out``."""
    return [
        *("moderation", "train", "--datasets", str(tiny_house.datasets), "--out", str(out)),
        *("--base-zip", str(tiny_house.base_zip), "--base-sha256", tiny_house.base_sha256),
        *extra,
    ]


def test_train_command_rebuilds_an_artifact_that_loads(
    runner,
    tiny_house: TinyHouse,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    out = tmp_path / "house"
    result = runner.invoke(
        args=_train_args(tiny_house, out, "--epochs", "2", "--version", "house-cli")
    )
    assert result.exit_code == 0, result.output
    assert "dev AUC per corpus and label" in result.output
    assert "screening on the dev split" in result.output
    assert f"house model saved in {out} (house-cli)" in result.output
    meta = json.loads((out / artifact.HOUSE_JSON).read_text())
    assert meta["version"] == "house-cli" and meta["combiner"]["thresholds"]
    assert sorted(meta["data"]) == ["jigsaw", "olid", "sms", "threatgram", "youtube"]
    assert not (out / "heldout_scores.jsonl").exists()  # scores stay in the instance folder


def test_train_command_refuses_a_folder_without_corpora(runner, tmp_path: Path) -> None:  # noqa: ANN001
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(
        args=["moderation", "train", "--datasets", str(empty), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code != 0
    assert "no known corpus found" in result.output
    assert not (tmp_path / "out").exists()


SITE_SLUR = "blorvak"  # a local insult no corpus knows


def _attack_score(folder: Path, tiny_house: TinyHouse, texts: list[str]) -> float:
    detox, _meta = artifact.load_detoxify(folder, zip_path=tiny_house.base_zip)
    return max(detox.predict(texts)["personal_attack"])


def test_train_with_decisions_learns_the_sites_own_rejections(
    app: Flask,
    runner,  # noqa: ANN001
    tiny_house: TinyHouse,
    tmp_path: Path,
) -> None:
    from services.decisions import decide

    out = tmp_path / "house"
    shutil.copytree(tiny_house.folder, out)
    article = make_article(database)
    towns = ["erbil", "duhok", "zakho", "koya", "halabja", "soran", "ranya", "akre"]
    for i in range(48):
        town = towns[i % len(towns)]
        attack = post_comment(article, f"the {town} mayor is a {SITE_SLUR} number {i}").comment
        decide(attack.id, "reject", None, reason="personal_attack")
        clean = post_comment(article, f"the {town} bridge report number {i} was useful").comment
        decide(clean.id, "approve", None)
    probe = [f"what a {SITE_SLUR} the governor is", f"you {SITE_SLUR}"]
    before = _attack_score(out, tiny_house, probe)
    result = runner.invoke(
        args=_train_args(
            tiny_house,
            out,
            *("--with-decisions", "--adapt", "--epochs", "6", "--learning-rate", "5e-3"),
            *("--replay-rows", "60", "--version", "house-site"),
        )
    )
    assert result.exit_code == 0, result.output
    assert "site decisions: 96 usable" in result.output
    meta = json.loads((out / artifact.HOUSE_JSON).read_text())
    assert meta["version"] == "house-site" and meta["started_from"] == "house-test"
    site_rows = meta["site_data"]["site"]
    assert site_rows["trained_on"] + site_rows["dev"] == 96 and site_rows["dev"] >= 5
    assert "site" in meta["screening_metrics"]["dev"]  # the combiner saw the site's dev rows
    after = _attack_score(out, tiny_house, probe)
    assert after > before + 0.2, (before, after)


def test_train_with_decisions_refuses_a_site_with_none(
    runner,  # noqa: ANN001
    tiny_house: TinyHouse,
    tmp_path: Path,
) -> None:
    out = tmp_path / "house"
    shutil.copytree(tiny_house.folder, out)
    result = runner.invoke(args=_train_args(tiny_house, out, "--with-decisions", "--adapt"))
    assert result.exit_code != 0
    assert "no approved or rejected comments to learn from" in result.output
    assert json.loads((out / artifact.HOUSE_JSON).read_text())["version"] == "house-test"
