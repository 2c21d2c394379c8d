"""The risk ladder, read off the screener of the Columbia Suicide Severity Rating Scale (C-SSRS).

====================  ===============================================================================
level                 what a careful reader sees
====================  ===============================================================================
``none``              no sign of risk (everyday bad moods included)
``low``               life pain: hopelessness, feeling a burden, isolation, "I can't take it anymore"
``moderate``          a wish to be dead ("I wish I could sleep forever", "I want to die")
``high``              thoughts of killing oneself or the will to ("I want to kill myself"), a method, a
                      plan, a pact, preparations, a farewell, method-seeking, or a wish to die with a date
``imminent``          a method or means with a time, or an attempt in progress
====================  ===============================================================================

How the cue layer reads each rung off a message, question by question: :mod:`xinyu.safety.cues`.

Scores live on one 0-1 scale split into five equal bands, so that the cue layer, the model and the
conversation layer can be compared and the strongest wins.

A foundation module: safety assesses these levels, the memory stores them by name, and neither owns them.

>>> RiskLevel.parse("HIGH") >= RiskLevel.MODERATE
True
>>> RiskLevel.from_score(0.65).name
'high'
"""

from __future__ import annotations

from enum import IntEnum


class UnknownLevelError(ValueError):
    pass


class RiskLevel(IntEnum):
    NONE = 0
    LOW = 1
    MODERATE = 2
    HIGH = 3
    IMMINENT = 4

    @property
    def name(self) -> str:  # type: ignore[override]
        return super().name.lower()

    def __str__(self) -> str:
        return self.name

    @classmethod
    def parse(cls, value: str | int | RiskLevel) -> RiskLevel:
        if isinstance(value, RiskLevel):
            return value
        if isinstance(value, int):
            return cls(value)
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            names = ", ".join(level.name for level in cls)
            raise UnknownLevelError(f"unknown risk level {value!r}; choose one of {names}") from None

    @property
    def floor(self) -> float:
        """Lowest score of this level's band."""
        return self.value / 5

    def score(self, strength: float = 0.5) -> float:
        """A score inside this level's band; ``strength`` 0..1 places it within the band."""
        return round(self.floor + 0.2 * min(max(strength, 0.0), 0.999), 4)

    @classmethod
    def from_score(cls, score: float) -> RiskLevel:
        return cls(min(int(max(score, 0.0) * 5), 4))


def higher_level(a: str, b: str) -> str:
    """The higher of two level names (``a`` when they are equal).

    >>> higher_level("moderate", "low")
    'moderate'
    """
    return max(a, b, key=RiskLevel.parse)
