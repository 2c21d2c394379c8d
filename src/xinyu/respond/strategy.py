"""Support strategy for the next reply, from ESConv's set (Liu et al., 2021).

ESConv's supporters move through three stages: exploration (ask, restate), comforting (reflect feelings, affirm,
share) and action (suggest, inform). The choice follows the person, not a fixed script:

- risk ``moderate`` or above: reflection, affirmation and gentle questions, suggestions only when asked (the
  safety layer adds help lines);
- a direct request for help ("怎么办", "what should I do"): suggestions, or information for a known topic;
- strong negative feeling: reflection of feelings first, then affirmation;
- otherwise by stage (turn index), never the same strategy three times running, and never repeating the last one
  unless it was a question that got a short answer.

>>> choose_strategy("sadness", 0.8, turn_index=0, risk_level="none", history=[]).name
'reflection'
>>> choose_strategy("sadness", 0.3, turn_index=5, risk_level="none", history=["question", "reflection"],
...                 asks_for_help=True, topic="sleep").name
'suggestion'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xinyu.compat import moved
from xinyu.levels import RiskLevel
from xinyu.taxonomy import NEGATIVE_EMOTIONS

__getattr__ = moved(__name__, dict.fromkeys(("ESCONV_NAMES", "STRATEGIES"), "xinyu.taxonomy"))

_HELP = re.compile(
    r"怎么办|怎么做|怎么才能|该怎么|如何|有什么办法|有没有办法|能不能帮|给点建议|建议|"
    r"\bwhat (?:should|can|do) i do\b|\bhow (?:do|can|should) i\b|\bany (?:advice|tips|ideas)\b|\bhelp me\b|"
    r"\bwhat would you do\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Strategy:
    name: str
    reason: str

    def to_dict(self) -> dict:
        return {"name": self.name, "reason": self.reason}


def asks_for_help(text: str) -> bool:
    return _HELP.search(text) is not None


def choose_strategy(
    emotion: str,
    intensity: float,
    turn_index: int,
    risk_level: str,
    history: list[str],
    asks_for_help: bool = False,
    topic: str | None = None,
) -> Strategy:
    last = history[-1] if history else None
    negative = emotion in NEGATIVE_EMOTIONS

    def fresh(*options: str) -> str:
        """The first option not used in the last turn, nor twice in the last three."""
        for s in options:
            if s != last and history[-3:].count(s) < 2:
                return s
        return options[0]

    if RiskLevel.parse(risk_level) >= RiskLevel.MODERATE:
        if asks_for_help:
            return Strategy(fresh("suggestion", "affirmation"), f"risk {risk_level}: asked what to do")
        return Strategy(
            fresh("reflection", "affirmation", "question"),
            f"risk {risk_level}: stay with the person, no advice",
        )
    if asks_for_help:
        if turn_index == 0 and negative and intensity >= 0.6:
            return Strategy("reflection", "asked for help while very upset: acknowledge first")
        pick = fresh("suggestion", "information") if topic else fresh("suggestion", "question")
        return Strategy(pick, "the person asked what to do")
    if emotion == "joy":
        return Strategy(fresh("affirmation", "question", "self_disclosure"), "share the good moment")
    if negative and intensity >= 0.6:
        return Strategy(
            fresh("reflection", "affirmation", "restatement"), f"strong {emotion} ({intensity:.2f})"
        )
    if turn_index == 0:
        if negative:
            return Strategy("reflection", "first turn: name the feeling")
        return Strategy("question", "first turn: invite the person to say more")
    if turn_index <= 2:
        return Strategy(fresh("question", "restatement", "reflection"), "exploring: understand what happened")
    if turn_index <= 5 or not topic:
        return Strategy(
            fresh("affirmation", "reflection", "self_disclosure", "question"),
            "comforting: validate and support",
        )
    return Strategy(fresh("suggestion", "information", "affirmation"), "action: a small next step")
