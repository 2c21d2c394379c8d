"""Writing a plan out offline: each move of a :class:`~xinyu.respond.dialogue.Plan` becomes one short sentence,
drawn from xinyu's own material and filled with the person's words.

Material, most specific first: the event's own lines (``dialogue_{lang}.json``: a pet that died, an interview
tomorrow, a boss who yelled), then the feeling's, then the phrase bank's (``phrases_{lang}.json``, by strategy,
emotion and topic). A line is used only when every slot it names is known: ``{who}`` (the person involved, as the
message said it), ``{pet}``, ``{when}``, ``{thing}`` (what is coming: 面试, the surgery), ``{name}``. Within a
session no line is used twice while others remain, and choices are deterministic for a session and turn.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from xinyu.respond.answers import answer as answer_for
from xinyu.respond.dialogue import Plan, Reading
from xinyu.respond.guards import CHEER

_SLOT = re.compile(r"\{(\w+)\}")
#: what an event is called when it is referred back to (zh, en)
_THING = {
    "interview": ("面试", "the interview"),
    "exam": ("考试", "the exam"),
    "illness": ("看病的事", "the appointment"),
    "change": ("这次变动", "the move"),
    "money": ("钱的事", "the money worries"),
}
_SURGERY = re.compile(r"手术|開刀|开刀|\bsurgery\b|\boperation\b", re.IGNORECASE)
_ZH_KIN = {"妈": "妈妈", "爸": "爸爸", "哥": "哥哥", "姐": "姐姐", "弟": "弟弟", "妹": "妹妹"}


@cache
def material(language: str) -> dict:
    """The dialogue material of ``language`` (zh or en), loaded once."""
    text = (
        resources.files("xinyu.resources").joinpath(f"dialogue_{language}.json").read_text(encoding="utf-8")
    )
    return json.loads(text)


@dataclass
class Line:
    id: str
    text: str


def slots(reading: Reading, facts: Mapping[str, str], language: str, event: str | None) -> dict[str, str]:
    """The values a line may name, from this turn first, then from what the session remembers."""
    sit = reading.situation
    out: dict[str, str] = {}
    if sit.people:
        out["who"] = _second_person(sit.people[0], language)
    pet = facts.get("pet_name") or (sit.pet and _second_person(sit.pet, language))
    if pet:
        out["pet"] = pet
    when = sit.when or facts.get("when")
    if when:
        out["when"] = _second_person(when, language)
    zh, en = _THING.get(event or "", ("", ""))
    if _SURGERY.search(reading.message) or _SURGERY.search(facts.get("thing", "")):
        zh, en = "手术", "the surgery"
    if zh:
        out["thing"] = zh if language == "zh" else en
    if facts.get("name"):
        out["name"] = facts["name"]
    return out


def _second_person(words: str, language: str) -> str:
    """The person's words turned to the listener: 我妈 -> 妈妈, my boss -> your boss."""
    if language == "zh":
        bare = words.removeprefix("我的").removeprefix("我")
        return _ZH_KIN.get(bare, bare) or words
    return re.sub(r"\b(?:my|My)\b", "your", re.sub(r"\b(?:our|Our)\b", "your", words))


