"""Reply engines by name: ``local``, ``llm`` and ``model``, and any registered with :func:`register_engine`.

A factory takes the settings and the service's local engine and returns an engine; :func:`build_engine` puts the
configured one behind :class:`~xinyu.respond.engines.fallback.Fallback`, so every caller gets the same fallback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xinyu.respond.engines.base import ReplyEngine
from xinyu.respond.engines.fallback import Fallback
from xinyu.respond.engines.llm import LLMEngine
from xinyu.respond.engines.local import LocalEngine
from xinyu.respond.engines.model import ModelEngine, default_reply_model_dir

#: the engines xinyu ships
ENGINES = ("local", "llm", "model")

EngineFactory = Callable[[Any, LocalEngine], ReplyEngine]  # (settings, the local engine) -> an engine


def _local(settings, local: LocalEngine) -> ReplyEngine:
    return local


def _llm(settings, local: LocalEngine) -> ReplyEngine:
    from xinyu.llm.breaker import CircuitBreaker
    from xinyu.llm.client import ChatClient

    llm = settings.llm
    breaker = CircuitBreaker(
        llm.breaker_failures, llm.breaker_cooldown_s, name=f"llm endpoint {llm.base_url}"
    )
    return LLMEngine(ChatClient.from_settings(llm), timeout_s=llm.timeout_s, breaker=breaker)


def _model(settings, local: LocalEngine) -> ReplyEngine:
    path = settings.reply.model_path or default_reply_model_dir()
    return ModelEngine(path, strategy=settings.reply.model_strategy, device=settings.device)


_FACTORIES: dict[str, EngineFactory] = dict(zip(ENGINES, (_local, _llm, _model), strict=True))


def register_engine(name: str, factory: EngineFactory) -> None:
    """Make :func:`create_engine` build ``name`` with ``factory(settings, local)``."""
    _FACTORIES[name] = factory


def create_engine(name: str, settings, local: LocalEngine) -> ReplyEngine:
    """The engine called ``name``, as it is (no fallback)."""
    factory = _FACTORIES.get(name)
    if factory is None:
        raise ValueError(f"unknown reply engine {name!r}")
    return factory(settings, local)


def build_engine(settings, local: LocalEngine) -> ReplyEngine:
    """The configured reply engine (``reply.engine``), answered by ``local`` where it fails; ``local`` itself
    needs no fallback."""
    engine = create_engine(settings.reply.engine, settings, local)
    return engine if engine is local else Fallback(engine, local)
