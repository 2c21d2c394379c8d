"""Spans around the parts of a chat turn, for OpenTelemetry tracing; nothing at all while tracing is off.

The library marks what a turn does (``with span("xinyu.emotion") as s: ... s.set(emotion=label)``) without
knowing whether anyone traces it. Until the service hands this module a tracer (:func:`use`, from
:mod:`xinyu.service.tracing` when ``XINYU_TRACING`` is on and the ``otel`` extra is installed), :func:`span`
returns one shared no-op context manager and opentelemetry is never imported.

A span carries ids and labels, never what a person wrote nor what a reply said: an attribute is named by a key of
:data:`ATTRIBUTES` (any other name raises ``KeyError`` while tracing is on, so a new one is a decision made here),
and a span that ends with an exception records the exception's type alone, as ``error.type``, for its message may
quote the input that caused it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: what a span may say, by the keyword :func:`span` and :meth:`Span.set` take, and the attribute it becomes
#: (OpenTelemetry's own names where a semantic convention has one: ``gen_ai.*``, ``http.*``, ``error.type``)
ATTRIBUTES: dict[str, str] = {
    "session_id": "xinyu.session.id",  # as stored: behind the client's namespace, as in the log lines
    "turn_id": "xinyu.turn.id",
    "language": "xinyu.language",  # zh, en, und
    "emotion": "xinyu.emotion.label",  # one of taxonomy.EMOTIONS
    "emotion_backend": "xinyu.emotion.backend",
    "risk_level": "xinyu.risk.level",  # the conversation's, on the RiskLevel ladder
    "message_risk": "xinyu.risk.message_level",  # the message's own
    "escalation_actions": "xinyu.escalation.actions",  # tag, safe_reply, alert, handoff
    "engine": "xinyu.engine.name",  # the engine that wrote the reply (safety: the crisis protocol)
    "fallback": "xinyu.engine.fallback",
    "engine_error": "xinyu.engine.error",  # a short code: timeout, unreachable, guard:...
    "strategy": "xinyu.strategy",  # an ESConv strategy name
    "moderation_allowed": "xinyu.moderation.allowed",
    "moderation_categories": "xinyu.moderation.categories",
    "operation": "gen_ai.operation.name",
    "model": "gen_ai.request.model",
    "server_address": "server.address",
    "attempt": "xinyu.llm.attempt",  # 1 for the first try
    "status_code": "http.response.status_code",
    "input_tokens": "gen_ai.usage.input_tokens",
    "output_tokens": "gen_ai.usage.output_tokens",
    "error": "error.type",  # an exception's type, or a failure's short code
}


class Span:
    """What a ``with span(...)`` block holds: :meth:`set` adds attributes as they become known."""

    __slots__ = ()

    def set(self, **attributes: Any) -> None:
        """Nothing: tracing is off."""


class _Live(Span):
    __slots__ = ("_error", "_span", "failed")

    def __init__(self, span: Any, error: Any) -> None:
        self._span = span
        self._error = error  # the status of a failed span
        self.failed = False

    def set(self, **attributes: Any) -> None:
        """Each attribute under its :data:`ATTRIBUTES` name (None is left out); ``error`` marks the span failed."""
        for key, value in attributes.items():
            if value is None:
                continue
            self._span.set_attribute(ATTRIBUTES[key], list(value) if isinstance(value, tuple) else value)
            if key == "error":
                self.failed = True
                self._span.set_status(self._error)


class _NoSpan:
    """The one context manager :func:`span` returns while tracing is off."""

    __slots__ = ()
    _handle = Span()

    def __enter__(self) -> Span:
        return self._handle

    def __exit__(self, *exc: object) -> None:
        return None


class _Otel:
    """The tracer and the few opentelemetry names a live span needs, bound once by :func:`use`."""

    def __init__(self, tracer: Any) -> None:
        from opentelemetry import trace
        from opentelemetry.trace import SpanKind, Status, StatusCode

        self.tracer = tracer
        self.current = trace.get_current_span
        self.kinds = {False: SpanKind.INTERNAL, True: SpanKind.CLIENT}
        self.error = Status(StatusCode.ERROR)


_NO_SPAN = _NoSpan()
_otel: _Otel | None = None


def use(tracer: Any | None) -> None:
    """Trace with ``tracer`` (an opentelemetry ``Tracer``) from now on; None turns spans off again."""
    global _otel
    _otel = None if tracer is None else _Otel(tracer)


def enabled() -> bool:
    return _otel is not None


def span(name: str, client: bool = False, **attributes: Any):
    """A span named ``name`` around the ``with`` block, a child of the current one, with ``attributes`` (keys of
    :data:`ATTRIBUTES`); ``client`` for a call to another service. A no-op while tracing is off."""
    if _otel is None:
        return _NO_SPAN
    return _live(_otel, name, client, attributes)


@contextmanager
def _live(otel: _Otel, name: str, client: bool, attributes: dict[str, Any]) -> Iterator[Span]:
    with otel.tracer.start_as_current_span(
        name, kind=otel.kinds[client], record_exception=False, set_status_on_exception=False
    ) as current:
        handle = _Live(current, otel.error)
        handle.set(**attributes)
        try:
            yield handle
        except Exception as exc:
            if not handle.failed:
                handle.set(error=type(exc).__name__)
            raise


def ids() -> tuple[str, str] | None:
    """(trace id, span id) in hex of the span in progress, for a log line to name; None when there is none."""
    if _otel is None:
        return None
    context = _otel.current().get_span_context()
    if not context.is_valid:
        return None
    return format(context.trace_id, "032x"), format(context.span_id, "016x")
