"""The loop both transformer trainers share, and what it needs: seeds, LoRA adapters, the learning-rate schedule,
batches, checkpoints and a wall-clock budget.

The loop: batches in the order the trainer gives, an evaluation a few times an epoch, the best dev figure saved as
the model, a checkpoint (trainable weights as safetensors, optimiser state, position in the data) after every
evaluation, and a stop after ``patience`` evaluations without improvement or when the time budget is spent. torch
and peft are imported only when a function needs them.
"""

from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from xinyu.neural.base import BaseModelError, Curves

Progress = Callable[[str, int, int], None]  # (stage, done, total)
#: the file a run's report goes to, in the model folder
REPORT_NAME = "train-report.json"


def write_train_report(folder: Path, report: dict) -> Path:
    """Write a run's report (what the trainer returned, and what the caller adds to it) as
    ``folder/train-report.json``; its path."""
    path = folder / REPORT_NAME
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def seed_everything(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def lora_targets(model) -> list[str]:
    """The linear layers LoRA adapts: attention and MLP projections, by the names the architecture uses."""
    import torch

    names = {n.rsplit(".", 1)[-1] for n, m in model.named_modules() if isinstance(m, torch.nn.Linear)}
    preferred = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    bert = ["query", "key", "value", "dense"]
    picked = [n for n in preferred if n in names] or [n for n in bert if n in names]
    if not picked:
        raise BaseModelError(
            f"no known attention or MLP projection among {sorted(names)}; pass a LLaMA-, "
            "Gemma-, Qwen- or BERT-style model"
        )
    return picked


def add_lora(model, rank: int, alpha: int, dropout: float, top_layers: int | None = None):
    """``model`` wrapped with LoRA adapters on its attention and MLP projections: in every layer, or in the top
    ``top_layers`` only (then no gradient flows below them, so a CPU step costs about half as much)."""
    from peft import LoraConfig, get_peft_model

    layers, pattern = None, None
    if top_layers is not None:
        n = model.config.num_hidden_layers
        if not 1 <= top_layers <= n:
            raise ValueError(f"top_layers {top_layers}: the model has {n} layers")
        layers, pattern = list(range(n - top_layers, n)), _layer_list_name(model, n)
    config = LoraConfig(
        r=rank,
        lora_alpha=alpha,
        lora_dropout=dropout,
        target_modules=lora_targets(model),
        layers_to_transform=layers,
        layers_pattern=pattern,
    )
    return get_peft_model(model, config)


def _layer_list_name(model, n: int) -> str:
    """The attribute name of the list that holds the model's ``n`` layers (``layers`` in Gemma, ``layer`` in
    BERT), which tells LoRA where the layer numbers are in module names."""
    import torch

    for name, module in model.named_modules():
        if isinstance(module, torch.nn.ModuleList) and len(module) == n:
            return name.rsplit(".", 1)[-1]
    raise BaseModelError(f"no list of {n} layers in {type(model).__name__}")


def save_adapter(model, folder: Path, base: str) -> None:
    """A peft model's adapter, its weights stored as float16 (half the size; LoRA weights lose nothing that
    matters to rounding). Loading casts them back to the model's dtype. The config names the base as the user
    gave it (``gemma3-270m``), never the folder it was resolved to on the training machine."""
    from safetensors.torch import load_file, save_file

    model.save_pretrained(folder)
    (folder / "README.md").unlink(missing_ok=True)
    config_path = folder / "adapter_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["base_model_name_or_path"] = base
    config_path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    path = folder / "adapter_model.safetensors"
    weights = load_file(str(path))
    save_file({k: v.half().contiguous() for k, v in weights.items()}, str(path), metadata={"format": "pt"})


def linear_warmup_decay(step: int, total: int, warmup: int) -> float:
    """Learning-rate factor: linear warm-up, then linear decay to 10%."""
    if step < warmup:
        return (step + 1) / max(1, warmup)
    rest = max(1, total - warmup)
    return max(0.1, 1.0 - 0.9 * (step - warmup) / rest)


class Clock:
    """A wall-clock budget: ``over()`` turns true after ``minutes`` (never when ``minutes`` is None)."""

    def __init__(self, minutes: float | None) -> None:
        self.start = time.monotonic()
        self.limit = None if minutes is None else minutes * 60

    def over(self) -> bool:
        return self.limit is not None and time.monotonic() - self.start > self.limit

    def elapsed(self) -> float:
        return time.monotonic() - self.start


def batches(n: int, size: int, shuffle: bool, seed: int) -> list[list[int]]:
    order = list(range(n))
    if shuffle:
        random.Random(seed).shuffle(order)
    return [order[i : i + size] for i in range(0, n, size)]


def length_batches(lengths: Sequence[int], size: int, seed: int) -> list[list[int]]:
    """Shuffle, sort within windows of 50 batches by length, cut into batches, shuffle the batches: each batch
    holds texts of about one length, so little of it is padding, and the order still changes every epoch."""
    import numpy as np

    rng = np.random.default_rng(seed)
    order = rng.permutation(len(lengths)).tolist()
    window = size * 50
    out = []
    for start in range(0, len(order), window):
        part = sorted(order[start : start + window], key=lambda i: lengths[i])
        out.extend(part[i : i + size] for i in range(0, len(part), size))
    rng.shuffle(out)
    return [list(map(int, b)) for b in out]


def save_checkpoint(folder: Path, model, optimizer, scheduler, state: dict, curves: Curves) -> None:
    """Trainable weights (safetensors), optimiser and scheduler state, position and curves."""
    import torch
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    trainable = {n: p.detach().cpu().contiguous() for n, p in model.named_parameters() if p.requires_grad}
    save_file(trainable, str(folder / "trainable.safetensors"))
    torch.save(
        {"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()}, folder / "optim.pt"
    )
    (folder / "state.json").write_text(
        json.dumps({"state": state, "curves": curves.to_dict()}) + "\n", encoding="utf-8"
    )


def load_checkpoint(folder: Path, model, optimizer, scheduler, device: str) -> tuple[dict, Curves]:
    import torch
    from safetensors.torch import load_file

    saved = load_file(str(folder / "trainable.safetensors"), device=device)
    missing = [n for n, p in model.named_parameters() if p.requires_grad and n not in saved]
    if missing:
        raise ValueError(f"checkpoint {folder} does not match this model (missing {missing[:3]})")
    model.load_state_dict(saved, strict=False)
    optim = torch.load(folder / "optim.pt", map_location=device, weights_only=True)
    optimizer.load_state_dict(optim["optimizer"])
    scheduler.load_state_dict(optim["scheduler"])
    data = json.loads((folder / "state.json").read_text(encoding="utf-8"))
    return data["state"], Curves.from_dict(data["curves"])


@dataclass
class LoopSettings:
    epochs: int
    evals_per_epoch: int
    patience: int
    max_minutes: float | None
    metric: str  # the dev figure that picks the best model
    higher_is_better: bool
    title: str


def run_training(
    model,
    optimizer,
    scheduler,
    order_of_epoch: Callable[[int], list[list[int]]],
    train_step: Callable[[list[int]], float],
    evaluate: Callable[[], dict],
    save_best: Callable[[dict], None],
    settings: LoopSettings,
    out: Path,
    device: str,
    resume: bool = False,
    progress: Progress | None = None,
) -> dict:
    """The loop both trainers share: batches in the order ``order_of_epoch(epoch)`` gives, ``train_step`` on each
    (returns the loss to plot), ``evaluate`` ``evals_per_epoch`` times an epoch, ``save_best`` when the dev
    ``metric`` improves, a checkpoint after every evaluation, and a stop after ``patience`` evaluations without
    improvement or when ``max_minutes`` have passed. ``resume`` continues from ``out/checkpoint``."""
    worst = -math.inf if settings.higher_is_better else math.inf
    state = {"step": 0, "epoch": 0, "batch": 0, "best": worst, "bad": 0, "best_eval": None}
    curves = Curves()
    ckpt = out / "checkpoint"
    if resume and (ckpt / "state.json").exists():
        state, curves = load_checkpoint(ckpt, model, optimizer, scheduler, device)
    clock = Clock(settings.max_minutes)
    stopped = "finished"
    per_epoch = len(order_of_epoch(0))
    total = per_epoch * settings.epochs
    eval_at = {round(per_epoch * (k + 1) / settings.evals_per_epoch) for k in range(settings.evals_per_epoch)}
    while state["epoch"] < settings.epochs and stopped == "finished":
        order = order_of_epoch(state["epoch"])
        model.train()
        while state["batch"] < len(order):
            loss = train_step(order[state["batch"]])
            state["step"] += 1
            state["batch"] += 1
            curves.steps.append(state["step"])
            curves.train_loss.append(round(loss, 4))
            if progress:
                progress("training", state["step"], total)
            if state["batch"] not in eval_at and not clock.over():
                continue
            result = {
                "step": state["step"],
                "epoch": round(state["epoch"] + state["batch"] / per_epoch, 3),
                **evaluate(),
            }
            model.train()
            curves.evals.append(result)
            value = result[settings.metric]
            if value > state["best"] if settings.higher_is_better else value < state["best"]:
                state["best"], state["bad"], state["best_eval"] = value, 0, result
                save_best(result)
            else:
                state["bad"] += 1
            curves.save(out, settings.title)
            end_of_epoch = state["batch"] >= len(order)
            if end_of_epoch:
                state["epoch"], state["batch"] = state["epoch"] + 1, 0
            save_checkpoint(ckpt, model, optimizer, scheduler, state, curves)
            if state["bad"] >= settings.patience:
                stopped = f"early stop: no better {settings.metric} in {settings.patience} evaluations"
            elif clock.over():
                stopped = f"time budget of {settings.max_minutes} minutes reached"
            if stopped != "finished" or end_of_epoch:
                break
        else:
            state["epoch"], state["batch"] = state["epoch"] + 1, 0
    return {
        "stopped": stopped,
        "steps": state["step"],
        "best": state["best_eval"],
        "evaluations": curves.evals,
        "seconds": round(clock.elapsed(), 1),
        "device": device,
    }
