"""What every reply engine is: the :class:`ReplyEngine` protocol, its input (:class:`ReplyContext`) and its output
(:class:`Reply`).

An engine needs a ``name`` and ``reply(ctx)``. It says what it is through the protocol's other members, which an
engine built on :class:`ReplyEngine` inherits with their defaults: ``fast`` (the service may write the reply on
its event loop), ``reads_memory`` (it wants the user's summary and the session's earlier turns), ``reply_batch``
and ``reference_nll``. An engine that cannot answer returns :meth:`Reply.failure` with a short code; it never
answers with another engine itself: :class:`~xinyu.respond.engines.fallback.Fallback` does that, for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from xinyu.respond.dialogue import Plan, Reading
from xinyu.respond.strategy import Strategy


class EngineUnavailable(RuntimeError):
    """An engine cannot be used as configured (missing model, missing package...)."""


@dataclass
class ReplyContext:
    message: str
    language: str  # "zh" or "en"
    emotion: str
    intensity: float
    core_words: list[str]
    strategy: Strategy
    topic: str | None = None
    risk_level: str = "none"
    locale: str | None = None
    turn_index: int = 0
    history: list[dict] = field(default_factory=list)  # earlier turns: {"role", "content"}
    memory: str = ""  # the rolling user summary, rendered
    used: list[str] = field(default_factory=list)  # phrase ids already used in this session
    seed: str = ""
    plan: Plan | None = None  # what the reply must do (the dialogue manager's moves)
    reading: Reading | None = None  # the turn as the dialogue manager read it
    facts: dict[str, str] = field(default_factory=dict)  # what the session remembers: name, pet, when...
    event: str | None = None  # the event the conversation is about


@dataclass
class Reply:
    text: str
    engine: str
    fallback: bool = False
    # why the engine fell back, as a short code (timeout, unreachable, http_status, bad_response, empty,
    # model_error...): clients see it; the details, which may name internal endpoints, go to the log
    error: str | None = None
    used: list[str] = field(default_factory=list)
    prompt: list[dict] | None = None  # what an LLM was sent (kept in memory only, never stored)
    strategy: str | None = None  # the strategy the engine wrote with, when it chose its own

    @classmethod
    def failure(cls, engine: str, code: str, prompt: list[dict] | None = None) -> Reply:
        """What an engine returns when it could not answer: no text, ``code`` says why."""
        return cls("", engine, error=code, prompt=prompt)

    @property
    def failed(self) -> bool:
        """The engine could not answer and nothing has answered in its place yet."""
        return self.error is not None and not self.fallback


class ReplyEngine(Protocol):
    """A reply engine; subclass it to inherit the defaults of everything but ``name`` and ``reply``."""

    name: str
    #: a reply costs next to nothing and never waits (no network, no model), so the service may write it on its
    #: event loop
    fast: bool = False
    #: the engine reads ``ctx.memory`` and ``ctx.history``, which the service then fills from the store
    reads_memory: bool = False

    def reply(self, ctx: ReplyContext) -> Reply: ...

    def reply_batch(self, ctxs: list[ReplyContext]) -> list[Reply]:
        """Replies to several contexts, in order: one by one, unless the engine generates them together."""
        return [self.reply(ctx) for ctx in ctxs]

    def reference_nll(self, pairs: list[tuple[ReplyContext, str | None, str]]) -> tuple[float, int]:
        """(summed negative log-likelihood, tokens) of reference replies, for a perplexity: each pair is (context,
        the reference's labelled strategy or None, reference). (0.0, 0) from an engine that cannot score them."""
        return 0.0, 0

    def start(self) -> None:
        """Get ready to answer (a connection pool, a worker thread): the service calls it once, at start-up, so
        that it is not paid inside the first replies' deadlines."""

    def close(self) -> None:
        """Give back what :meth:`start` or the replies took."""
