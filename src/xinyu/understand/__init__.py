"""Understanding a turn beyond its emotion: what the message *is* (dialogue acts), the facts worth remembering and
the situation it tells (the event, the people in it, when).

Rules over Chinese (Simplified and Traditional), English and mixed text; no model, nothing to load. Imports only
the foundations.

>>> detect_acts("你是真人吗？").acts
('question_bot',)
>>> [(f.kind, f.value) for f in extract_facts("call me Sam, my exam is next Wednesday")]
[('name', 'Sam'), ('time', 'next Wednesday')]
>>> read_situation("今天meeting又被boss骂了").event
'criticized'
"""

from __future__ import annotations

from xinyu.understand.acts import detect_acts
from xinyu.understand.facts import extract_facts
from xinyu.understand.records import ACTS, FACT_KINDS, ActCue, DialogueActs, Fact
from xinyu.understand.situation import EVENTS, Situation, read_situation

__all__ = [
    "ACTS",
    "EVENTS",
    "FACT_KINDS",
    "ActCue",
    "DialogueActs",
    "Fact",
    "Situation",
    "detect_acts",
    "extract_facts",
    "read_situation",
]
