"""The one interface every emotion backend implements (the registry that picks one by name is
:mod:`xinyu.emotion.registry`).

A backend turns texts into :class:`Prediction` (scores over the canonical emotions, a multi-label reading, and
any evidence of its own). Everything common to all backends (input checks, language, truncation, core words,
polarity, intensity) lives in :mod:`xinyu.emotion.analyzer`, so a backend stays small.

Construction stores options; ``load()`` brings in weights or clients. Importing this package never imports torch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from xinyu.taxonomy import EMOTIONS

if TYPE_CHECKING:
    from xinyu.schema import CoreWord


class EmotionBackendError(RuntimeError):
    """A backend could not produce a prediction (model missing, endpoint down, unparsable answer)."""


class UnknownBackendError(ValueError):
    """A backend name that is not registered."""


@dataclass
class Prediction:
    scores: dict[str, float]  # every canonical emotion, summing to 1
    labels: list[str]  # multi-label reading; the top label first
    core_words: list[CoreWord] = field(default_factory=list)  # evidence the backend found itself
    lexical: list[CoreWord] | None = None  # lexicon core words, when the backend already computed them


@runtime_checkable
class EmotionBackend(Protocol):
    name: str
    model_id: str

    def load(self) -> EmotionBackend: ...

    def predict(self, texts: Sequence[str], languages: Sequence[str]) -> list[Prediction]: ...


def normalise_scores(raw: Mapping[str, float]) -> dict[str, float]:
    """Every canonical emotion present, non-negative, summing to 1 (uniform when all are zero)."""
    vals = {e: max(0.0, float(raw.get(e, 0.0))) for e in EMOTIONS}
    total = sum(vals.values())
    if total <= 0:
        return {e: 1.0 / len(EMOTIONS) for e in EMOTIONS}
    return {e: v / total for e, v in vals.items()}
