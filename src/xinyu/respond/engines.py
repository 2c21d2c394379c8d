"""Reply engines behind one interface: ``reply(ctx) -> Reply``.

``local``  (default, offline) composes a reply from xinyu's phrase bank, keyed by strategy x emotion x topic,
           reflecting the person's own words and never reusing a phrase within a session while others remain.
``llm``    any OpenAI-compatible endpoint, with an emotion-aware system prompt; on any failure (down, hanging,
           error, empty answer) it answers with ``local`` and marks the reply as a fallback. The whole call,
           retries included, is bounded by the configured timeout.
``model``  a locally fine-tuned causal LM (the training bench's reply model), loaded with transformers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Protocol

from xinyu.respond.strategy import Strategy
from xinyu.respond.topics import topic_words

log = logging.getLogger(__name__)

ENGINES = ("local", "llm", "model")
SECTIONS = (
    "ack",
    "reflection",
    "restatement",
    "question",
    "affirmation",
    "self_disclosure",
    "suggestion",
    "information",
    "follow",
    "thanks",
)
_THANKS = re.compile(
    r"谢谢|多谢|感谢|谢啦|\bthanks?\b|\bthank you\b|\bthx\b|\bappreciate it\b", re.IGNORECASE
)


class EngineUnavailable(RuntimeError):
    """An engine cannot be used as configured (missing model, missing package...)."""


@dataclass
class ReplyContext:
    message: str
    language: str  # "zh" or "en"
    emotion: str
    intensity: float
    core_words: list[str]
    strategy: Strategy
    topic: str | None = None
    risk_level: str = "none"
    locale: str | None = None
    turn_index: int = 0
    history: list[dict] = field(default_factory=list)  # earlier turns: {"role", "content"}
    memory: str = ""  # the rolling user summary, rendered
    used: list[str] = field(default_factory=list)  # phrase ids already used in this session
    seed: str = ""


@dataclass
class Reply:
    text: str
    engine: str
    fallback: bool = False
    # why the engine fell back, as a short code (timeout, unreachable, http_status, bad_response, empty,
    # model_error...): clients see it; the details, which may name internal endpoints, go to the log
    error: str | None = None
    used: list[str] = field(default_factory=list)
    prompt: list[dict] | None = None  # what an LLM was sent (kept in memory only, never stored)
    strategy: str | None = None  # the strategy the engine wrote with, when it chose its own


class ReplyEngine(Protocol):
    name: str

    def reply(self, ctx: ReplyContext) -> Reply: ...


# ------------------------------------------------------------------------------------------------------------
class PhraseBank:
    """``bank[lang][section][key]`` -> templates; keys are ``emotion:topic``, a topic, an emotion or ``_``."""

    def __init__(self, extra_dir: Path | str | None = None) -> None:
        self.bank: dict[str, dict[str, dict[str, list[str]] | list[str]]] = {}
        for lang in ("zh", "en"):
            text = (
                resources.files("xinyu.resources")
                .joinpath(f"phrases_{lang}.json")
                .read_text(encoding="utf-8")
            )
            self.bank[lang] = json.loads(text)
            if extra_dir:
                path = Path(extra_dir) / f"phrases_{lang}.json"
                if path.exists():
                    _merge(self.bank[lang], json.loads(path.read_text(encoding="utf-8")))
        self.validate()

    def validate(self) -> None:
        for lang, sections in self.bank.items():
            missing = [s for s in SECTIONS if s not in sections]
            if missing:
                raise ValueError(f"phrase bank {lang} lacks section(s) {missing}")

    def candidates(self, lang: str, section: str, keys: list[str]) -> list[tuple[str, str]]:
        """(id, template) from the most specific key that has any, for ``keys`` in order of preference."""
        sec = self.bank[lang][section]
        if isinstance(sec, list):
            return [(f"{lang}.{section}.{i}", t) for i, t in enumerate(sec)]
        for key in keys:
            if sec.get(key):
                return [(f"{lang}.{section}.{key}.{i}", t) for i, t in enumerate(sec[key])]
        return []


def _merge(base: dict, extra: dict) -> None:
    for section, value in extra.items():
        if isinstance(value, list):
            base[section] = list(base.get(section, [])) + value
        else:
            target = base.setdefault(section, {})
            for key, templates in value.items():
                target[key] = list(target.get(key, [])) + list(templates)


class LocalEngine:
    """Offline, deterministic for a given session and turn, strategy-aware, zh + en."""

    name = "local"

    def __init__(self, bank: PhraseBank | None = None) -> None:
        self.bank = bank or PhraseBank()

    def reply(self, ctx: ReplyContext) -> Reply:
        lang = "zh" if ctx.language == "zh" else "en"
        strategy = ctx.strategy.name
        core = _pick_core(ctx)
        word = core or ""
        if ctx.topic:
            named = topic_words(ctx.message, ctx.topic)
            word = named[0] if named else word
        slots = {"core": core, "word": word}
        keys = [
            k for k in (f"{ctx.emotion}:{ctx.topic}", ctx.topic, ctx.emotion, "_") if k and "None" not in k
        ]
        if (
            strategy == "reflection"
            and ctx.topic in ("loneliness", "loss")
            and ctx.emotion in ("sadness", "neutral")
        ):
            keys.insert(0, ctx.topic)
        used = set(ctx.used)
        parts: list[str] = []
        chosen: list[str] = []
        negative = ctx.emotion in {"sadness", "anger", "fear", "disgust"}
        if _THANKS.search(ctx.message):
            got = self._choose(lang, "thanks", [], slots, used, ctx, "thanks")
            if got:
                chosen.append(got[0])
                parts.append(got[1])
        elif strategy != "reflection" and (negative and ctx.intensity >= 0.3 or ctx.emotion == "joy"):
            got = self._choose(lang, "ack", [ctx.emotion, "neutral"], slots, used, ctx, "ack")
            if got:
                chosen.append(got[0])
                parts.append(got[1])
        got = self._choose(lang, strategy, keys, slots, used, ctx, strategy)
        if got is None:  # a strategy section with nothing usable: reflect instead
            got = self._choose(lang, "reflection", [ctx.emotion, "neutral"], slots, used, ctx, "reflection")
        if got:
            chosen.append(got[0])
            parts.append(got[1])
        ends_with_question = bool(parts) and parts[-1].rstrip().endswith(("?", "？"))
        if strategy in ("affirmation", "self_disclosure", "information") and not ends_with_question:
            got = self._choose(lang, "follow", [], slots, used, ctx, "follow")
            if got:
                chosen.append(got[0])
                parts.append(got[1])
        sep = "" if lang == "zh" else " "
        return Reply(sep.join(parts), self.name, used=chosen)

    def _choose(self, lang, section, keys, slots, used, ctx, salt) -> tuple[str, str] | None:
        cands = [
            (pid, t)
            for pid, t in self.bank.candidates(lang, section, keys)
            if ("{core}" not in t or slots["core"]) and ("{word}" not in t or slots["word"])
        ]
        if not cands:
            cands = [
                (pid, t)
                for pid, t in self.bank.candidates(lang, section, ["_"])
                if ("{core}" not in t or slots["core"]) and ("{word}" not in t or slots["word"])
            ]
        if not cands:
            return None
        fresh = [c for c in cands if c[0] not in used] or cands
        # templates quoting the person's own words first, when there are any fresh ones
        personal = [c for c in fresh if "{core}" in c[1] or "{word}" in c[1]]
        pool = personal if personal and ctx.turn_index % 2 == 0 else fresh
        h = int(
            hashlib.blake2s(f"{ctx.seed}|{ctx.turn_index}|{salt}".encode(), digest_size=4).hexdigest(), 16
        )
        pid, template = pool[h % len(pool)]
        return pid, template.format(**slots)


def _pick_core(ctx: ReplyContext) -> str:
    """The person's own word to reflect: the first core word of the label's polarity, short enough to quote."""
    for w in ctx.core_words:
        if 1 < len(w) <= 12:
            return w
    return ""


# ------------------------------------------------------------------------------------------------------------
STRATEGY_GUIDE = {
    "question": "Ask one gentle, open question to understand what happened.",
    "restatement": "Restate what the person said in your own words to show you understood.",
    "reflection": "Name and reflect the feeling you hear, in the person's own words where you can.",
    "self_disclosure": "Briefly share that others have felt similarly, without making it about yourself.",
    "affirmation": "Affirm their effort and worth; reassure them without dismissing the feeling.",
    "suggestion": "Offer one small, concrete, doable suggestion; do not lecture.",
    "information": "Share one piece of accurate, general information that helps; no diagnosis.",
}

SAFETY_RULES = (
    "Safety rules: never give information about methods or means of self-harm or suicide; never encourage or "
    "approve self-harm; never diagnose the person or give medication names or doses; never repeat phone numbers, "
    "ID numbers, addresses or other personal data back; if the person may be in danger, encourage them to contact "
    "people they trust and local crisis lines."
)


def system_prompt(ctx: ReplyContext) -> str:
    lang = "Chinese (简体中文)" if ctx.language == "zh" else "English"
    core = ", ".join(ctx.core_words[:5]) or "none"
    lines = [
        "You are xinyu, a warm, patient emotional-support companion. You are not a therapist.",
        f"Reply in {lang}, in 1-3 short sentences, plain and human, no lists, no emojis.",
        f"The person's current emotion: {ctx.emotion} (intensity {ctx.intensity:.2f} of 1); words that carry it: {core}.",
        f"Topic: {ctx.topic or 'unknown'}. Conversation risk level: {ctx.risk_level}.",
        f"Support strategy for this reply: {ctx.strategy.name}. {STRATEGY_GUIDE.get(ctx.strategy.name, '')}",
    ]
    if ctx.memory:
        lines.append(f"What you remember about this person: {ctx.memory}")
    lines.append(SAFETY_RULES)
    return "\n".join(lines)


class LLMEngine:
    name = "llm"

    def __init__(self, client, fallback: LocalEngine, timeout_s: float = 8.0, history_turns: int = 6) -> None:
        self.client = client
        self.fallback = fallback
        self.timeout_s = timeout_s
        self.history_turns = history_turns
        self.failures = 0

    def messages(self, ctx: ReplyContext) -> list[dict]:
        msgs = [{"role": "system", "content": system_prompt(ctx)}]
        msgs += ctx.history[-2 * self.history_turns :]
        msgs.append({"role": "user", "content": ctx.message})
        return msgs

    def reply(self, ctx: ReplyContext) -> Reply:
        msgs = self.messages(ctx)
        start = time.monotonic()
        try:
            text = self.client.chat(msgs, deadline_s=self.timeout_s, temperature=0.7, max_tokens=300).strip()
        except Exception as exc:  # noqa: BLE001 - any failure falls back to the local engine
            log.warning(
                "llm engine failed after %.2fs, local reply instead: %s: %s",
                time.monotonic() - start,
                type(exc).__name__,
                exc,
            )
            return self._fallback(ctx, msgs, getattr(exc, "kind", None) or "failed")
        if not text:
            log.warning("llm engine returned an empty reply; local reply instead")
            return self._fallback(ctx, msgs, "empty")
        return Reply(text, self.name, prompt=msgs)

    def _fallback(self, ctx: ReplyContext, msgs: list[dict], code: str) -> Reply:
        self.failures += 1
        local = self.fallback.reply(ctx)
        local.fallback, local.error, local.prompt = True, code, msgs
        return local


def default_reply_model_dir() -> Path:
    """The shipped reply model (``xinyu/models/reply-gemma``), the model engine's default."""
    return Path(str(resources.files("xinyu.models").joinpath("reply-gemma")))


