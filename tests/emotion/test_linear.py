import json
import time

import numpy as np
import pytest

from tests.conftest import ZH_ROWS
from xinyu.emotion.analyzer import EmotionAnalyzer
from xinyu.emotion.base import EmotionBackendError
from xinyu.emotion.features import FeatureBlock, FeatureSpec
from xinyu.emotion.linear import LinearBackend, LinearModel, default_model_dir
from xinyu.io import file_sha256
from xinyu.taxonomy import EMOTIONS
from xinyu.train.emotion_linear import (
    LinearTrainConfig,
    train_linear,
    training_report,
    write_linear_model,
)


def test_feature_block_tfidf_rows_are_unit_length():
    spec = FeatureSpec("char", 1, 2)
    block = FeatureBlock.fit(spec, ["好累", "好开心", "累"], min_df=1)
    x = block.transform(["好累好累", "无关"])
    assert x.shape == (2, len(block.terms))
    assert np.isclose(np.sqrt(x[0].multiply(x[0]).sum()), 1.0)
    assert x[1].nnz == 0  # unseen n-grams give an empty row, not an error


def test_model_roundtrip_is_exact_and_pickle_free(tiny_model_dir, tmp_path):
    model = LinearModel.load(tiny_model_dir / "zh.npz")
    with np.load(tiny_model_dir / "zh.npz", allow_pickle=False) as z:
        assert all(z[k].dtype != object for k in z.files)
    model.save(tmp_path / "zh.npz")
    again = LinearModel.load(tmp_path / "zh.npz")
    texts = [t for t, _ in ZH_ROWS]
    assert np.allclose(model.scores(texts)[0], again.scores(texts)[0])


def test_training_is_deterministic(tmp_path):
    texts = [t for t, _ in ZH_ROWS]
    labels = [[{"happy": "joy", "angry": "anger", "sad": "sadness"}.get(y, "neutral")] for _, y in ZH_ROWS]
    for name in ("a", "b"):
        train_linear(texts, labels, LinearTrainConfig("zh", min_df=1)).save(tmp_path / f"{name}.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()


def test_a_trained_model_is_written_with_its_training_report(tmp_path):
    texts = [t for t, _ in ZH_ROWS]
    labels = [[{"happy": "joy", "angry": "anger", "sad": "sadness"}.get(y, "neutral")] for _, y in ZH_ROWS]
    config = LinearTrainConfig("zh", c=0.3, min_df=1, model_id="tiny-zh")
    model = train_linear(texts, labels, config)
    data = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    for i, p in enumerate(data):
        p.write_text(f"{i}\n", encoding="utf-8")
    report = training_report(
        model, config, data=data, weights=[1.0, 2.5], n_train=24, n_left_out=3, seconds=1.26
    )
    assert report == {
        "model_id": "tiny-zh",
        "language": "zh",
        "labels": model.labels,
        "multilabel": False,
        "n_train": 24,
        "n_left_out": 3,
        "n_features": model.featurizer.n_features,
        "config": {"c": 0.3, "min_df": 1, "blocks": [b.spec.to_dict() for b in model.featurizer.blocks]},
        "data": [
            {"file": "a.jsonl", "sha256": file_sha256(data[0]), "weight": 1.0},
            {"file": "b.jsonl", "sha256": file_sha256(data[1]), "weight": 2.5},
        ],
        "seconds": 1.3,
    }
    started = time.perf_counter()
    path = write_linear_model(
        model, config, tmp_path, data=data, weights=[1.0, 2.5], n_train=24, n_left_out=3, started=started
    )
    assert path == tmp_path / "zh.npz" and LinearModel.load(path).labels == model.labels
    written = json.loads((tmp_path / "zh.train.json").read_text(encoding="utf-8"))
    assert {**written, "seconds": None} == {**report, "seconds": None}
    assert 0 <= written["seconds"] <= round(time.perf_counter() - started, 1)
    with pytest.raises(ValueError):  # one weight per data file
        training_report(model, config, data=data, weights=[1.0], n_train=1, n_left_out=0, seconds=0)


def test_tiny_model_learns_its_training_data(tiny_model_dir):
    analyzer = EmotionAnalyzer(LinearBackend(tiny_model_dir).load())
    results = analyzer.analyze_batch([t for t, _ in ZH_ROWS])
    correct = sum(
        r.label == {"happy": "joy", "angry": "anger", "sad": "sadness"}.get(y, y)
        for r, (_, y) in zip(results, ZH_ROWS, strict=False)
    )
    assert correct >= 20
    r = analyzer.analyze("I'm worried and scared about the exam")
    assert r.language == "en" and r.label == "fear"
    assert set(r.scores) == set(EMOTIONS) and abs(sum(r.scores.values()) - 1) < 1e-3


def test_missing_model_dir_is_a_clear_error(tmp_path):
    with pytest.raises(EmotionBackendError, match="no linear emotion model"):
        LinearBackend(tmp_path).load()


def test_corrupt_model_file_is_a_clear_error(tmp_path):
    (tmp_path / "zh.npz").write_bytes(b"not a zip")
    with pytest.raises(EmotionBackendError, match="cannot load"):
        LinearBackend(tmp_path).load()


def test_training_needs_two_labels():
    with pytest.raises(ValueError, match="two distinct labels"):
        train_linear(["a", "b"], [["joy"], ["joy"]], LinearTrainConfig("en", min_df=1))


def test_shipped_model_is_there_and_small():
    files = sorted(p.name for p in default_model_dir().glob("*.npz"))
    assert files == ["en.npz", "zh.npz"]
    for p in default_model_dir().glob("*.npz"):
        assert p.stat().st_size < 25 * 2**20
    assert (default_model_dir() / "MODEL_CARD.md").is_file()
