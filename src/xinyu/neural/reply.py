"""The local reply model: a causal LM fine-tuned with LoRA to answer with the user's emotion (and the support
strategy) as conditioning input, trained on reply cross-entropy plus ``lambda`` x an auxiliary emotion loss.

Prompt (one format for training, evaluation and the service's ``model`` engine)::

    User: <earlier turn>
    Supporter: <earlier turn>
    User: <the message>
    [emotion=sadness]
    Supporter: [reflection] <the reply><eos>

The auxiliary head reads the hidden state of the newline that ends the user's message: the position just before
the emotion tag, which causal attention keeps from seeing it. So the head must find the emotion in the dialogue
itself, and its loss pushes the model's representation of the conversation to carry what the user feels: the
design's "understand, then answer" joint objective. The strategy tag is part of what the model learns to write,
so a caller can give it (the service's planner) or let the model choose (``strategy=None``).

A model folder holds ``xinyu-reply.json`` (base, lambda, settings, dev metrics), ``adapter/`` (LoRA),
``aux_head.safetensors`` and ``curves.json`` / ``curves.png``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from xinyu.neural.base import (
    GEMMA,
    LoopSettings,
    add_lora,
    autocast,
    linear_warmup_decay,
    load_tokenizer,
    pick_device,
    resolve_base,
    run_training,
    save_adapter,
    seed_everything,
)

FORMAT = 1
CONFIG_NAME = "xinyu-reply.json"
ROLES = {"user": "User", "assistant": "Supporter", "supporter": "Supporter", "system": "Supporter"}
_TAG = re.compile(r"^\s*\[([a-z_ ]+)\]\s*")


def render_context(history: Sequence[dict], message: str, max_turns: int = 6) -> str:
    """The dialogue so far as ``Role: text`` lines, ending with the user's message and a newline."""
    lines = []
    for turn in list(history)[-max_turns:]:
        text = " ".join(str(turn.get("content", turn.get("text", ""))).split())
        if text:
            lines.append(f"{ROLES.get(str(turn.get('role', 'user')), 'User')}: {text}")
    lines.append(f"User: {' '.join(message.split())}")
    return "\n".join(lines) + "\n"


def render_condition(emotion: str, strategy: str | None = None) -> str:
    """The emotion tag and the start of the supporter's turn; with ``strategy``, its tag too."""
    return f"[emotion={emotion}]\nSupporter:" + (f" [{strategy}]" if strategy else "")


def clean_reply(text: str) -> tuple[str, str | None]:
    """(the reply, the strategy the model wrote, if any): cut at the next turn, strip a leading tag."""
    text = re.split(r"\n\s*(?:User|Supporter)\s*:|\n\s*\[emotion=", text)[0].strip()
    strategy = None
    m = _TAG.match(text)
    if m:
        strategy, text = m.group(1).strip(), text[m.end() :]
    return " ".join(text.split()), strategy


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
    from xinyu.taxonomy import EMOTIONS, ESCONV_NAMES, STRATEGIES

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

    from xinyu.taxonomy import EMOTIONS

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
        lambda epoch: _length_batches(train_items, config.batch_size, config.seed + epoch),
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


