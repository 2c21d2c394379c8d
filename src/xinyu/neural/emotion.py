"""The ``transformer`` emotion model for inference: a pretrained encoder (or decoder) with its LoRA adapter merged,
mean pooling and a linear head (the trainer is :mod:`xinyu.train.emotion_neural`).

A model folder holds ``xinyu-emotion.json`` (labels, base name, settings, dev metrics), ``head.safetensors`` and
either ``adapter/`` (LoRA, a few MB: the base weights come from the base package or folder) or ``encoder/`` (a full
fine-tune). ``curves.json`` / ``curves.png`` hold the loss and dev-metric history; ``checkpoint/`` the state to
resume from.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from torch import nn

import xinyu.metrics as metrics
from xinyu.compat import moved
from xinyu.neural.base import autocast, load_tokenizer, pick_device, resolve_base

# trainers moved to xinyu.train.emotion_neural (inference stays here)
__getattr__ = moved(
    __name__,
    dict.fromkeys(
        (
            "EmotionTrainConfig",
            "build_classifier",
            "holdout_split",
            "save_classifier",
            "train_emotion_transformer",
        ),
        "xinyu.train.emotion_neural",
    ),
)

FORMAT = 1
CONFIG_NAME = "xinyu-emotion.json"


class Classifier(nn.Module):
    """Encoder -> masked mean of the last hidden states -> dropout -> linear head."""

    def __init__(self, encoder: nn.Module, n_labels: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, n_labels)

    def pooled(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(states.dtype)
        return (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        pooled = self.pooled(input_ids, attention_mask)
        return self.head(self.dropout(pooled.float()))


def encode(tokenizer, texts: Sequence[str], max_length: int) -> list[list[int]]:
    return tokenizer(list(texts), truncation=True, max_length=max_length)["input_ids"]


def collate(ids: Sequence[list[int]], pad_id: int, device: str) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(x) for x in ids)
    input_ids = torch.full((len(ids), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(ids), width), dtype=torch.long)
    for row, x in enumerate(ids):
        input_ids[row, : len(x)] = torch.tensor(x, dtype=torch.long)
        mask[row, : len(x)] = 1
    return input_ids.to(device), mask.to(device)


@torch.inference_mode()
def predict_logits(
    model: Classifier, ids: Sequence[list[int]], pad_id: int, device: str, batch_size: int = 64
) -> np.ndarray:
    """Logits for every encoded text, batched by length so little is padding."""
    model.eval()
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = np.zeros((len(ids), model.head.out_features), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        input_ids, mask = collate([ids[i] for i in chunk], pad_id, device)
        with autocast(device):
            logits = model(input_ids, mask)
        out[chunk] = logits.float().cpu().numpy()
    return out


def macro_f1(gold: Sequence[int], pred: Sequence[int], n_labels: int) -> float:
    """Macro-F1 over the labels that occur (:func:`xinyu.metrics.macro_f1` with ``absent=SKIP``)."""
    # moved to xinyu.metrics; kept so existing imports work
    return metrics.macro_f1(gold, pred, n_labels, absent=metrics.SKIP)


def load_meta(folder: Path) -> dict:
    path = Path(folder) / CONFIG_NAME
    if not path.exists():
        raise FileNotFoundError(f"{folder} is not a transformer emotion model (no {CONFIG_NAME})")
    meta = json.loads(path.read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT:
        raise ValueError(f"{path}: model format {meta.get('format')} is not {FORMAT}")
    return meta


class TransformerEmotionModel:
    """A trained folder, loaded for inference (LoRA merged into the base for speed)."""

    def __init__(self, folder: Path | str, device: str = "auto", base: str | None = None) -> None:
        from safetensors.torch import load_file
        from transformers import AutoModel

        self.folder = Path(folder)
        self.meta = load_meta(self.folder)
        self.labels: list[str] = list(self.meta["labels"])
        self.language: str = self.meta.get("language", "zh")
        self.max_length: int = int(self.meta.get("max_length", 128))
        self.device = pick_device(device)
        if (self.folder / "encoder").is_dir():
            encoder = AutoModel.from_pretrained(self.folder / "encoder", dtype=torch.float32)
            base_path = str(self.folder / "encoder")
        else:
            from peft import PeftModel

            base_path = resolve_base(base or self.meta["base"])
            encoder = AutoModel.from_pretrained(base_path, dtype=torch.float32)
            encoder = PeftModel.from_pretrained(encoder, self.folder / "adapter").merge_and_unload()
        self.tokenizer = load_tokenizer(base_path)
        self.model = Classifier(encoder, len(self.labels))
        self.model.head.load_state_dict(load_file(str(self.folder / "head.safetensors")))
        self.model.to(self.device).eval()

    def logits(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        ids = encode(self.tokenizer, texts, self.max_length)
        return predict_logits(self.model, ids, self.tokenizer.pad_token_id, self.device, batch_size)

    def probabilities(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        z = self.logits(texts, batch_size)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)
