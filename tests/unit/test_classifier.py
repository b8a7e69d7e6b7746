"""The Detoxify backend on a tiny real checkpoint, the offline fallback and load_classifier."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from pathlib import Path

import pytest
import torch

import moderation.classifier as classifier_module
from moderation.classifier import (
    Classifier,
    DetoxifyClassifier,
    ProfanityCheckClassifier,
)
from moderation.classifier_loading import ClassifierSettings, load_classifier
from tests.conftest import TinyModel
from tests.support.detoxify_checkpoint import (
    ORIGINAL_LABELS,
    UNBIASED_IDENTITY_OUTPUTS,
    build_checkpoint,
    hf_dir_of,
)
from tests.support.detoxify_checkpoint import UNBIASED_LABELS as UNBIASED

TEXTS = [
    "the council met on tuesday and voted to build a new bridge over the river",
    "you are an idiot",
    "",
    "hello",
    "I think the mayor is wrong about the school budget, and here is why: " * 5,
    "great article",
    "stop",
    "the police report came out this morning",
    "x" * 3000,
]


def _warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        r
        for r in caplog.records
        if r.name == "moderation.classifier" and r.levelno >= logging.WARNING
    ]


@pytest.mark.model
def test_tiny_checkpoint_loads_through_real_detoxify_quickly(tiny_model: TinyModel) -> None:
    from detoxify import Detoxify

    Detoxify(checkpoint=str(tiny_model.checkpoint))  # warm the import caches
    started = time.perf_counter()
    model = Detoxify(
        checkpoint=str(tiny_model.checkpoint), huggingface_config_path=str(tiny_model.hf_dir)
    )
    elapsed = time.perf_counter() - started
    assert model.class_names == list(UNBIASED)
    assert set(model.predict("hello there")) == set(UNBIASED)
    assert elapsed < 1.0, f"tiny checkpoint took {elapsed:.2f}s to load"


@pytest.mark.model
def test_predict_returns_one_dict_per_text_with_every_label_in_range(
    tiny_classifier: DetoxifyClassifier,
) -> None:
    results = tiny_classifier.predict(TEXTS)
    assert len(results) == len(TEXTS)
    for scores in results:
        assert tuple(scores) == UNBIASED
        assert all(0.0 <= v <= 1.0 for v in scores.values())
    assert isinstance(tiny_classifier, Classifier)
    assert tiny_classifier.name == "detoxify:checkpoint"
    assert tiny_classifier.version.startswith("checkpoint-")
    assert len(tiny_classifier.version) == len("checkpoint-") + 8


@pytest.mark.model
def test_bucketed_batches_keep_input_order(tiny_classifier: DetoxifyClassifier) -> None:
    bucketed = tiny_classifier.predict(TEXTS)
    one_by_one = [tiny_classifier.predict([text])[0] for text in TEXTS]
    worst = max(abs(a[k] - b[k]) for a, b in zip(bucketed, one_by_one, strict=True) for k in a)
    assert worst < 1e-5
    # The check only means something if different texts get visibly different scores.
    spread = max(abs(bucketed[0][k] - bucketed[1][k]) for k in UNBIASED)
    assert spread > 1e-3


@pytest.mark.model
def test_reversed_input_gives_reversed_output(tiny_classifier: DetoxifyClassifier) -> None:
    forward = tiny_classifier.predict(TEXTS)
    backward = tiny_classifier.predict(TEXTS[::-1])
    for a, b in zip(forward, backward[::-1], strict=True):
        assert a == pytest.approx(b, abs=1e-5)


@pytest.mark.model
def test_50000_character_comment_is_truncated(tiny_classifier: DetoxifyClassifier) -> None:
    long_comment = "the council will vote on the new bridge " * 1250  # 50,000 characters
    assert len(long_comment) == 50_000
    started = time.perf_counter()
    long_scores, prefix_scores = tiny_classifier.predict([long_comment, long_comment[:4000]])
    assert time.perf_counter() - started < 5.0
    # Both are cut to the same first max_length tokens, so they score the same.
    assert long_scores == pytest.approx(prefix_scores, abs=1e-5)


def test_empty_batch_returns_empty_list_without_loading(tmp_path: Path) -> None:
    lazy = DetoxifyClassifier(checkpoint=tmp_path / "does-not-exist.ckpt")
    assert lazy.predict([]) == []
    assert not lazy.loaded


def test_named_model_is_lazy_and_knows_its_labels() -> None:
    lazy = DetoxifyClassifier("original")
    assert not lazy.loaded
    assert lazy.labels == tuple(
        {
            "toxic": "toxicity",
            "severe_toxic": "severe_toxicity",
            "identity_hate": "identity_attack",
        }.get(label, label)
        for label in ORIGINAL_LABELS
    )
    assert DetoxifyClassifier().labels == UNBIASED
    assert DetoxifyClassifier().name == "detoxify:unbiased"


def test_unknown_model_type_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown Detoxify model type 'huge'"):
        DetoxifyClassifier("huge")


@pytest.mark.model
def test_quantized_model_scores_close_to_fp32(
    tiny_model: TinyModel, tiny_classifier: DetoxifyClassifier
) -> None:
    quantized = DetoxifyClassifier(
        checkpoint=tiny_model.checkpoint, hf_config_path=tiny_model.hf_dir, quantize=True
    )
    q_scores = quantized.predict(TEXTS)
    fp_scores = tiny_classifier.predict(TEXTS)
    worst = max(abs(a[k] - b[k]) for a, b in zip(q_scores, fp_scores, strict=True) for k in a)
    print(f"quantized vs fp32 max |diff| on the tiny model: {worst:.5f}")
    assert quantized.quantized
    assert quantized.version == tiny_classifier.version + "-int8"
    dynamic_linear = torch.ao.nn.quantized.dynamic.Linear
    assert any(isinstance(m, dynamic_linear) for m in quantized._model.modules())
    assert 0.0 < worst < 0.05


@pytest.mark.model
def test_a_cpu_that_cannot_run_int8_gets_the_fp32_model_back(
    tiny_model: TinyModel, tiny_classifier: DetoxifyClassifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Quantization is in place (to keep the peak memory low); when the quantized engine fails at
    # the first forward, the layers already converted must not be used: fp32 is loaded again.
    import torch.ao.quantization as tq

    real = tq.quantize_dynamic

    def converts_then_breaks(model, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        real(model, *args, **kwargs)

        def broken_forward(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
            raise RuntimeError("no quantized engine")

        model.forward = broken_forward
        return model

    monkeypatch.setattr(tq, "quantize_dynamic", converts_then_breaks)
    fallback = DetoxifyClassifier(
        checkpoint=tiny_model.checkpoint, hf_config_path=tiny_model.hf_dir, quantize=True
    )
    scores = fallback.predict(TEXTS)
    assert not fallback.quantized
    assert fallback.version == tiny_classifier.version
    dynamic_linear = torch.ao.nn.quantized.dynamic.Linear
    assert not any(isinstance(m, dynamic_linear) for m in fallback._model.modules())
    expected = tiny_classifier.predict(TEXTS)
    # fp32 scores (float noise only); int8 would differ by around 0.01.
    assert all(a == pytest.approx(b, abs=1e-5) for a, b in zip(scores, expected, strict=True))


@pytest.mark.model
@pytest.mark.parametrize(
    ("labels", "extra", "expected"),
    [
        (ORIGINAL_LABELS, 0, ("toxicity", "severe_toxicity", "obscene", "threat", "insult",
                              "identity_attack")),
        (UNBIASED, UNBIASED_IDENTITY_OUTPUTS, UNBIASED),
    ],
    ids=["original-renamed", "unbiased-16-outputs"],
)  # fmt: skip
def test_label_names_follow_detoxify(
    tmp_path: Path, labels: tuple[str, ...], extra: int, expected: tuple[str, ...]
) -> None:
    checkpoint = build_checkpoint(tmp_path, labels=labels, extra_outputs=extra)
    model = DetoxifyClassifier(checkpoint=checkpoint, hf_config_path=hf_dir_of(checkpoint))
    assert model.labels == expected
    (scores,) = model.predict(["you are an idiot"])
    assert tuple(scores) == expected  # the 9 identity columns of "unbiased" are dropped


@pytest.mark.model
def test_load_happens_once_under_concurrent_predicts(
    tiny_model: TinyModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = classifier_module._load_detoxify

    def counting(*args: object) -> object:
        calls.append(1)
        time.sleep(0.05)  # widen the race window
        return real(*args)

    monkeypatch.setattr(classifier_module, "_load_detoxify", counting)
    model = DetoxifyClassifier(checkpoint=tiny_model.checkpoint, hf_config_path=tiny_model.hf_dir)
    results: list[list[dict[str, float]]] = []
    threads = [
        threading.Thread(target=lambda: results.append(model.predict(TEXTS))) for _ in "abcd"
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert len(results) == 4
    for other in results[1:]:
        for a, b in zip(other, results[0], strict=True):
            assert a == pytest.approx(b, abs=1e-6)


@pytest.mark.model
def test_num_threads_is_applied(tiny_model: TinyModel) -> None:
    before = torch.get_num_threads()
    try:
        DetoxifyClassifier(checkpoint=tiny_model.checkpoint, num_threads=1).load()
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)


@pytest.mark.model
def test_load_classifier_returns_detoxify_when_it_loads(
    tiny_model: TinyModel, caplog: pytest.LogCaptureFixture
) -> None:
    settings = ClassifierSettings(
        checkpoint=tiny_model.checkpoint, hf_config_path=tiny_model.hf_dir
    )
    classifier, status = load_classifier(settings)
    assert isinstance(classifier, DetoxifyClassifier)
    assert status.available and not status.fallback
    assert status.name == "detoxify:checkpoint"
    assert status.version == classifier.version
    assert _warnings(caplog) == []


#: An artifact folder that does not exist: these tests follow Detoxify's failures to
#: alt-profanity-check; the house model's place in the chain is tested in test_house_model.py.
NO_HOUSE = Path("/nonexistent/house-model")


def _broken_settings(tiny: TinyModel, tmp_path: Path, case: str) -> ClassifierSettings:
    hf = tmp_path / "hf"
    shutil.copytree(tiny.hf_dir, hf)
    if case == "missing-checkpoint":
        return ClassifierSettings(
            checkpoint=tmp_path / "nope.ckpt", hf_config_path=hf, house_dir=NO_HOUSE
        )
    if case == "hf-folder-without-config":
        (hf / "config.json").unlink()
    elif case == "hf-folder-without-vocab":
        (hf / "vocab.txt").unlink()
    elif case == "hf-config-not-json":
        (hf / "config.json").write_text("{not json", encoding="utf-8")
    elif case == "corrupt-checkpoint":
        bad = tmp_path / "bad.ckpt"
        bad.write_bytes(b"definitely not a checkpoint")
        return ClassifierSettings(checkpoint=bad, hf_config_path=hf, house_dir=NO_HOUSE)
    elif case == "unknown-model-type":
        return ClassifierSettings(model_type="huge", house_dir=NO_HOUSE)
    return ClassifierSettings(checkpoint=tiny.checkpoint, hf_config_path=hf, house_dir=NO_HOUSE)


@pytest.mark.model
@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("missing-checkpoint", "checkpoint file not found"),
        ("hf-folder-without-config", "has no config.json"),
        ("hf-folder-without-vocab", "vocabulary files missing"),
        ("hf-config-not-json", "not a valid JSON"),
        ("corrupt-checkpoint", "Error"),
        ("unknown-model-type", "unknown Detoxify model type"),
    ],
)
def test_load_failure_falls_back_with_one_warning(
    tiny_model: TinyModel,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    case: str,
    reason: str,
) -> None:
    caplog.set_level(logging.INFO, logger="moderation.classifier")
    classifier, status = load_classifier(_broken_settings(tiny_model, tmp_path, case))
    assert isinstance(classifier, ProfanityCheckClassifier)
    assert not status.available
    assert status.fallback
    assert status.name == "alt-profanity-check"
    assert status.detail.startswith("Detoxify model unavailable (")
    assert reason in status.detail
    assert "house model unavailable (no house model at" in status.detail
    assert "offline fallback alt-profanity-check" in status.detail
    (warning,) = _warnings(caplog)
    assert warning.getMessage() == f"classifier unavailable: {status.detail}"
    (scores,) = classifier.predict(["what a load of crap"])
    assert scores["profanity"] > 0.9


def test_no_weights_and_offline_falls_back_fast(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))  # an empty torch.hub cache
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    started = time.perf_counter()
    settings = ClassifierSettings(model_type="unbiased", house_dir=NO_HOUSE)
    classifier, status = load_classifier(settings)
    assert time.perf_counter() - started < 5.0
    assert isinstance(classifier, ProfanityCheckClassifier)
    assert "weights are not cached" in status.detail
    assert "HF_HUB_OFFLINE" in status.detail
    assert len(_warnings(caplog)) == 1


def test_fallback_disabled_means_rules_only(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = ClassifierSettings(checkpoint=tmp_path / "nope.ckpt", fallback=False)
    classifier, status = load_classifier(settings)
    assert classifier is None
    assert status.name == "none"
    assert not status.available and not status.fallback
    assert status.detail.endswith("screening with the rule lists only")
    assert len(_warnings(caplog)) == 1


def test_backend_none_is_not_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    classifier, status = load_classifier(ClassifierSettings(backend="none"))
    assert classifier is None
    assert status.to_dict() == {
        "available": False,
        "name": "none",
        "version": "",
        "detail": "model screening disabled by configuration",
        "fallback": False,
    }
    assert _warnings(caplog) == []


def test_profanity_check_backend_scores_what_a_reader_would_notice() -> None:
    classifier, status = load_classifier(ClassifierSettings(backend="profanity-check"))
    assert isinstance(classifier, ProfanityCheckClassifier)
    assert status.available and status.name == "alt-profanity-check"
    assert classifier.labels == ("profanity",)
    assert classifier.predict([]) == []
    profane, clean = classifier.predict(["shit", "The new bridge will open in May"])
    assert profane["profanity"] > 0.9
    assert clean["profanity"] < 0.5
    assert isinstance(classifier, Classifier)


@pytest.mark.model
def test_checkpoint_builder_is_deterministic_and_leaves_global_rng_alone(tmp_path: Path) -> None:
    rng_before = torch.get_rng_state()
    first, again, other = (
        torch.load(build_checkpoint(tmp_path / name, seed=seed), weights_only=False)
        for name, seed in (("a", 0), ("b", 0), ("c", 1))
    )
    assert torch.equal(torch.get_rng_state(), rng_before)
    assert first["config"]["arch"]["args"]["model_type"] == str(tmp_path / "a" / "hf")
    assert first["config"]["arch"]["args"]["num_classes"] == len(UNBIASED)
    weights = "bert.encoder.layer.0.attention.self.query.weight"
    assert torch.equal(first["state_dict"][weights], again["state_dict"][weights])
    assert not torch.equal(first["state_dict"][weights], other["state_dict"][weights])
    vocab = (tmp_path / "a" / "hf" / "vocab.txt").read_text(encoding="utf-8").split("\n")[:-1]
    assert len(vocab) == len(set(vocab)) > 500
