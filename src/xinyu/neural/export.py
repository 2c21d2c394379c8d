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
import shutil
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from xinyu.emotion.onnx_model import ONNX_FILE, OnnxEmotionModel
from xinyu.neural.emotion import CONFIG_NAME, TransformerEmotionModel, collate, encode, macro_f1

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
    meta["onnx"] = {
        "file": ONNX_FILE,
        "opset": config.opset,
        "quantize": config.quantize,
        "source": folder.name,
    }
    (out / CONFIG_NAME).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for name in ("MODEL_CARD.md",):
        if (folder / name).exists():
            shutil.copy(folder / name, out / name)

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
        report["macro_f1_pytorch"] = round(macro_f1(y, ref_pred[keep].tolist(), len(labels)), 4)
        report["macro_f1_onnx"] = round(macro_f1(y, exp_pred[keep].tolist(), len(labels)), 4)
    return report
