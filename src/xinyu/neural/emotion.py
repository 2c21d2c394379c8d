"""The ``transformer`` emotion model: a pretrained encoder (or decoder) with LoRA adapters, mean pooling and a
linear head, fine-tuned with class-weighted cross-entropy and early stopping on dev macro-F1.

A model folder holds ``xinyu-emotion.json`` (labels, base name, settings, dev metrics), ``head.safetensors`` and
either ``adapter/`` (LoRA, a few MB: the base weights come from the base package or folder) or ``encoder/`` (a full
fine-tune). ``curves.json`` / ``curves.png`` hold the loss and dev-metric history; ``checkpoint/`` the state to
resume from.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

import xinyu.metrics as metrics
from xinyu.neural.base import (
    GEMMA,
    LoopSettings,
    add_lora,
    autocast,
    batches,
    linear_warmup_decay,
    load_tokenizer,
    pick_device,
    resolve_base,
    run_training,
    save_adapter,
    seed_everything,
)

FORMAT = 1
CONFIG_NAME = "xinyu-emotion.json"


@dataclass
class EmotionTrainConfig:
    base: str = GEMMA
    language: str = "zh"
    epochs: int = 4
    batch_size: int = 16
    lr: float | None = None  # 2e-4 with LoRA, 2e-5 for a full fine-tune
    head_lr: float = 1e-3
    weight_decay: float = 0.01
    warmup: float = 0.06
    max_length: int = 128
    lora: bool = True
    lora_rank: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    class_weights: bool = True
    patience: int = 3  # evaluations without a better dev macro-F1 before stopping
    evals_per_epoch: int = 2
    seed: int = 13
    device: str = "auto"
    max_minutes: float | None = None
    model_id: str = "emotion-transformer"

    @property
    def learning_rate(self) -> float:
        return self.lr if self.lr is not None else (2e-4 if self.lora else 2e-5)


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


def build_classifier(base_path: str, n_labels: int, config: EmotionTrainConfig) -> Classifier:
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(base_path, dtype=torch.float32)
    if config.lora:
        encoder = add_lora(encoder, config.lora_rank, config.lora_alpha, config.lora_dropout)
    return Classifier(encoder, n_labels)


def save_classifier(model: Classifier, folder: Path, meta: dict) -> None:
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    if meta["lora"]:
        save_adapter(model.encoder, folder / "adapter", meta["base"])
    else:
        model.encoder.save_pretrained(folder / "encoder")
    save_file(
        {k: v.detach().float().cpu().contiguous() for k, v in model.head.state_dict().items()},
        str(folder / "head.safetensors"),
    )
    (folder / CONFIG_NAME).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


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


def holdout_split(n: int, fraction: float, seed: int) -> tuple[list[int], list[int]]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    k = max(1, int(n * fraction))
    return sorted(order[k:]), sorted(order[:k])


def train_emotion_transformer(
    train_texts: Sequence[str],
    train_labels: Sequence[str],
    dev_texts: Sequence[str],
    dev_labels: Sequence[str],
    config: EmotionTrainConfig,
    out: Path,
    resume: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict:
    """Fine-tune, keep the best dev macro-F1 model in ``out``, and return the training report.

    Evaluates ``evals_per_epoch`` times an epoch; stops after ``patience`` evaluations without improvement, or
    when ``max_minutes`` have passed. Every evaluation writes ``checkpoint/`` (trainable weights, optimiser,
    position in the data), so ``resume=True`` continues an interrupted run where it stopped.
    """
    if len(train_texts) != len(train_labels) or len(dev_texts) != len(dev_labels):
        raise ValueError("texts and labels differ in length")
    if not train_texts or not dev_texts:
        raise ValueError("training and dev data must both be non-empty")
    labels = sorted(set(train_labels), key=_label_order)
    unknown = sorted(set(dev_labels) - set(labels))
    if unknown:
        raise ValueError(f"dev labels {unknown} never occur in the training data")
    if len(labels) < 2:
        raise ValueError(f"need at least two labels to train, found {labels}")
    index = {label: k for k, label in enumerate(labels)}
    y_train = [index[x] for x in train_labels]
    y_dev = [index[x] for x in dev_labels]

    device = pick_device(config.device)
    seed_everything(config.seed)
    base_path = resolve_base(config.base)
    tokenizer = load_tokenizer(base_path)
    model = build_classifier(base_path, len(labels), config).to(device)
    train_ids = encode(tokenizer, train_texts, config.max_length)
    dev_ids = encode(tokenizer, dev_texts, config.max_length)
    pad = tokenizer.pad_token_id

    counts = np.bincount(y_train, minlength=len(labels)).astype(np.float64)
    weights = (
        len(y_train) / (len(labels) * np.maximum(counts, 1)) if config.class_weights else np.ones(len(labels))
    )
    loss_fn = nn.CrossEntropyLoss(weight=torch.tensor(weights, dtype=torch.float32, device=device))
    head_params = list(model.head.parameters())
    body_params = [p for p in model.encoder.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(
        [
            {"params": body_params, "lr": config.learning_rate},
            {"params": head_params, "lr": max(config.head_lr, config.learning_rate)},
        ],
        weight_decay=config.weight_decay,
    )
    per_epoch = -(-len(train_ids) // config.batch_size)
    total = per_epoch * config.epochs
    warmup = int(total * config.warmup)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: linear_warmup_decay(s, total, warmup))

    meta = {
        "format": FORMAT,
        "kind": "emotion",
        "model_id": config.model_id,
        "base": config.base,
        "language": config.language,
        "labels": labels,
        "max_length": config.max_length,
        "lora": config.lora,
        "pooling": "mean",
        "config": {**asdict(config), "learning_rate": config.learning_rate},
        "n_train": len(train_texts),
        "n_dev": len(dev_texts),
        "class_weights": [round(float(w), 4) for w in weights],
    }
    trainable = [p for p in model.parameters() if p.requires_grad]

    def train_step(chunk: list[int]) -> float:
        input_ids, mask = collate([train_ids[i] for i in chunk], pad, device)
        target = torch.tensor([y_train[i] for i in chunk], device=device)
        with autocast(device):
            logits = model(input_ids, mask)
        loss = loss_fn(logits.float(), target)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        scheduler.step()
        return loss.item()

    def evaluate() -> dict:
        logits = predict_logits(model, dev_ids, pad, device)
        pred = logits.argmax(axis=1).tolist()
        dev_loss = float(
            nn.functional.cross_entropy(
                torch.tensor(logits), torch.tensor(y_dev), weight=torch.tensor(weights, dtype=torch.float32)
            )
        )
        return {
            "dev_loss": round(dev_loss, 4),
            "dev_macro_f1": round(metrics.macro_f1(y_dev, pred, len(labels), absent=metrics.SKIP), 4),
            "dev_accuracy": round(float(np.mean(np.array(pred) == np.array(y_dev))), 4),
        }

    return run_training(
        model,
        optimizer,
        scheduler,
        lambda epoch: batches(len(train_ids), config.batch_size, shuffle=True, seed=config.seed + epoch),
        train_step,
        evaluate,
        lambda result: save_classifier(model, out, {**meta, "dev": result, "curves": "curves.json"}),
        LoopSettings(
            config.epochs,
            config.evals_per_epoch,
            config.patience,
            config.max_minutes,
            "dev_macro_f1",
            True,
            f"{config.model_id} ({config.base})",
        ),
        out,
        device,
        resume,
        progress,
    )


def _label_order(label: str) -> tuple[int, str]:
    from xinyu.taxonomy import EMOTIONS

    return (EMOTIONS.index(label), label) if label in EMOTIONS else (len(EMOTIONS), label)