class ModelEngine:
    """The training bench's reply model (``xinyu train reply``), or any causal LM folder, through transformers; or
    its ``xinyu export gguf`` file (a path ending in ``.gguf``) through llama.cpp.

    The prompt carries the dialogue, the user's emotion and the support strategy (see
    :mod:`xinyu.neural.reply`). ``strategy="planner"`` hands the model the planner's choice, as the other
    engines get it; ``"model"`` lets the model pick its own. Any failure answers with ``local``, marked as a
    fallback.
    """

    name = "model"

    def __init__(
        self,
        path: Path | str,
        fallback: LocalEngine,
        max_new_tokens: int | None = None,  # None: the model's own decoding settings (xinyu-reply.json)
        strategy: str = "planner",
        device: str = "auto",
    ) -> None:
        path = Path(path)
        if not path.exists():
            raise EngineUnavailable(
                f"reply model {path} not found; train one with `xinyu train reply` or set reply.engine = 'local'"
            )
        if strategy not in ("planner", "model"):
            raise EngineUnavailable(f"reply model strategy {strategy!r}: choose planner or model")
        try:
            from xinyu.neural.reply import GgufReplyModel, ReplyModel
        except ImportError as exc:
            raise EngineUnavailable(
                f"the model engine needs torch, transformers and peft ({exc}): pip install 'xinyu[neural]'"
            ) from exc
        try:
            # a .gguf file (xinyu export gguf) runs on llama.cpp; a folder on transformers
            self.model = GgufReplyModel(path) if path.suffix == ".gguf" else ReplyModel(path, device=device)
        except ImportError as exc:
            needs = (
                'llama.cpp: CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install llama-cpp-python'
                if path.suffix == ".gguf"
                else "torch, transformers and peft: pip install 'xinyu[neural]'"
            )
            raise EngineUnavailable(f"the reply model {path} needs {needs} ({exc})") from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise EngineUnavailable(f"cannot load the reply model in {path}: {exc}") from exc
        self.fallback = fallback
        self.max_new_tokens = max_new_tokens
        self.strategy = strategy
        self.failures = 0

    def _item(self, ctx: ReplyContext) -> tuple:
        return (
            ctx.history,
            ctx.message,
            ctx.emotion,
            ctx.strategy.name if self.strategy == "planner" else None,
        )

    def reply(self, ctx: ReplyContext) -> Reply:
        return self.reply_batch([ctx])[0]

    def reference_nll(self, pairs: list[tuple[ReplyContext, str | None, str]]) -> tuple[float, int]:
        """(summed negative log-likelihood, tokens) of reference replies, for perplexity: each pair is (context,
        the reference's labelled strategy or None, reference). Errors propagate: a perplexity is exact or
        absent."""
        if not hasattr(self.model, "reference_nll"):  # llama.cpp: no teacher-forced scoring here
            return 0.0, 0
        items = [(c.history, c.message, c.emotion, strategy, ref) for c, strategy, ref in pairs]
        return self.model.reference_nll(items)

    def reply_batch(self, ctxs: list[ReplyContext]) -> list[Reply]:
        """Replies to several contexts in one batched generation (how evaluation uses the engine)."""
        try:
            limit = {} if self.max_new_tokens is None else {"max_new_tokens": self.max_new_tokens}
            out = self.model.reply([self._item(c) for c in ctxs], **limit)
        except Exception as exc:  # noqa: BLE001 - any model failure answers locally
            self.failures += 1
            log.warning("reply model failed, local replies instead: %s: %s", type(exc).__name__, exc)
            replies = []
            for ctx in ctxs:
                local = self.fallback.reply(ctx)
                local.fallback, local.error = True, "model_error"
                replies.append(local)
            return replies
        replies = []
        for ctx, (text, strategy) in zip(ctxs, out, strict=True):
            if not text:
                local = self.fallback.reply(ctx)
                local.fallback, local.error = True, "empty"
                replies.append(local)
            else:
                replies.append(Reply(text, self.name, strategy=strategy))
        return replies
