"""The ``encoder`` backend without its graph (what a fast test sees): the blend's arithmetic, the fit of its
weight and thresholds, and the fall back to the linear model, which must never fail a reading."""

from __future__ import annotations

import json
import logging

import numpy as np
import pytest

from xinyu.emotion import create_backend, get_analyzer
from xinyu.emotion.encoder import Blend, EncoderBackend, default_encoder_dir, find_export
from xinyu.emotion.linear import LinearBackend
from xinyu.emotion.transformer import CONFIG_NAME
from xinyu.neural.emotion_onnx import export_cache_folder, weights_fingerprint
from xinyu.taxonomy import EMOTIONS

TEXTS = ["I am so happy today", "I cried all night", "明天下午三点开会", "I'm scared of the dark"]
LANGS = ["en", "en", "zh", "en"]


def _model_folder(root, head: bytes = b"head", blend: dict | None = None):
    folder = root / "en"
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"format": 1, "language": "en", "labels": list(EMOTIONS), "model_id": "tiny-encoder"}
    if blend is not None:
        meta["blend"] = blend
    (folder / CONFIG_NAME).write_text(json.dumps(meta), encoding="utf-8")
    (folder / "head.safetensors").write_bytes(head)
    return folder


def test_the_blend_mixes_scores_by_weight_and_adds_labels_over_their_threshold():
    blend = Blend(0.25, {"sadness": 0.3, "fear": 0.2, "joy": 0.9})
    model = {"sadness": 0.8, "fear": 0.2}
    linear = {"sadness": 0.2, "fear": 0.4, "neutral": 0.4}
    scores = blend.scores(model, linear)
    assert scores["sadness"] == pytest.approx(0.35) and scores["fear"] == pytest.approx(0.35)
    assert scores["neutral"] == pytest.approx(0.3) and sum(scores.values()) == pytest.approx(1.0)
    # the top label always; fear reaches its threshold; neutral has none, so it is never added
    assert blend.labels(scores)[0] in {"sadness", "fear"} and set(blend.labels(scores)) == {"sadness", "fear"}
    assert Blend(1.0, {}).labels({"joy": 0.6, "sadness": 0.4}) == ["joy"]
    assert Blend.from_meta({}) == Blend(1.0, {})
    assert Blend.from_meta({"blend": {"weight": 0.4, "thresholds": {"joy": 0.5}}}) == Blend(0.4, {"joy": 0.5})


def test_fit_blend_weighs_the_reader_that_is_right_and_finds_second_labels():
    from xinyu.train.emotion_blend import fit_blend

    rng = np.random.default_rng(0)
    gold = [[EMOTIONS[i % 7]] for i in range(140)]
    truth = np.eye(7)[[i % 7 for i in range(140)]]
    noise = rng.dirichlet(np.ones(7), size=140)
    right, wrong = 0.7 * truth + 0.3 * noise, noise
    fitted = fit_blend(right, wrong, gold)
    assert fitted["blend"].weight == 1.0 and fitted["macro_f1"] == 1.0 and fitted["by_weight"][0.0] < 0.5
    # the linear model right, the model noise: mixes stay (near) perfect up to some weight, and the largest of them
    # (within the tolerance of the best) is taken, so that ties lean to the model
    fitted = fit_blend(wrong, right, gold)
    perfect = [w for w, f1 in fitted["by_weight"].items() if f1 >= 0.995]
    assert fitted["blend"].weight == max(perfect) < 1.0 and fitted["by_weight"][1.0] < 0.5
    loose = fit_blend(wrong, right, gold, tolerance=0.2)
    assert loose["blend"].weight > fitted["blend"].weight and loose["macro_f1"] >= 0.8
    assert loose["best_macro_f1"] == 1.0

    # a second gold label the scores carry above the noise: its threshold lets it in
    both = [["sadness", "fear"]] * 20 + [["joy"]] * 20
    probs = np.zeros((40, 7))
    probs[:20, EMOTIONS.index("sadness")], probs[:20, EMOTIONS.index("fear")] = 0.6, 0.4
    probs[20:, EMOTIONS.index("joy")], probs[20:, EMOTIONS.index("fear")] = 0.8, 0.2
    blend = fit_blend(probs, probs, both)["blend"]
    assert 0.2 < blend.thresholds["fear"] <= 0.4
    assert blend.labels(dict(zip(EMOTIONS, probs[0], strict=True))) == ["sadness", "fear"]
    assert blend.labels(dict(zip(EMOTIONS, probs[30], strict=True))) == ["joy"]
    assert "neutral" not in blend.thresholds  # no row carries it

    with pytest.raises(ValueError, match="differ in size"):
        fit_blend(probs, probs[:3], both)