def _length_batches(items: Sequence[Encoded], size: int, seed: int) -> list[list[int]]:
    """Shuffle, sort within windows of 50 batches by length, cut into batches, shuffle the batches."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(items)).tolist()
    window = size * 50
    out = []
    for start in range(0, len(order), window):
        part = sorted(order[start : start + window], key=lambda i: len(items[i].ids))
        out.extend(part[i : i + size] for i in range(0, len(part), size))
    rng.shuffle(out)
    return [list(map(int, b)) for b in out]


def save_reply_model(model: ReplyLM, folder: Path, meta: dict) -> None:
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    save_adapter(model.lm, folder / "adapter", meta["base"])
    save_file(
        {k: v.detach().float().cpu().contiguous() for k, v in model.aux_head.state_dict().items()},
        str(folder / "aux_head.safetensors"),
    )
    (folder / CONFIG_NAME).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


class ReplyModel:
    """A trained reply folder (or any causal LM folder) loaded for generation; LoRA is merged for speed."""

    def __init__(self, folder: Path | str, device: str = "auto", base: str | None = None) -> None:
        from transformers import AutoModelForCausalLM

        self.folder = Path(folder)
        self.device = pick_device(device)
        meta_path = self.folder / CONFIG_NAME
        self.meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        if self.meta:
            if self.meta.get("format") != FORMAT:
                raise ValueError(f"{meta_path}: model format {self.meta.get('format')} is not {FORMAT}")
            from peft import PeftModel

            base_path = resolve_base(base or self.meta["base"])
            lm = AutoModelForCausalLM.from_pretrained(base_path, dtype=torch.float32)
            lm = PeftModel.from_pretrained(lm, self.folder / "adapter").merge_and_unload()
        else:
            base_path = str(self.folder)
            lm = AutoModelForCausalLM.from_pretrained(base_path, dtype=torch.float32)
        if self.device.startswith("cuda"):
            lm = lm.to(torch.bfloat16)
        self.lm = lm.to(self.device).eval()
        self.tokenizer = load_tokenizer(base_path)
        self.tokenizer.padding_side = "left"
        prompt = self.meta.get("prompt", {})
        self.max_turns = int(prompt.get("max_turns", 6))
        self.max_context_tokens = int(prompt.get("max_context_tokens", 256))
        self.decoding = {"max_new_tokens": 96, "do_sample": False, **self.meta.get("decoding", {})}

    def prompt(self, history: Sequence[dict], message: str, emotion: str, strategy: str | None) -> list[int]:
        context = self.tokenizer(render_context(history, message, self.max_turns), add_special_tokens=False)
        condition = self.tokenizer(render_condition(emotion, strategy), add_special_tokens=False)
        bos = [self.tokenizer.bos_token_id] if self.tokenizer.bos_token_id is not None else []
        return bos + context["input_ids"][-self.max_context_tokens :] + condition["input_ids"]

    @torch.inference_mode()
    def generate(self, prompts: Sequence[list[int]], **decoding) -> list[str]:
        """Raw continuations of token-id prompts, batched (left padding)."""
        settings = {**self.decoding, **decoding}
        pad = self.tokenizer.pad_token_id
        width = max(len(p) for p in prompts)
        input_ids = torch.full((len(prompts), width), pad, dtype=torch.long)
        mask = torch.zeros((len(prompts), width), dtype=torch.long)
        for row, p in enumerate(prompts):
            input_ids[row, width - len(p) :] = torch.tensor(p)
            mask[row, width - len(p) :] = 1
        out = self.lm.generate(
            input_ids=input_ids.to(self.device),
            attention_mask=mask.to(self.device),
            pad_token_id=pad,
            eos_token_id=self.tokenizer.eos_token_id,
            **settings,
        )
        return self.tokenizer.batch_decode(out[:, width:], skip_special_tokens=True)

    def reply(
        self, items: Sequence[tuple[Sequence[dict], str, str, str | None]], batch_size: int = 32, **decoding
    ) -> list[tuple[str, str | None]]:
        """(reply, strategy) for each (history, message, emotion, strategy or None), in order."""
        prompts = [self.prompt(*item) for item in items]
        order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]))
        out: list[tuple[str, str | None]] = [("", None)] * len(prompts)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            texts = self.generate([prompts[i] for i in chunk], **decoding)
            for i, text in zip(chunk, texts, strict=True):
                reply, tag = clean_reply(text)
                given = items[i][3]
                out[i] = (reply, given or tag)
        return out

    @torch.inference_mode()
    def reference_nll(
        self, items: Sequence[tuple[Sequence[dict], str, str, str | None, str]], batch_size: int = 16
    ) -> tuple[float, int]:
        """(summed negative log-likelihood, tokens) of reference replies under the model, teacher-forced: each
        item is (history, message, emotion, strategy or None, reference). The strategy goes into the prompt as
        in training, so only the reply's tokens and its end are scored."""
        rows = []
        for history, message, emotion, strategy, reference in items:
            prompt = self.prompt(history, message, emotion, strategy)
            target = self.tokenizer(" " + " ".join(reference.split()), add_special_tokens=False)["input_ids"]
            rows.append((prompt, target + [self.tokenizer.eos_token_id]))
        total, count = 0.0, 0
        pad = self.tokenizer.pad_token_id
        order = sorted(range(len(rows)), key=lambda i: len(rows[i][0]) + len(rows[i][1]))
        for start in range(0, len(order), batch_size):
            chunk = [rows[i] for i in order[start : start + batch_size]]
            width = max(len(p) + len(t) for p, t in chunk)
            input_ids = torch.full((len(chunk), width), pad, dtype=torch.long)
            mask = torch.zeros((len(chunk), width), dtype=torch.long)
            labels = torch.full((len(chunk), width), -100, dtype=torch.long)
            for row, (p, t) in enumerate(chunk):
                ids = torch.tensor(p + t)
                input_ids[row, : len(ids)] = ids
                mask[row, : len(ids)] = 1
                labels[row, len(p) : len(ids)] = ids[len(p) :]
            logits = self.lm(input_ids=input_ids.to(self.device), attention_mask=mask.to(self.device)).logits
            shifted = labels[:, 1:].to(self.device)
            learn = shifted != -100
            nll = nn.functional.cross_entropy(logits[:, :-1][learn].float(), shifted[learn], reduction="sum")
            total += float(nll)
            count += int(learn.sum())
        return total, count


