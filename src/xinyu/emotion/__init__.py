"""Emotion understanding: one analyzer over pluggable backends (``encoder``, the default; ``linear``, ``lexicon``,
``llm``, ``transformer``).

Importing this package loads no model and never imports torch; :func:`get_analyzer` loads on first use.
"""

from __future__ import annotations

import threading

from xinyu.emotion.analyzer import EmotionAnalyzer, EmptyTextError
from xinyu.emotion.base import EmotionBackend, EmotionBackendError, Prediction, UnknownBackendError
from xinyu.emotion.registry import BACKENDS, create_backend, register_backend

__all__ = [
    "BACKENDS",
    "EmotionAnalyzer",
    "EmotionBackend",
    "EmotionBackendError",
    "EmptyTextError",
    "Prediction",
    "UnknownBackendError",
    "create_backend",
    "get_analyzer",
    "register_backend",
]

_cache: dict[tuple, EmotionAnalyzer] = {}
_lock = threading.Lock()


def get_analyzer(backend: str | None = None, settings=None) -> EmotionAnalyzer:
    """A loaded analyzer for ``backend`` (default: the configured one), built once per process and settings."""
    from xinyu.config import get_settings

    settings = settings or get_settings()
    name = (backend or settings.emotion_backend).lower()
    key = (
        name,
        str(settings.emotion_model),
        str(settings.emotion_transformer_model),
        str(settings.emotion_encoder_model),
        settings.device,
        settings.max_chars,
        settings.llm.base_url,
        settings.llm.model,
    )
    with _lock:
        if key not in _cache:
            _cache[key] = EmotionAnalyzer(create_backend(name, settings).load(), settings.max_chars)
        return _cache[key]
