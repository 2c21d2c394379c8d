"""The ``encoder`` backend end to end on a tiny English model trained on the spot: LoRA on the top layer with
length-sorted batches, ``xinyu train blend``, ``xinyu export encoder`` into the cache, and the blended reading."""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("peft")
pytest.importorskip("onnxruntime")
pytest.importorskip("onnxscript")

from typer.testing import CliRunner  # noqa: E402

from tests.conftest import EN_ROWS  # noqa: E402
from tests.tiny_models import tiny_gemma  # noqa: E402
from xinyu.cli.main import app  # noqa: E402
from xinyu.taxonomy import EMOTIONS  # noqa: E402

runner = CliRunner()
ROWS = [(text, labels[0]) for text, labels in EN_ROWS]


@pytest.fixture(scope="module")
def encoder_model(tmp_path_factory):
    """A model folder holding ``en/``: a tiny Gemma with LoRA on its top layer only, trained on ``EN_ROWS``."""
    from xinyu.train.emotion_neural import EmotionTrainConfig, train_emotion_transformer

    root = tmp_path_factory.mktemp("encoder")
    texts, labels = [t for t, _ in ROWS], [y for _, y in ROWS]
    base = tiny_gemma(root / "base", texts)
    config = EmotionTrainConfig(
        base=str(base),
        language="en",
        epochs=4,
        batch_size=4,
        lr=1e-2,
        device="cpu",
        patience=20,
        lora_layers=1,
        length_batches=True,
        model_id="tiny-encoder",
    )
    train_emotion_transformer(texts, labels, texts, labels, config, root / "model" / "en")
    return root / "model"


def test_lora_on_the_top_layers_only(encoder_model):
    adapter = json.loads((encoder_model / "en" / "adapter" / "adapter_config.json").read_text())
    assert adapter["layers_to_transform"] == [1]  # the tiny Gemma has two layers


def test_length_batches_cover_every_row_once_in_batches_of_about_one_length():
    from xinyu.train.loop import length_batches

    lengths = [(i * 7) % 50 + 1 for i in range(1000)]
    one, two = length_batches(lengths, 10, seed=1), length_batches(lengths, 10, seed=2)
    assert sorted(i for b in one for i in b) == list(range(1000)) and one != two
    spread = np.mean([max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in one])
    assert spread < 5  # random batches of 10 would spread over about 40


def test_export_blend_and_serve(encoder_model, tiny_model_dir, tmp_path):
    from xinyu.emotion.encoder import EncoderBackend
    from xinyu.emotion.linear import LinearBackend
    from xinyu.neural.emotion_onnx import OnnxEmotionModel, export_cache_folder

    folder = encoder_model / "en"
    # float32, so that the reading can be checked to the last digit (int8 is the default build)
    export = ["export", "encoder", "--model", str(encoder_model), "--float32", "--json"]
    r = runner.invoke(app, export)
    assert r.exit_code == 0, r.output
    (built,) = json.loads(r.stdout.strip().splitlines()[-1])
    assert built["built"] and built["passed"] and built["out"] == str(export_cache_folder(folder))
    assert not export_cache_folder(folder).with_name(export_cache_folder(folder).name + ".partial").exists()
    r = runner.invoke(app, export)
    assert json.loads(r.stdout.strip().splitlines()[-1])[0]["built"] is False  # kept, not built again

    rows = tmp_path / "held.jsonl"
    rows.write_text("".join(json.dumps({"text": t, "label": y}) + "\n" for t, y in EN_ROWS), encoding="utf-8")
    r = runner.invoke(
        app,
        ["train", "blend", "--model", str(folder), "--data", str(rows), "--scheme", "canonical",
         "--linear-model", str(tiny_model_dir), "--json"],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    fit = json.loads(r.stdout.strip().splitlines()[-1])
    meta = json.loads((folder / "xinyu-emotion.json").read_text())
    assert meta["blend"]["weight"] == fit["weight"] and meta["blend"]["fitted"]["rows"] == len(EN_ROWS)
    assert fit["read_with"] == "onnx float32"  # the graph that serves, once it is built
    assert set(meta["blend"]["thresholds"]) == set(EMOTIONS)

    backend = EncoderBackend(encoder_model, linear_dir=tiny_model_dir).load()
    assert set(backend.models) == {"en"} and backend.unavailable is None
    assert backend.model_id == "encoder:tiny-encoder-onnx+linear:tiny for zh"
    texts, langs = ["I am so happy today", "今天好开心", "that was terrifying"], ["en", "zh", "en"]
    got = backend.predict(texts, langs)
    linear = LinearBackend(tiny_model_dir).load().predict(texts, langs)
    graph = OnnxEmotionModel(export_cache_folder(folder))
    probs = graph.probabilities([texts[0], texts[2]])
    w = fit["weight"]
    for row, i in enumerate((0, 2)):
        model = dict(zip(graph.labels, probs[row], strict=True))
        for e in EMOTIONS:
            want = w * model.get(e, 0.0) + (1 - w) * linear[i].scores[e]
            assert got[i].scores[e] == pytest.approx(want, abs=1e-6)
        assert got[i].labels[0] == max(got[i].scores, key=got[i].scores.__getitem__)
    assert got[1].scores == linear[1].scores  # Chinese: the linear model alone

    r = runner.invoke(
        app,
        ["analyze", "--backend", "encoder", "--model", str(encoder_model), "--json", "I am so happy today"],
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout.strip().splitlines()[-1])["model"].startswith("encoder:tiny-encoder")
