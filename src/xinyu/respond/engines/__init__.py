"""Reply engines behind one interface, ``reply(ctx) -> Reply`` (:mod:`~xinyu.respond.engines.base`).

``local``  (default, offline) composes a reply from xinyu's phrase bank, keyed by strategy x emotion x topic,
           reflecting the person's own words and never reusing a phrase within a session while others remain.
``llm``    any OpenAI-compatible endpoint, with an emotion-aware system prompt; on any failure (down, hanging,
           error, empty answer) the reply is ``local``'s, marked as a fallback. The whole call, retries included,
           is bounded by the configured timeout.
``model``  a locally fine-tuned causal LM (the training bench's reply model), loaded with transformers.

Engines are built by name (:mod:`~xinyu.respond.engines.registry`), and every one fails the same way
(:mod:`~xinyu.respond.engines.fallback`): to the local engine, and from there to a fixed safe text.
"""

from xinyu.respond.engines.base import EngineUnavailable, Reply, ReplyContext, ReplyEngine
from xinyu.respond.engines.fallback import Fallback
from xinyu.respond.engines.llm import SAFETY_RULES, STRATEGY_GUIDE, LLMEngine, system_prompt
from xinyu.respond.engines.local import SECTIONS, LocalEngine, PhraseBank
from xinyu.respond.engines.model import ModelEngine, default_reply_model_dir
from xinyu.respond.engines.registry import ENGINES, build_engine, create_engine, register_engine

__all__ = [
    "ENGINES",
    "SAFETY_RULES",
    "SECTIONS",
    "STRATEGY_GUIDE",
    "EngineUnavailable",
    "Fallback",
    "LLMEngine",
    "LocalEngine",
    "ModelEngine",
    "PhraseBank",
    "Reply",
    "ReplyContext",
    "ReplyEngine",
    "build_engine",
    "create_engine",
    "default_reply_model_dir",
    "register_engine",
    "system_prompt",
]