class GgufReplyModel:
    """A reply model exported by ``xinyu export gguf``, generating through llama.cpp (``llama-cpp-python``).

    Same ``reply`` interface as :class:`ReplyModel`; the prompt and decoding settings come from the file's
    ``xinyu.reply`` metadata. llama.cpp has no n-gram block, so only the repetition penalty carries over. Turns are
    answered one after another (llama.cpp's Python binding generates one sequence at a time)."""

    def __init__(self, path: Path | str, threads: int | None = None, context: int = 1024) -> None:
        from llama_cpp import Llama

        self.path = Path(path)
        self.llm = Llama(model_path=str(self.path), n_ctx=context, n_threads=threads, verbose=False)
        meta = json.loads(self.llm.metadata.get("xinyu.reply") or "{}")
        prompt = meta.get("prompt", {})
        self.max_turns = int(prompt.get("max_turns", 6))
        self.max_context_tokens = int(prompt.get("max_context_tokens", 256))
        self.decoding = {"max_new_tokens": 96, "repetition_penalty": 1.0, **meta.get("decoding", {})}

    def prompt(self, history: Sequence[dict], message: str, emotion: str, strategy: str | None) -> list[int]:
        context = self.llm.tokenize(render_context(history, message, self.max_turns).encode(), add_bos=False)
        condition = self.llm.tokenize(render_condition(emotion, strategy).encode(), add_bos=False)
        return [self.llm.token_bos()] + context[-self.max_context_tokens :] + condition

    def reply(
        self, items: Sequence[tuple[Sequence[dict], str, str, str | None]], batch_size: int = 1, **decoding
    ) -> list[tuple[str, str | None]]:
        settings = {**self.decoding, **decoding}
        out = []
        for history, message, emotion, strategy in items:
            result = self.llm.create_completion(
                self.prompt(history, message, emotion, strategy),
                max_tokens=int(settings["max_new_tokens"]),
                temperature=0.0,
                repeat_penalty=float(settings.get("repetition_penalty", 1.0)),
                stop=["\nUser:", "\nSupporter:", "\n[emotion="],
            )
            reply, tag = clean_reply(result["choices"][0]["text"])
            out.append((reply, strategy or tag))
        return out
