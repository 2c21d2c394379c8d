"""Training the ``transformer`` emotion model: LoRA adapters (or a full fine-tune) on a pretrained encoder or
decoder, mean pooling and a linear head, fine-tuned with class-weighted cross-entropy and early stopping on dev
macro-F1 (labels the dev split lacks left out of the mean). The model it writes is read by
:class:`xinyu.neural.emotion.TransformerEmotionModel`.
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

from xinyu.io import file_sha256
from xinyu.metrics import SKIP, macro_f1
from xinyu.neural.base import GEMMA, autocast, load_tokenizer, pick_device, resolve_base
from xinyu.neural.emotion import CONFIG_NAME, FORMAT, Classifier, collate, encode, predict_logits
from xinyu.taxonomy import EMOTIONS
from xinyu.train.loop import (
    LoopSettings,
    add_lora,
    batches,
    length_batches,
    linear_warmup_decay,
    run_training,
    save_adapter,
    seed_everything,
)


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
    lora_layers: int | None = None  # adapt only the top N layers (None: all); fewer is faster on a CPU
    length_batches: bool = False  # batch texts of about one length together (less padding: faster on a CPU)
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


def build_classifier(base_path: str, n_labels: int, config: EmotionTrainConfig) -> Classifier:
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(base_path, dtype=torch.float32)
    if config.lora:
        encoder = add_lora(
            encoder, config.lora_rank, config.lora_alpha, config.lora_dropout, top_layers=config.lora_layers
        )
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


def holdout_split(n: int, fraction: float, seed: int) -> tuple[list[int], list[int]]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    k = max(1, int(n * fraction))
    return sorted(order[k:]), sorted(order[:k])


def dev_holdout(
    texts: Sequence[str], labels: Sequence[str], fraction: float, seed: int = 13
) -> tuple[list[str], list[str], list[str], list[str]]:
    """(train texts, train labels, dev texts, dev labels) for a run without a dev file: a seeded ``fraction``
    of the rows (at least one) held out as dev (:func:`holdout_split`), each side in the rows' order."""
    keep, held = holdout_split(len(texts), fraction, seed)
    return (
        [texts[i] for i in keep],
        [labels[i] for i in keep],
        [texts[i] for i in held],
        [labels[i] for i in held],
    )


def data_files(data: Sequence[Path], dev: Sequence[Path] = ()) -> list[dict]:
    """The files a run read, for its report: name and SHA-256 of each training file, then of each dev file
    (marked ``dev``)."""
    return [{"file": p.name, "sha256": file_sha256(p)} for p in data] + [
        {"file": p.name, "sha256": file_sha256(p), "dev": True} for p in dev
    ]


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
            "dev_macro_f1": round(macro_f1(y_dev, pred, len(labels), absent=SKIP), 4),
            "dev_accuracy": round(float(np.mean(np.array(pred) == np.array(y_dev))), 4),
        }

    return run_training(
        model,
        optimizer,
        scheduler,
        lambda epoch: (
            length_batches([len(x) for x in train_ids], config.batch_size, config.seed + epoch)
            if config.length_batches
            else batches(len(train_ids), config.batch_size, shuffle=True, seed=config.seed + epoch)
        ),
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
    return (EMOTIONS.index(label), label) if label in EMOTIONS else (len(EMOTIONS), label)
