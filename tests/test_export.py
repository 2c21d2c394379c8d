"""``xinyu export onnx`` on a tiny model trained on the spot: the parity check, the int8 variant, the exported
folder serving as a ``transformer`` backend through onnxruntime, and refusals of bad requests."""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("peft")
pytest.importorskip("onnxruntime")
pytest.importorskip("onnxscript")

from typer.testing import CliRunner  # noqa: E402

from tests.test_neural import CLASSES, _rows  # noqa: E402
from tests.tiny_models import tiny_gemma  # noqa: E402
from xinyu.cli.main import app  # noqa: E402
from xinyu.neural.export import OnnxExportConfig, parity_report  # noqa: E402

runner = CliRunner()


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    from xinyu.neural.emotion import EmotionTrainConfig, train_emotion_transformer

    root = tmp_path_factory.mktemp("export")
    rows = _rows(16)
    base = tiny_gemma(root / "base", [r["text"] for r in rows] + ["哈"])
    config = EmotionTrainConfig(base=str(base), epochs=3, batch_size=8, lr=1e-2, device="cpu", patience=10)
    texts, labels = [r["text"] for r in rows], [r["label"] for r in rows]
    train_emotion_transformer(texts, labels, texts[:16], labels[:16], config, root / "model")
    return root / "model"


def _export(*args):
    r = runner.invoke(app, ["export", "onnx", *map(str, args)])
    return r.exit_code, r


def test_export_onnx_matches_pytorch_and_serves_as_a_backend(trained, tmp_path):
    from xinyu.emotion.onnx_model import OnnxEmotionModel
    from xinyu.neural.emotion import TransformerEmotionModel

    check = tmp_path / "check.jsonl"
    check.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _rows(6)), encoding="utf-8")
    out = tmp_path / "onnx"
    code, r = _export(
        "--model", trained, "--out", out, "--check-data", check, "--label-field", "label", "--scheme", "canonical",
        "--json",
    )  # fmt: skip
    assert code == 0, r.output
    report = json.loads(r.stdout.strip().splitlines()[-1])
    assert report["passed"] and report["n"] == 24 and report["agreement"] == 1.0
    assert report["max_abs_diff"] <= 1e-3 and report["macro_f1_onnx"] == report["macro_f1_pytorch"]
    assert json.loads((out / "parity.json").read_text())["passed"] is True
    meta = json.loads((out / "xinyu-emotion.json").read_text(encoding="utf-8"))
    assert meta["runtime"] == "onnx" and meta["labels"] == list(CLASSES)
    assert not (out / "adapter").exists() and (out / "model.onnx").stat().st_size > 0

    # batches of any size and length, and texts the graph never saw in tracing (one character, empty)
    texts = ["哈", "", "今天好开心啊啊啊啊", *[r["text"] for r in _rows(3)]]
    torch_probs = TransformerEmotionModel(trained, device="cpu").probabilities(texts)
    onnx_model = OnnxEmotionModel(out)
    for size in (1, 4, 32):
        np.testing.assert_allclose(onnx_model.probabilities(texts, batch_size=size), torch_probs, atol=1e-4)

    r = runner.invoke(
        app, ["analyze", "--backend", "transformer", "--model", str(out), "--json", "今天好怕啊"]
    )
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout.strip().splitlines()[-1])
    assert result["label"] == "fear" and result["model"].startswith("transformer:emotion-transformer")


def test_export_onnx_int8_is_smaller_and_records_its_quantisation(trained, tmp_path):
    code, r = _export(
        "--model", trained, "--out", tmp_path / "q", "--quantize", "int8", "--min-agreement", "0", "--json"
    )
    assert code == 0, r.output
    report = json.loads(r.stdout.strip().splitlines()[-1])
    assert report["quantize"] == "int8" and report["atol"] is None
    meta = json.loads((tmp_path / "q" / "xinyu-emotion.json").read_text(encoding="utf-8"))
    assert meta["onnx"]["quantize"] == "int8"
    assert not (tmp_path / "q" / "model.float32.onnx").exists()


def test_parity_report_fails_on_logits_or_labels():
    ref = np.array([[2.0, 0.0], [0.0, 2.0], [1.0, 0.5]])
    close = ref + 1e-5
    assert parity_report(ref, close, ["joy", "sadness"], OnnxExportConfig())["passed"]
    # logits off by more than atol fail a float32 export even when every label agrees
    drift = ref + np.array([0.01, 0.0])
    bad = parity_report(ref, drift, ["joy", "sadness"], OnnxExportConfig())
    assert not bad["passed"] and bad["agreement"] == 1.0
    # int8 judges labels only: one of three flipped is below the 0.9 default
    flipped = ref.copy()
    flipped[2] = [0.0, 1.0]
    assert parity_report(ref, drift, ["joy", "sadness"], OnnxExportConfig(quantize="int8"))["passed"]
    assert not parity_report(ref, flipped, ["joy", "sadness"], OnnxExportConfig(quantize="int8"))["passed"]
    with_gold = parity_report(
        ref, flipped, ["joy", "sadness"], OnnxExportConfig(quantize="int8"), ["joy"] * 3
    )
    assert with_gold["macro_f1_pytorch"] > with_gold["macro_f1_onnx"]


def test_export_onnx_refuses_bad_requests(trained, tmp_path):
    def run(*extra):
        code, r = _export("--out", tmp_path / "x", *extra)
        return code, " ".join(r.output.split())

    code, out = run("--model", trained, "--quantize", "int4")
    assert code == 2 and "choose int8" in out
    code, out = run("--model", trained, "--label-field", "label")
    assert code == 2 and "needs --check-data and --scheme" in out
    code, out = run("--model", tmp_path)
    assert code == 2 and "no transformer emotion model" in out
    missing = tmp_path / "check.jsonl"
    missing.write_text('{"content": "x"}\n', encoding="utf-8")
    code, out = run("--model", trained, "--check-data", missing)
    assert code == 2 and "text" in out
