"""A transformer emotion model exported by ``xinyu export onnx``, run with onnxruntime (no torch).

The folder holds ``model.onnx`` (input ids and attention mask in, logits out), the tokenizer files and
``xinyu-emotion.json`` with ``"runtime": "onnx"``. Texts are tokenised with the ``tokenizers`` library from
``tokenizer.json`` (transformers is not imported, so loading takes a fraction of a second), padded on the right,
as in training, and batched by length so little of each batch is padding.

:func:`export_cache_folder` names where ``xinyu export encoder`` keeps the export of a trained folder: under the
cache (``XINYU_CACHE``), keyed by a fingerprint of the folder's weights, so new weights never meet an old graph.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from xinyu.neural.base import cache_dir

ONNX_FILE = "model.onnx"
CONFIG_NAME = "xinyu-emotion.json"
#: the files of a trained folder that make its graph (the LoRA adapter, or a full encoder, and the head)
WEIGHT_GLOBS = ("head.safetensors", "adapter/*.safetensors", "adapter/*.json", "encoder/*.safetensors")


def weights_fingerprint(folder: Path | str) -> str:
    """The first 12 hex digits of a SHA-256 over the names and bytes of a trained folder's weight files."""
    folder = Path(folder)
    h = hashlib.sha256()
    files = sorted({p for pattern in WEIGHT_GLOBS for p in folder.glob(pattern)})
    if not files:
        raise FileNotFoundError(f"{folder}: no weights (head.safetensors, adapter/ or encoder/)")
    for path in files:
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:12]


def export_cache_folder(folder: Path | str, quantize: str | None = None) -> Path:
    """Where the ONNX export of the trained ``folder`` lives under the cache: ``emotion-onnx/<model
    id>-<fingerprint>[-int8]``."""
    meta = json.loads((Path(folder) / CONFIG_NAME).read_text(encoding="utf-8"))
    name = f"{meta.get('model_id', Path(folder).name)}-{weights_fingerprint(folder)}"
    return cache_dir() / "emotion-onnx" / (f"{name}-{quantize}" if quantize else name)


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

    def __init__(self, folder: Path | str, threads: int | None = None, spinning: bool = True) -> None:
        """``threads``: onnxruntime's intra-op threads (default: one per core). ``spinning`` False lets idle
        threads sleep at once instead of spinning for work: on a busy machine a single text is then about twice
        as fast (the encoder backend's setting, with one thread)."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

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
        if not spinning:
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        graph = self.folder / self.meta.get("onnx", {}).get("file", ONNX_FILE)
        self.session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_length)
        self.pad_id = _pad_id(self.folder, self.tokenizer)

    def logits(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        ids = [e.ids for e in self.tokenizer.encode_batch(list(texts))]
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


def _pad_id(folder: Path, tokenizer) -> int:
    """The id of the padding token the tokenizer config names (0 when it names none)."""
    config = folder / "tokenizer_config.json"
    token = json.loads(config.read_text(encoding="utf-8")).get("pad_token") if config.exists() else None
    if isinstance(token, dict):
        token = token.get("content")
    found = tokenizer.token_to_id(token) if isinstance(token, str) else None
    return found if found is not None else 0
