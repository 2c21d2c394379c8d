"""The records that flow through xinyu: what the emotion engine returns, and the pieces it is made of; what a chat
turn stores (its emotion reading, its risk, its reply)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from xinyu.levels import RiskLevel


class CoreWord(BaseModel):
    """A word or phrase that carries the feeling or the story, where it sits in the text and why it counts.

    ``start``/``end`` are character offsets into the analysed text (``text[start:end] == word``).
    ``source`` says where it came from: ``lexicon``, ``emoji``, ``model`` (a whole content word under the n-grams
    the classifier weighed most) or ``story`` (a person or an animal the text is about).
    ``category`` is the lexicon's own category (DUTIR's 乐/好/怒/哀/惧/恶/惊, xinyu's names), ``emoji``, ``model``,
    or ``person``/``animal`` for a word naming one; ``emotion`` is the canonical emotion it points to after
    negation (``neutral`` for a ``story`` word, which names who, not how it feels).
    """

    model_config = ConfigDict(frozen=True)

    word: str
    start: int
    end: int
    category: str
    emotion: str
    polarity: str
    weight: float = 1.0
    negated: bool = False
    source: str = "lexicon"


class EmotionResult(BaseModel):
    """One text's emotion analysis. Every backend fills every field.

    ``scores`` holds a probability-like score for every canonical emotion (they sum to 1). ``labels`` is the
    multi-label reading: every emotion whose score passed the model's per-label threshold (never empty; the top
    label is always in it). ``intensity`` is 0 for a neutral text and grows towards 1 with emotional mass,
    degree words (非常, so) and emphasis; hedges (有点, a bit) and negation lower it. ``truncated`` says the text was longer than ``max_chars`` and only its
    head was analysed; ``warnings`` names anything unusual about the input (``empty_text``, ``no_letters``...).
    """

    language: str
    label: str
    labels: list[str]
    scores: dict[str, float]
    polarity: str
    polarity_scores: dict[str, float]
    intensity: float = Field(ge=0.0, le=1.0)
    core_words: list[CoreWord]
    model: str
    truncated: bool = False
    warnings: list[str] = Field(default_factory=list)


# -- what a chat turn stores ------------------------------------------------------------------------------------
# Built by the chat service from the analysis, the risk assessment and the reply, and read by the memory through
# their attributes. What the memory stores from them is what the source objects dump, byte for byte.


@dataclass(frozen=True)
class EmotionRecord:
    """A turn's emotion reading as stored: the columns of ``turns`` and ``analyses``; ``core_words`` are sealed
    (they quote the message)."""

    language: str
    label: str
    labels: list[str]
    scores: dict[str, float]
    polarity: str
    intensity: float
    core_words: list[CoreWord]
    model: str

    @classmethod
    def of(cls, result: EmotionResult) -> EmotionRecord:
        return cls(
            language=result.language,
            label=result.label,
            labels=list(result.labels),
            scores=dict(result.scores),
            polarity=result.polarity,
            intensity=result.intensity,
            core_words=list(result.core_words),
            model=result.model,
        )


@dataclass(frozen=True)
class RiskRecord:
    """A turn's conversation-level risk as stored: level and score in the clear, the whole of it (reasons quote
    the matched cues) sealed as :meth:`to_dict` gives it."""

    level: RiskLevel
    score: float
    language: str
    reasons: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The assessment as ``RiskAssessment.to_dict()`` gives it."""
        return {
            "level": self.level.name,
            "score": self.score,
            "language": self.language,
            "reasons": self.reasons,
        }

    @property
    def themes(self) -> dict:
        """The conversation layer's theme evidence (names and figures only), or an empty dict."""
        found: dict = {}
        for reason in self.reasons:
            if reason.get("layer") == "conversation":
                found = reason.get("themes", {})
        return found


@dataclass(frozen=True)
class ReplyRecord:
    """The reply as stored: the text the person was sent (after moderation; sealed), the strategy it was written
    with, the engine that wrote it, whether that engine fell back, and whether moderation replaced it."""

    text: str
    strategy: str
    engine: str
    fallback: bool = False
    moderated: bool = False
