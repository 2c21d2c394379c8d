"""Training the local reply model: a causal LM fine-tuned with LoRA on reply cross-entropy plus ``lambda`` x an
auxiliary emotion loss, and the reply examples it learns from. The model it writes is read by
:class:`xinyu.neural.reply.ReplyModel`; the prompt is :mod:`xinyu.neural.reply`'s.

The auxiliary head reads the hidden state of the newline that ends the user's message: the position just before
the emotion tag, which causal attention keeps from seeing it. So the head must find the emotion in the dialogue
itself, and its loss pushes the model's representation of the conversation to carry what the user feels: the
design's "understand, then answer" joint objective.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from torch import nn

from xinyu.neural.base import GEMMA, autocast, load_tokenizer, pick_device, resolve_base
from xinyu.neural.reply import CONFIG_NAME, FORMAT, render_condition, render_context
from xinyu.taxonomy import EMOTIONS, ESCONV_NAMES, STRATEGIES
from xinyu.train.loop import (
    LoopSettings,
    add_lora,
    length_batches,
    linear_warmup_decay,
    run_training,
    save_adapter,
    seed_everything,
)


@dataclass
class ReplyExample:
    """One supporter turn to learn: the dialogue before it, the conditioning tags and the reply."""

    id: str
    history: list[dict]
    message: str
    emotion: str  # conditioning tag: what the service's analyzer reads in ``message``
    reply: str
    aux: str | None = None  # auxiliary target: a gold emotion label where the data has one, else ``emotion``
    strategy: str | None = None  # the reply's support strategy, where labelled
    language: str = "zh"
    dialogue: str = ""  # the dialogue it comes from (dev is held out by dialogue)

    @classmethod
    def from_dict(cls, row: dict) -> ReplyExample:
        return cls(
            id=str(row["id"]),
            history=list(row.get("history") or []),
            message=str(row["message"]),
            emotion=str(row["emotion"]),
            reply=str(row["reply"]),
            aux=row.get("aux"),
            strategy=row.get("strategy"),
            language=str(row.get("language", "zh")),
            dialogue=str(row.get("dialogue", "")),
        )


def read_examples(path: Path) -> list[ReplyExample]:
    rows = []
    with Path(path).open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(ReplyExample.from_dict(json.loads(line)))
                except (ValueError, KeyError, TypeError) as exc:
                    raise ValueError(f"{path} line {number}: not a reply example ({exc})") from exc
    return rows


def write_examples(examples: Iterable[ReplyExample], path: Path) -> int:
    n = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for ex in examples:
            fh.write(json.dumps(asdict(ex), ensure_ascii=False) + "\n")
            n += 1
    return n


def examples_from_records(records, analyzer, on_row: Callable[[], None] | None = None) -> list[ReplyExample]:
    """Reply examples from standard-format dialogue records (``ingest(..., pairs=True)``): the emotion tag is the
    analyzer's reading of the user turn (what the service will pass), the auxiliary target the record's own
    label where it is a canonical emotion, and ESConv's strategy names become the planner's."""
    out = []
    for rec in records:
        if not rec.response or not rec.text.strip():
            continue
        result = analyzer.analyze(rec.text)
        gold = rec.emotion if rec.emotion in EMOTIONS else None
        strategy = rec.meta.get("strategy")
        strategy = ESCONV_NAMES.get(str(strategy), strategy if strategy in STRATEGIES else None)
        history = [
            {"role": t.get("role", "user"), "content": str(t.get("text", ""))}
            for t in rec.meta.get("context") or []
            if isinstance(t, dict)
        ]
        out.append(
            ReplyExample(
                id=rec.uid,
                history=history,
                message=rec.text,
                emotion=result.label,
                reply=rec.response,
                aux=gold or result.label,
                strategy=strategy,
                language=result.language if result.language in ("zh", "en") else "zh",
                dialogue=rec.dialogue_id,
            )
        )
        if on_row:
            on_row()
    return out


def dev_split(
    examples: Sequence[ReplyExample], fraction: float
) -> tuple[list[ReplyExample], list[ReplyExample]]:
    """(train, dev): about ``fraction`` of the examples held out by dialogue, so that no dialogue is on both
    sides. A dialogue (or, without one, the example's id) is dev when its CRC-32 falls in one bucket of
    ``round(1 / fraction)`` (at least two), so the split is the same on every run and machine."""
    bucket = max(2, round(1 / fraction))
    is_dev = [zlib.crc32((ex.dialogue or ex.id).encode()) % bucket == 0 for ex in examples]
    train = [ex for ex, d in zip(examples, is_dev, strict=True) if not d]
    dev = [ex for ex, d in zip(examples, is_dev, strict=True) if d]
    return train, dev


@dataclass
class ReplyTrainConfig:
    base: str = GEMMA
    aux_weight: float = 0.5  # lambda; 0 trains on reply cross-entropy alone
    epochs: int = 1
    batch_size: int = 16
    lr: float = 2e-4
    aux_lr: float = 1e-3
    weight_decay: float = 0.0
    warmup: float = 0.03
    max_context_tokens: int = 256
    max_reply_tokens: int = 128
    max_turns: int = 6
    lora_rank: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    evals_per_epoch: int = 4
    patience: int = 3
    seed: int = 13
    device: str = "auto"
    max_minutes: float | None = None
    model_id: str = "reply-lora"
    emotions: list[str] = field(default_factory=list)


@dataclass
class Encoded:
    ids: list[int]
    target_from: int  # first position whose token is learned (the strategy tag or the reply)
    aux_at: int  # position of the newline that ends the user's message
    aux: int


def encode_example(tokenizer, ex: ReplyExample, config: ReplyTrainConfig, emotions: list[str]) -> Encoded:
    """Token ids of context + condition + target, the context cut from the left to its budget."""
    context = tokenizer(render_context(ex.history, ex.message, config.max_turns), add_special_tokens=False)[
        "input_ids"
    ]
    condition = tokenizer(render_condition(ex.emotion), add_special_tokens=False)["input_ids"]
    target_text = (f" [{ex.strategy}]" if ex.strategy else "") + " " + " ".join(ex.reply.split())
    target = tokenizer(target_text, add_special_tokens=False)["input_ids"][: config.max_reply_tokens]
    target = target + [tokenizer.eos_token_id]
    context = context[-config.max_context_tokens :]
    bos = [tokenizer.bos_token_id] if tokenizer.bos_token_id is not None else []
    ids = bos + context + condition + target
    aux = ex.aux if ex.aux in emotions else ex.emotion
    return Encoded(
        ids, len(bos) + len(context) + len(condition), len(bos) + len(context) - 1, emotions.index(aux)
    )


class ReplyLM(nn.Module):
    """A (LoRA-wrapped) causal LM plus the auxiliary emotion head; computes both losses."""

    def __init__(self, lm: nn.Module, n_emotions: int) -> None:
        super().__init__()
        self.lm = lm
        self.aux_head = nn.Linear(lm.config.hidden_size, n_emotions)

    def _parts(self):
        inner = self.lm.get_base_model() if hasattr(self.lm, "get_base_model") else self.lm
        return inner.get_decoder(), inner.get_output_embeddings(), inner.config

    def forward(self, input_ids, attention_mask, labels, aux_at, aux_target):
        """(reply cross-entropy summed over learned tokens, auxiliary cross-entropy (mean), learned tokens,
        auxiliary logits)."""
        decoder, lm_head, config = self._parts()
        states = decoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        shifted = labels[:, 1:]
        learn = shifted != -100
        logits = lm_head(states[:, :-1][learn])
        cap = getattr(config, "final_logit_softcapping", None)
        if cap:
            logits = torch.tanh(logits / cap) * cap
        ce = nn.functional.cross_entropy(logits.float(), shifted[learn], reduction="sum")
        pooled = states[torch.arange(states.shape[0], device=states.device), aux_at]
        aux_logits = self.aux_head(pooled.float())
        aux = nn.functional.cross_entropy(aux_logits, aux_target)
        return ce, aux, int(learn.sum()), aux_logits


def collate_lm(items: Sequence[Encoded], pad_id: int, device: str):
    width = max(len(x.ids) for x in items)
    input_ids = torch.full((len(items), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(items), width), dtype=torch.long)
    labels = torch.full((len(items), width), -100, dtype=torch.long)
    for row, x in enumerate(items):
        n = len(x.ids)
        input_ids[row, :n] = torch.tensor(x.ids)
        mask[row, :n] = 1
        labels[row, x.target_from : n] = input_ids[row, x.target_from : n]
    aux_at = torch.tensor([x.aux_at for x in items])
    aux = torch.tensor([x.aux for x in items])
    return input_ids.to(device), mask.to(device), labels.to(device), aux_at.to(device), aux.to(device)


@torch.inference_mode()
def evaluate_lm(
    model: ReplyLM, items: Sequence[Encoded], pad_id: int, device: str, batch_size: int = 32
) -> dict:
    """Dev reply loss and perplexity (per learned token), auxiliary loss and emotion accuracy."""
    model.eval()
    total_ce, total_tokens, aux_sum, hits = 0.0, 0, 0.0, 0
    order = sorted(range(len(items)), key=lambda i: len(items[i].ids))
    for start in range(0, len(order), batch_size):
        chunk = [items[i] for i in order[start : start + batch_size]]
        input_ids, mask, labels, aux_at, aux = collate_lm(chunk, pad_id, device)
        with autocast(device):
            ce, aux_loss, n, aux_logits = model(input_ids, mask, labels, aux_at, aux)
        pred = aux_logits.argmax(-1)
        total_ce += float(ce)
        total_tokens += n
        aux_sum += float(aux_loss) * len(chunk)
        hits += int((pred == aux).sum())
    loss = total_ce / max(1, total_tokens)
    return {
        "dev_loss": round(loss, 4),
        "dev_perplexity": round(math.exp(min(loss, 50)), 3),
        "dev_aux_loss": round(aux_sum / max(1, len(items)), 4),
        "dev_aux_accuracy": round(hits / max(1, len(items)), 4),
    }


def train_reply_lm(
    train: Sequence[ReplyExample],
    dev: Sequence[ReplyExample],
    config: ReplyTrainConfig,
    out: Path,
    resume: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict:
    """Fine-tune with LoRA on ``train``; keep the adapter with the best dev reply loss in ``out``.

    Loss per batch = mean reply cross-entropy per learned token + ``aux_weight`` x auxiliary emotion
    cross-entropy. Early stopping, time budget, checkpoints and resume work as in the emotion trainer.
    """
    from transformers import AutoModelForCausalLM

    if not train or not dev:
        raise ValueError("training and dev examples must both be non-empty")
    if config.aux_weight < 0:
        raise ValueError("the auxiliary loss weight (lambda) must be >= 0")
    emotions = config.emotions or list(EMOTIONS)
    device = pick_device(config.device)
    seed_everything(config.seed)
    base_path = resolve_base(config.base)
    tokenizer = load_tokenizer(base_path)
    lm = AutoModelForCausalLM.from_pretrained(base_path, dtype=torch.float32)
    lm = add_lora(lm, config.lora_rank, config.lora_alpha, config.lora_dropout)
    model = ReplyLM(lm, len(emotions)).to(device)
    train_items = [encode_example(tokenizer, ex, config, emotions) for ex in train]
    dev_items = [encode_example(tokenizer, ex, config, emotions) for ex in dev]
    pad = tokenizer.pad_token_id

    optimizer = torch.optim.AdamW(
        [
            {"params": [p for p in model.lm.parameters() if p.requires_grad], "lr": config.lr},
            {"params": list(model.aux_head.parameters()), "lr": config.aux_lr},
        ],
        weight_decay=config.weight_decay,
    )
    # batches of similar length (shuffled within and across buckets) waste little on padding
    per_epoch = -(-len(train_items) // config.batch_size)
    total = per_epoch * config.epochs
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: linear_warmup_decay(s, total, int(total * config.warmup))
    )
    meta = {
        "format": FORMAT,
        "kind": "reply",
        "model_id": config.model_id,
        "base": config.base,
        "aux_weight": config.aux_weight,
        "emotions": emotions,
        "prompt": {"max_turns": config.max_turns, "max_context_tokens": config.max_context_tokens},
        "decoding": {
            "max_new_tokens": 96,
            "do_sample": False,
            "repetition_penalty": 1.15,
            "no_repeat_ngram_size": 4,
        },
        "config": asdict(config),
        "n_train": len(train_items),
        "n_dev": len(dev_items),
        "languages": sorted({ex.language for ex in train}),
        "strategies": sorted({ex.strategy for ex in train if ex.strategy}),
    }
    trainable = [p for p in model.parameters() if p.requires_grad]

    def train_step(chunk: list[int]) -> float:
        input_ids, mask, labels, aux_at, aux = collate_lm([train_items[i] for i in chunk], pad, device)
        with autocast(device):
            ce, aux_loss, n, _ = model(input_ids, mask, labels, aux_at, aux)
        reply_loss = ce / max(1, n)
        loss = reply_loss + config.aux_weight * aux_loss
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        scheduler.step()
        return reply_loss.item()

    return run_training(
        model,
        optimizer,
        scheduler,
        lambda epoch: length_batches(
            [len(x.ids) for x in train_items], config.batch_size, config.seed + epoch
        ),
        train_step,
        lambda: evaluate_lm(model, dev_items, pad, device),
        lambda result: save_reply_model(model, out, {**meta, "dev": result}),
        LoopSettings(
            config.epochs,
            config.evals_per_epoch,
            config.patience,
            config.max_minutes,
            "dev_loss",
            False,
            f"{config.model_id} (lambda={config.aux_weight})",
        ),
        out,
        device,
        resume,
        progress,
    )


def save_reply_model(model: ReplyLM, folder: Path, meta: dict) -> None:
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    save_adapter(model.lm, folder / "adapter", meta["base"])
    save_file(
        {k: v.detach().float().cpu().contiguous() for k, v in model.aux_head.state_dict().items()},
        str(folder / "aux_head.safetensors"),
    )
    (folder / CONFIG_NAME).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
