"""The records that flow through xinyu: what the emotion engine returns, and the pieces it is made of."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class CoreWord(BaseModel):
    """A word or phrase that carries emotion, where it sits in the text and why it counts.

    ``start``/``end`` are character offsets into the analysed text (``text[start:end] == word``).
    ``category`` is the lexicon's own category (DUTIR's 乐/好/怒/哀/惧/恶/惊, NRC's names, or ``model`` for n-grams
    the classifier weighed most); ``emotion`` is the canonical emotion it points to after negation.
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
