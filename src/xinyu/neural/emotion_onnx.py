"""A transformer emotion model exported by ``xinyu export onnx``, run with onnxruntime (no torch).

The folder holds ``model.onnx`` (input ids and attention mask in, logits out), the tokenizer files and
``xinyu-emotion.json`` with ``"runtime": "onnx"``. Inputs are padded on the right, as in training, and batched by
length so little of each batch is padding.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ONNX_FILE = "model.onnx"
CONFIG_NAME = "xinyu-emotion.json"


def is_onnx_folder(folder: Path | str) -> bool:
    path = Path(folder) / CONFIG_NAME
    if not path.exists():
        return False
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("runtime") == "onnx"
    except ValueError:
        return False


class OnnxEmotionModel:
    """Same interface as the PyTorch model: ``labels``, ``language``, ``meta``, ``logits``, ``probabilities``."""

    def __init__(self, folder: Path | str, threads: int | None = None) -> None:
        import onnxruntime as ort
        from transformers import AutoTokenizer

        self.folder = Path(folder)
        self.meta = json.loads((self.folder / CONFIG_NAME).read_text(encoding="utf-8"))
        if self.meta.get("runtime") != "onnx":
            raise ValueError(f"{self.folder} is not an ONNX export (no runtime 'onnx' in {CONFIG_NAME})")
        self.labels: list[str] = list(self.meta["labels"])
        self.language: str = self.meta.get("language", "zh")
        self.max_length: int = int(self.meta.get("max_length", 128))
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        graph = self.folder / self.meta.get("onnx", {}).get("file", ONNX_FILE)
        self.session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self.tokenizer = AutoTokenizer.from_pretrained(self.folder)
        self.pad_id = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0

    def logits(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        ids = self.tokenizer(list(texts), truncation=True, max_length=self.max_length)["input_ids"]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.zeros((len(ids), len(self.labels)), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            width = max(2, max(len(ids[i]) for i in chunk))  # the graph's length axis starts at 2
            input_ids = np.full((len(chunk), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                input_ids[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1
            out[chunk] = self.session.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]
        return out

    def probabilities(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        z = self.logits(texts, batch_size)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)
