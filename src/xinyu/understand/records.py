"""The typed records of what a turn *is* and what it tells: dialogue acts with the words that gave them away, and
the facts worth remembering (a name, a pet, the people involved, when things happen).

Offsets are character offsets into the text as the person wrote it (``text[start:end] == words``): the detector
folds Traditional characters and full-width forms one character for one, so nothing moves.
"""

from __future__ import annotations

from dataclasses import dataclass

#: every dialogue act, in the order a turn's acts are listed
ACTS: tuple[str, ...] = (
    "venting",  # sharing what happened or how it feels; what a turn is when nothing else applies
    "advice",  # asking what to do: 我该怎么办, should I text him back?
    "question_bot",  # about the bot itself: 你是真人吗, can you remember me?
    "question_medication",  # medication, dosage, side effects, mixing with alcohol
    "question_factual",  # a question of fact: 抑郁症会遗传吗, how much does therapy cost?
    "smalltalk_request",  # a recommendation or an opinion on everyday things: a film, a song, food, the bot's likes
    "greeting",
    "thanks",
    "goodbye",
    "self_intro",  # their own name: 我叫小林, call me Sam
    "refusal",  # of help, advice or hotlines: 别劝我, just listen, no advice
    "retraction",  # taking back what was said: 当我没说, forget what I said
    "personal_data",  # phone, address, email, ID number, school or workplace by name
)

#: the kinds of fact worth remembering
FACT_KINDS: tuple[str, ...] = (
    "name",  # the person's own name, as written
    "pet",  # the speaker's animal: cat, dog, rabbit...
    "pet_name",  # a pet's name, as written
    "person",  # someone involved, by role: boss, mother, boyfriend... (English role names, whatever the language)
    "time",  # a day, a date, a part of a named day, a clock time: 下周三, 明天下午, on Friday, May 3rd
)


@dataclass(frozen=True)
class ActCue:
    """What made an act: the act, the words that gave it away and where they are."""

    act: str
    words: str
    start: int
    end: int


@dataclass(frozen=True)
class DialogueActs:
    """The acts of one turn (never empty; in :data:`ACTS` order) and the cues behind them.

    ``venting`` has a cue when a clause with no other act shares a feeling or a trouble; when it is there only
    because nothing else applies, it has none.
    """

    acts: tuple[str, ...]
    cues: tuple[ActCue, ...]

    def __contains__(self, act: object) -> bool:
        return act in self.acts


@dataclass(frozen=True)
class Fact:
    """One fact worth remembering. ``value`` is canonical where there is a vocabulary (``person``: ``mother``;
    ``pet``: ``cat``) and the words as written otherwise (names, time expressions)."""

    kind: str
    value: str
    words: str
    start: int
    end: int