class Composer:
    """Writes plans out from the dialogue material and the phrase bank (``bank``: a
    :class:`~xinyu.respond.engines.local.PhraseBank`)."""

    def __init__(self, bank) -> None:
        self.bank = bank

    def write(
        self,
        plan: Plan,
        reading: Reading,
        language: str,
        *,
        facts: Mapping[str, str],
        event: str | None,
        topic: str | None,
        risky: bool,
        seed: str,
        turn_index: int,
        used: Collection[str],
        core: str = "",
        cheer: bool = False,
    ) -> tuple[str, list[str]]:
        """The reply's text and the ids of the lines it used. ``core`` is a word of the person's own to quote
        where a phrase-bank line asks for one; lines with cheerful words are left out unless ``cheer``."""
        lang = "zh" if language == "zh" else "en"
        values = slots(reading, facts, lang, event)
        if core:
            values["core"] = values["word"] = core
        taken = set(used)
        parts: list[tuple[str, str]] = []
        chosen: list[str] = []
        for move in plan.moves:
            if move == "answer":
                got = answer_for(
                    plan.answer or "",
                    reading.message,
                    lang,
                    facts=facts,
                    mood=reading.emotion,
                    risky=risky,
                    seed=f"{seed}|{turn_index}",
                    used=taken,
                )
                line = Line(got.id, got.text) if got else None
            else:
                line = self._line(move, lang, reading, event, topic, values, seed, turn_index, taken, cheer)
            if line is None or not line.text.strip():
                continue
            chosen.append(line.id)
            taken.add(line.id)
            parts.append((move, line.text.strip()))
        if not parts:  # nothing fitted: listen
            line = self._line("listen", lang, reading, event, topic, values, seed, turn_index, taken, cheer)
            if line:
                chosen.append(line.id)
                parts.append(("listen", line.text))
        return ("" if lang == "zh" else " ").join(_one_question(parts)), chosen

    def _line(
        self,
        move: str,
        lang: str,
        reading: Reading,
        event: str | None,
        topic: str | None,
        values: dict[str, str],
        seed: str,
        turn_index: int,
        used: set[str],
        cheer: bool,
    ) -> Line | None:
        for pid, template in self._sources(move, lang, reading.emotion, event, topic):
            pool = [
                (i, t)
                for i, t in zip(pid, template, strict=True)
                if _fits(t, values) and (cheer or not CHEER.search(t))
            ]
            if not pool:
                continue
            fresh = [c for c in pool if c[0] not in used] or pool
            # lines naming the person's own situation first, when there are any fresh ones
            personal = [c for c in fresh if _SLOT.search(c[1])]
            pick = personal if personal and turn_index % 3 != 2 else fresh
            h = int(hashlib.blake2s(f"{seed}|{turn_index}|{move}".encode(), digest_size=4).hexdigest(), 16)
            lid, text = pick[h % len(pick)]
            return Line(lid, text.format(**values))
        return None

    def _sources(self, move: str, lang: str, emotion: str, event: str | None, topic: str | None):
        """Candidate lists for ``move``, most specific first: (ids, templates) pairs."""
        mat = material(lang)
        events = mat.get("events", {})
        emotions = mat.get("emotions", {})
        out: list[tuple[list[str], list[str]]] = []

        def add(prefix: str, templates: list[str] | None) -> None:
            if templates:
                out.append(([f"{lang}.{prefix}.{i}" for i in range(len(templates))], list(templates)))

        section = {"share": "reflect"}.get(move, move)
        if move in ("reflect", "validate", "ask", "suggest", "share") and event in events:
            add(f"event.{event}.{section}", events[event].get(section))
        if move in ("feel", "validate", "reflect", "share"):
            feel = emotions.get(emotion) or emotions.get("neutral") or {}
            add(
                f"emotion.{emotion}.{'validate' if move == 'validate' else 'reflect'}",
                feel.get("validate" if move == "validate" else "reflect"),
            )
        if move in ("ask", "ask_feeling", "check", "listen", "recall"):
            key = {"check": "suggest_check"}.get(move, move)
            add(key, mat.get(key))
        if move == "ask":
            add("ask_feeling", mat.get("ask_feeling"))
        bank_section = {
            "suggest": "suggestion",
            "feel": "reflection",
            "validate": "affirmation",
            "reflect": "reflection",
            "ask": "question",
        }.get(move)
        if bank_section:
            keys = [k for k in (f"{emotion}:{topic}", topic, emotion, "_") if k and "None" not in k]
            got = self.bank.candidates(lang, bank_section, keys)
            if got:
                out.append(([pid for pid, _ in got], [t for _, t in got]))
        return out


def _fits(template: str, values: Mapping[str, str]) -> bool:
    return all(name in values for name in _SLOT.findall(template))


def _one_question(parts: list[tuple[str, str]]) -> list[str]:
    """The parts' texts with at most one question among the support moves: an answer that asks back keeps its
    question and the support's questions yield to it; otherwise the last question stays."""
    asks = [i for i, (move, text) in enumerate(parts) if text.rstrip().endswith(("?", "？"))]
    answered = [i for i in asks if parts[i][0] == "answer"]
    keep = set(answered) if answered else set(asks[-1:])
    drop = {i for i in asks if i not in keep and parts[i][0] != "answer"}
    texts = [text for i, (_, text) in enumerate(parts) if i not in drop]
    return texts or [text for _, text in parts]


#: questions answered even when the crisis protocol writes the reply: whether it is a person, and about a medicine
URGENT = ("question_bot", "question_medication")


def urgent_answer(ctx) -> str | None:
    """The answer to a question that must not go unanswered in a crisis (see :data:`URGENT`), or None."""
    reading = ctx.reading
    act = next((a for a in URGENT if reading is not None and a in reading.acts), None)
    if act is None:
        return None
    got = answer_for(act, reading.message, ctx.language, facts=ctx.facts, mood="sadness", risky=True, seed=ctx.seed)
    return got.text if got else None
