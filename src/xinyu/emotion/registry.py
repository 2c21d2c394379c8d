"""Emotion backends by name: ``create_backend("linear")`` builds (does not load) the backend the name stands for.

Each backend module is imported only when its name is asked for, so naming ``lexicon`` never imports numpy's
model code, and no name imports torch before ``load()``. :func:`register_backend` adds a backend of one's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from xinyu.emotion.base import EmotionBackend, UnknownBackendError

if TYPE_CHECKING:
    from xinyu.config import Settings

#: the backends xinyu ships
BACKENDS = ("encoder", "linear", "lexicon", "llm", "transformer")

#: the backends that compute in this process and wait on nothing (no endpoint, no model loaded on first use)
IN_PROCESS = frozenset({"encoder", "linear", "lexicon"})

BackendFactory = Callable[["Settings"], EmotionBackend]


def _encoder(settings: Settings) -> EmotionBackend:
    from xinyu.emotion.encoder import EncoderBackend
    from xinyu.emotion.transformer import is_transformer_folder

    folder, linear = settings.emotion_encoder_model, settings.emotion_model
    if folder is None and linear is not None and is_transformer_folder(linear):
        folder, linear = linear, None  # `--model DIR` names an encoder model
    return EncoderBackend(folder, linear_dir=linear)


def _linear(settings: Settings) -> EmotionBackend:
    from xinyu.emotion.linear import LinearBackend

    return LinearBackend(settings.emotion_model)


def _lexicon(settings: Settings) -> EmotionBackend:
    from xinyu.emotion.lexicon import LexiconBackend

    return LexiconBackend()


def _llm(settings: Settings) -> EmotionBackend:
    from xinyu.emotion.llm import LLMBackend

    return LLMBackend(settings.llm)


def _transformer(settings: Settings) -> EmotionBackend:
    from xinyu.emotion.transformer import TransformerBackend, is_transformer_folder

    folder, linear = settings.emotion_transformer_model, settings.emotion_model
    if folder is None and linear is not None and is_transformer_folder(linear):
        folder, linear = linear, None  # `--model DIR` names a transformer model
    return TransformerBackend(folder, device=settings.device, fallback_dir=linear)


_FACTORIES: dict[str, BackendFactory] = dict(
    zip(BACKENDS, (_encoder, _linear, _lexicon, _llm, _transformer), strict=True)
)


def register_backend(name: str, factory: BackendFactory) -> None:
    """Make ``create_backend(name)`` call ``factory(settings)``; the name is matched case-insensitively."""
    _FACTORIES[name.lower().strip()] = factory


def create_backend(name: str, settings: Settings | None = None) -> EmotionBackend:
    """Build (not load) the backend called ``name`` from settings."""
    from xinyu.config import get_settings

    settings = settings or get_settings()
    factory = _FACTORIES.get(name.lower().strip())
    if factory is None:
        raise UnknownBackendError(f"unknown emotion backend {name!r}; choose one of: {', '.join(_FACTORIES)}")
    return factory(settings)
