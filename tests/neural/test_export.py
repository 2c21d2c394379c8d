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

from tests.neural.test_neural import CLASSES, _rows  # noqa: E402
from tests.tiny_models import tiny_gemma  # noqa: E402
from xinyu.cli.main import app  # noqa: E402
from xinyu.neural.export import OnnxExportConfig, parity_report  # noqa: E402

runner = CliRunner()


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    from xinyu.train.emotion_neural import EmotionTrainConfig, train_emotion_transformer

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
    from xinyu.neural.emotion import TransformerEmotionModel
    from xinyu.neural.emotion_onnx import OnnxEmotionModel

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
    assert result["label"] == "fear" and result["model"].startswith("transformer:emotion-transformer-onnx")


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


def _gguf_with_adapter(tmp_path):
    """A small GGUF (one layer's q projection quantised as Q8_0, a norm, an embedding) and a rank-2 adapter."""
    import gguf
    from gguf.quants import quantize
    from safetensors.numpy import save_file

    rng = np.random.default_rng(0)
    q = rng.normal(size=(32, 64)).astype(np.float32)
    norm = rng.normal(size=(64,)).astype(np.float32)
    embd = rng.normal(size=(40, 64)).astype(np.float32)
    source = tmp_path / "base.gguf"
    writer = gguf.GGUFWriter(str(source), arch="gemma3")
    writer.add_key_value("general.name", "tiny", gguf.GGUFValueType.STRING)
    writer.add_key_value("gemma3.block_count", 1, gguf.GGUFValueType.UINT32)
    writer.add_key_value("tokenizer.ggml.tokens", ["<pad>", "a", "b"], gguf.GGUFValueType.ARRAY, gguf.GGUFValueType.STRING)  # fmt: skip
    q8 = gguf.GGMLQuantizationType.Q8_0
    writer.add_tensor("token_embd.weight", quantize(embd, q8), raw_dtype=q8)
    writer.add_tensor("blk.0.attn_norm.weight", norm)
    writer.add_tensor("blk.0.attn_q.weight", quantize(q, q8), raw_dtype=q8)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    a, b = rng.normal(size=(2, 64)).astype(np.float16), rng.normal(size=(32, 2)).astype(np.float16)
    prefix = "base_model.model.model.layers.0.self_attn.q_proj"
    save_file(
        {f"{prefix}.lora_A.weight": a, f"{prefix}.lora_B.weight": b},
        str(adapter / "adapter_model.safetensors"),
    )
    (adapter / "adapter_config.json").write_text(json.dumps({"r": 2, "lora_alpha": 4}), encoding="utf-8")
    return source, adapter, 2.0 * (b.astype(np.float32) @ a.astype(np.float32))


def test_gguf_merge_adds_the_adapter_and_copies_everything_else(tmp_path):
    import gguf
    from gguf.quants import dequantize

    from xinyu.neural.export import ExportError, lora_deltas, merge_into_gguf

    source, adapter, delta = _gguf_with_adapter(tmp_path)
    deltas = lora_deltas(adapter)
    assert list(deltas) == ["blk.0.attn_q.weight"]
    np.testing.assert_allclose(deltas["blk.0.attn_q.weight"], delta, rtol=1e-6)
    base = {t.name: t for t in gguf.GGUFReader(str(source)).tensors}
    for kind in ("f32", "q8_0"):
        out = tmp_path / f"merged-{kind}.gguf"
        counts = merge_into_gguf(source, out, deltas, kind, {"xinyu.reply": '{"prompt": {}}'})
        assert counts == {"tensors": 3, "merged": 1, "copied": 2}
        reader = gguf.GGUFReader(str(out))
        got = {t.name: t for t in reader.tensors}
        expected = (
            dequantize(base["blk.0.attn_q.weight"].data, base["blk.0.attn_q.weight"].tensor_type) + delta
        )
        merged = got["blk.0.attn_q.weight"]
        value = dequantize(merged.data, merged.tensor_type).reshape(expected.shape)
        # f32 is exact; q8_0 rounds each block of 32 to 8 bits
        np.testing.assert_allclose(
            value, expected, atol=1e-5 if kind == "f32" else 0.05 * np.abs(expected).max()
        )
        for name in ("token_embd.weight", "blk.0.attn_norm.weight"):  # untouched tensors: the same bytes
            assert got[name].tensor_type == base[name].tensor_type
            assert np.array_equal(got[name].data, base[name].data)
        assert reader.fields["general.architecture"].contents() == "gemma3"
        assert reader.fields["tokenizer.ggml.tokens"].contents() == ["<pad>", "a", "b"]
        assert reader.fields["gemma3.block_count"].contents() == 1
        assert reader.fields["xinyu.reply"].contents() == '{"prompt": {}}'
        assert not out.with_name(out.name + ".partial").exists()

    with pytest.raises(ExportError, match="no tensor blk.1.attn_q.weight"):
        merge_into_gguf(source, tmp_path / "x.gguf", {"blk.1.attn_q.weight": delta})
    with pytest.raises(ExportError, match="choose q8_0"):
        merge_into_gguf(source, tmp_path / "x.gguf", deltas, "q4")
    (adapter / "adapter_config.json").write_text(json.dumps({"r": 2, "lora_alpha": 4, "use_dora": True}))
    with pytest.raises(ExportError, match="DoRA"):
        lora_deltas(adapter)


def test_export_gguf_refuses_bad_requests(tmp_path):
    def run(*extra):
        r = runner.invoke(app, ["export", "gguf", *map(str, extra)])
        return r.exit_code, " ".join(r.output.split())

    code, out = run("--model", tmp_path, "--out", tmp_path / "m.gguf")
    assert code == 2 and "not a reply model" in out
    folder = tmp_path / "reply"
    folder.mkdir()
    (folder / "xinyu-reply.json").write_text(json.dumps({"format": 1, "base": "Qwen/Qwen2.5-0.5B"}))
    code, out = run("--model", folder, "--out", tmp_path / "m.bin")
    assert code == 2 and "should end in .gguf" in out
    code, out = run("--model", folder, "--out", tmp_path / "m.gguf")
    assert code == 2 and "give its GGUF with --source" in out


def test_a_gguf_reply_model_without_llama_cpp_says_what_to_install(tmp_path):
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("llama-cpp-python is installed here")
    from xinyu.respond.engines import EngineUnavailable, ModelEngine

    path = tmp_path / "reply.gguf"
    path.write_bytes(b"GGUF")
    with pytest.raises(EngineUnavailable, match="needs llama.cpp.*pip install llama-cpp-python"):
        ModelEngine(path)
