"""xinyu (心语): emotion-aware dialogue, starting from what a person feels.

>>> from xinyu import analyze
>>> analyze("今天心情不太好，工作压力好大").polarity
'negative'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from xinyu.schema import CoreWord, EmotionResult

__version__ = "0.1.0"
__all__ = ["CoreWord", "EmotionResult", "__version__", "analyze"]


@overload
def analyze(text: str, *, backend: str | None = None) -> EmotionResult: ...
@overload
def analyze(text: Sequence[str], *, backend: str | None = None) -> list[EmotionResult]: ...


def analyze(text, *, backend=None):
    """Analyse one text (returns an :class:`EmotionResult`) or a list of texts (returns a list, same order).

    ``backend`` picks ``linear`` (default, shipped model), ``lexicon`` or ``llm``. An empty text raises
    :class:`xinyu.emotion.EmptyTextError`, also inside a list (use :meth:`EmotionAnalyzer.analyze_batch` to get
    per-row errors instead).
    """
    from xinyu.emotion import get_analyzer

    analyzer = get_analyzer(backend)
    if isinstance(text, str):
        return analyzer.analyze(text)
    if not isinstance(text, Sequence):
        raise TypeError(f"analyze() takes a str or a list of str, not {type(text).__name__}")
    results = analyzer.analyze_batch(list(text))
    for i, r in enumerate(results):
        if isinstance(r, Exception):
            raise type(r)(f"text #{i}: {r}")
    return results
