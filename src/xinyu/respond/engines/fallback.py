"""The one fallback rule for every reply engine.

:class:`Fallback` puts an engine in front of the local engine:

1. the engine's reply, when it answered;
2. the local engine's reply, marked ``fallback``, when the engine failed (a :meth:`~.base.Reply.failure`: its code
   and prompt go with the reply) or raised (code ``engine_error``; what it raised goes to the log);
3. when the local engine raises too: ``last_resort(ctx)`` as engine ``safety`` (the chat service's fixed safe
   text), or the exception, where no last resort is given.

It also adapts an engine written against the protocol's two required members (``name`` and ``reply``): the other
members take the protocol's defaults.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from xinyu.respond.engines.base import Reply, ReplyContext, ReplyEngine

log = logging.getLogger(__name__)


def _nothing() -> None:
    """What an engine with only ``name`` and ``reply`` does to start and close."""


class Fallback(ReplyEngine):
    """An engine in front of the local one, under the rule above."""

    def __init__(
        self,
        engine: ReplyEngine,
        local: ReplyEngine,
        last_resort: Callable[[ReplyContext], str] | None = None,
    ) -> None:
        self.engine = engine
        self.local = local
        self.last_resort = last_resort
        self.name = getattr(engine, "name", "?")
        self.fast = getattr(engine, "fast", ReplyEngine.fast)
        self.reads_memory = getattr(engine, "reads_memory", ReplyEngine.reads_memory)

    def reply(self, ctx: ReplyContext) -> Reply:
        try:
            reply = self.engine.reply(ctx)
        except Exception as exc:  # noqa: BLE001 - an engine bug must not lose the reply
            self._raised(exc)
            return self._local(ctx, "engine_error")
        return self._local(ctx, reply.error, reply.prompt) if reply.failed else reply

    def reply_batch(self, ctxs: list[ReplyContext]) -> list[Reply]:
        batch = getattr(self.engine, "reply_batch", None)
        try:
            replies = batch(ctxs) if batch else [self.engine.reply(ctx) for ctx in ctxs]
        except Exception as exc:  # noqa: BLE001 - an engine bug must not lose the replies
            self._raised(exc)
            return [self._local(ctx, "engine_error") for ctx in ctxs]
        return [
            self._local(ctx, reply.error, reply.prompt) if reply.failed else reply
            for ctx, reply in zip(ctxs, replies, strict=True)
        ]

    def reference_nll(self, pairs: list[tuple[ReplyContext, str | None, str]]) -> tuple[float, int]:
        score = getattr(self.engine, "reference_nll", None)
        return score(pairs) if score else (0.0, 0)

    def start(self) -> None:
        getattr(self.engine, "start", _nothing)()

    def close(self) -> None:
        getattr(self.engine, "close", _nothing)()

    def _raised(self, exc: Exception) -> None:
        log.error("reply engine %s raised %s; local reply instead", self.name, type(exc).__name__)

    def _local(self, ctx: ReplyContext, code: str | None, prompt: list[dict] | None = None) -> Reply:
        try:
            reply = self.local.reply(ctx)
        except Exception:  # noqa: BLE001 - the last resort answers, where there is one
            if self.last_resort is None:
                raise
            reply, code, prompt = Reply(self.last_resort(ctx), "safety"), "engine_error", None
        reply.fallback, reply.error, reply.prompt = True, code, prompt
        return reply
