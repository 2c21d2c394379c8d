"""The local reply model for generation: a causal LM with its LoRA adapter merged, answering with the user's
emotion (and the support strategy) as conditioning input (the trainer is :mod:`xinyu.train.reply`).

Prompt (one format for training, evaluation and the service's ``model`` engine)::

    User: <earlier turn>
    Supporter: <earlier turn>
    User: <the message>
    [emotion=sadness]
    Supporter: [reflection] <the reply><eos>

The strategy tag is part of what the model learns to write, so a caller can give it (the service's planner) or let
the model choose (``strategy=None``).

A model folder holds ``xinyu-reply.json`` (base, lambda, settings, dev metrics), ``adapter/`` (LoRA),
``aux_head.safetensors`` and ``curves.json`` / ``curves.png``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import torch
from torch import nn

from xinyu.compat import moved
from xinyu.neural.base import load_tokenizer, pick_device, resolve_base

# trainers moved to xinyu.train.reply (inference stays here)
__getattr__ = moved(
    __name__,
    dict.fromkeys(
        (
            "Encoded",
            "ReplyExample",
            "ReplyLM",
            "ReplyTrainConfig",
            "collate_lm",
            "encode_example",
            "evaluate_lm",
            "examples_from_records",
            "read_examples",
            "save_reply_model",
            "train_reply_lm",
            "write_examples",
        ),
        "xinyu.train.reply",
    ),
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

    def reference_nll(
        self, items: Sequence[tuple[Sequence[dict], str, str, str | None, str]], batch_size: int = 1
    ) -> tuple[float, int]:
        """(0.0, 0): llama.cpp gives no teacher-forced scoring here, so a GGUF model reports no perplexity."""
        return 0.0, 0

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