def test_without_its_graph_the_backend_reads_english_with_the_linear_model(tmp_path, tiny_model_dir, caplog):
    folder = _model_folder(tmp_path / "model", blend={"weight": 0.5, "thresholds": {}})
    with pytest.raises(FileNotFoundError, match="xinyu export encoder"):
        find_export(folder)
    with caplog.at_level(logging.WARNING, logger="xinyu.emotion.encoder"):
        backend = EncoderBackend(folder.parent, linear_dir=tiny_model_dir).load()
    assert "emotion encoder unavailable" in caplog.text and "xinyu export encoder" in caplog.text
    assert backend.models == {} and backend.unavailable
    assert backend.model_id == "encoder:linear:tiny for en, zh"
    linear = LinearBackend(tiny_model_dir).load()
    for got, want in zip(backend.predict(TEXTS, LANGS), linear.predict(TEXTS, LANGS), strict=True):
        assert got.scores == want.scores and got.labels == want.labels


def test_a_graph_that_fails_on_a_batch_leaves_the_linear_reading(tmp_path, tiny_model_dir, caplog):
    backend = EncoderBackend(_model_folder(tmp_path / "model"), linear_dir=tiny_model_dir).load()

    class Broken:
        language, labels, blend = "en", list(EMOTIONS), Blend(1.0, {})

        def probabilities(self, texts):
            raise RuntimeError("graph failed")

    backend.models["en"] = Broken()
    with caplog.at_level(logging.WARNING, logger="xinyu.emotion.encoder"):
        got = backend.predict(TEXTS, LANGS)
    want = LinearBackend(tiny_model_dir).load().predict(TEXTS, LANGS)
    assert [p.labels for p in got] == [p.labels for p in want]
    assert "failed on 3 texts" in caplog.text


def test_the_int8_graph_serves_when_built_else_the_float32_one(tmp_path):
    folder = _model_folder(tmp_path / "model")
    graphs = {q: export_cache_folder(folder, q) for q in (None, "int8")}
    for graph in graphs.values():
        graph.mkdir(parents=True)
        (graph / CONFIG_NAME).write_text(json.dumps({"runtime": "onnx"}), encoding="utf-8")
    assert find_export(folder) == graphs["int8"]
    (graphs["int8"] / CONFIG_NAME).unlink()
    assert find_export(folder) == graphs[None]
    assert find_export(graphs[None]) == graphs[None]  # an export folder is its own graph


def test_a_model_folder_names_its_graph_by_its_weights(tmp_path, monkeypatch):
    monkeypatch.setenv("XINYU_CACHE", str(tmp_path / "cache"))
    one = _model_folder(tmp_path / "one", head=b"weights A")
    two = _model_folder(tmp_path / "two", head=b"weights B")
    assert weights_fingerprint(one) != weights_fingerprint(two)
    assert export_cache_folder(one) != export_cache_folder(two)
    assert export_cache_folder(one).parent == tmp_path / "cache" / "emotion-onnx"
    assert export_cache_folder(one, "int8").name == export_cache_folder(one).name + "-int8"
    # the blend is read from the model folder at load: refitting it needs no new graph
    before = export_cache_folder(one)
    meta = json.loads((one / CONFIG_NAME).read_text())
    (one / CONFIG_NAME).write_text(json.dumps({**meta, "blend": {"weight": 0.3}}))
    assert export_cache_folder(one) == before
    assert weights_fingerprint(one) == weights_fingerprint(
        _model_folder(tmp_path / "three", head=b"weights A")
    )


def test_the_shipped_default_is_the_encoder_with_a_fitted_blend():
    from xinyu.config import Settings

    assert Settings().emotion_backend == "encoder"
    meta = json.loads((default_encoder_dir() / "en" / CONFIG_NAME).read_text(encoding="utf-8"))
    blend = Blend.from_meta(meta)
    assert meta["language"] == "en" and 0.0 < blend.weight < 1.0
    assert set(blend.thresholds) == set(EMOTIONS)
    analyzer = get_analyzer()  # no graph in a fast test's cache: English by the linear model, no error
    assert analyzer.backend.name == "encoder"
    result = analyzer.analyze("everyone would be better off without me")
    assert result.language == "en" and result.label in EMOTIONS
    assert create_backend("linear").name == "linear"  # still there for bulk jobs
