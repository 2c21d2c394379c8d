"""The ``local`` engine (the default, offline): a reply composed from xinyu's phrase bank, keyed by strategy x emotion
x topic, reflecting the person's own words and never reusing a phrase within a session while others remain.
Deterministic for a given session and turn.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources
from pathlib import Path

from xinyu.levels import RiskLevel
from xinyu.respond.compose import Composer
from xinyu.respond.engines.base import Reply, ReplyContext, ReplyEngine
from xinyu.respond.guards import cheer_allowed
from xinyu.respond.topics import topic_words

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
_LAUGH = re.compile(r"(?:哈|呵|嘿|嘻|h)+|(?:ha)+h?|lo+l|lmao|xd|😂|🤣", re.IGNORECASE)  # never quoted back
_THANKS = re.compile(
    r"谢谢|多谢|感谢|谢啦|\bthanks?\b|\bthank you\b|\bthx\b|\bappreciate it\b", re.IGNORECASE
)


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


class LocalEngine(ReplyEngine):
    """Offline, deterministic for a given session and turn, strategy-aware, zh + en."""

    name = "local"
    fast = True

    def __init__(self, bank: PhraseBank | None = None) -> None:
        self.bank = bank or PhraseBank()
        self.composer = Composer(self.bank)

    def reply(self, ctx: ReplyContext) -> Reply:
        if ctx.plan is not None and ctx.reading is not None:
            return self._planned(ctx)
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

    def _planned(self, ctx: ReplyContext) -> Reply:
        """The dialogue manager's plan, written out (see :mod:`xinyu.respond.compose`)."""
        assert ctx.plan is not None and ctx.reading is not None
        text, chosen = self.composer.write(
            ctx.plan,
            ctx.reading,
            ctx.language,
            facts=ctx.facts,
            event=ctx.event,
            topic=ctx.topic,
            risky=RiskLevel.parse(ctx.risk_level) >= RiskLevel.MODERATE,
            seed=ctx.seed,
            turn_index=ctx.turn_index,
            used=ctx.used,
            core=_pick_core(ctx),
            cheer=cheer_allowed(ctx),
        )
        return Reply(text, self.name, used=chosen, strategy=ctx.plan.strategy)

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
        if 1 < len(w) <= 12 and not _LAUGH.fullmatch(w):
            return w
    return ""
