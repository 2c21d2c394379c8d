"""The service's logs: one JSON object per line (``log_format = "text"`` for a terminal), each with the ids of
the request, session and turn it belongs to where they are known, and never what a person wrote.

- :class:`RequestLog` gives every request an id (the client's ``X-Request-ID`` when it is a sane one, else a
  new one), echoes it in the response's ``X-Request-ID`` header and writes the access log line: method, route
  template (never the path as sent, nor its query), status and duration. Probes (``/healthz``, ``/readyz``,
  ``/metrics``) are logged at DEBUG, so that they do not bury the rest.
- With tracing on (:mod:`xinyu.service.tracing`) a line written inside a span names its ``trace_id`` and
  ``span_id``.
- :func:`log_context` binds a session and a turn id to the lines written inside it (the chat service's warnings
  about a blocked or replaced reply, a turn that failed), in this thread and in the tasks it starts.
- Log messages name things by id and kind. An exception is logged by its type and the lines of code it passed
  through, not its message: a message may quote the input that caused it.
"""

from __future__ import annotations

import json
import logging
import re
import time
import traceback
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Literal

from xinyu import tracing

LogFormat = Literal["json", "text"]

REQUEST_ID: ContextVar[str | None] = ContextVar("xinyu_request_id", default=None)
SESSION_ID: ContextVar[str | None] = ContextVar("xinyu_session_id", default=None)
TURN_ID: ContextVar[str | None] = ContextVar("xinyu_turn_id", default=None)
_IDS = (("request_id", REQUEST_ID), ("session_id", SESSION_ID), ("turn_id", TURN_ID))

#: a client's request id is taken as it is when it looks like an id (a UUID, a hex string, a trace id)
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
PROBES = frozenset({"/healthz", "/readyz", "/metrics"})
access_log = logging.getLogger("xinyu.access")


@contextmanager
def log_context(session_id: str | None = None, turn_id: str | None = None) -> Iterator[None]:
    """Lines logged inside name this session and turn (those given; the others keep what they were)."""
    tokens = []
    if session_id is not None:
        tokens.append((SESSION_ID, SESSION_ID.set(session_id)))
    if turn_id is not None:
        tokens.append((TURN_ID, TURN_ID.set(turn_id)))
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


def request_id(sent: str | None) -> str:
    """The id of a request: the client's when it is sane, else a new one."""
    if sent is not None and _SANE_ID.fullmatch(sent):
        return sent
    return uuid.uuid4().hex


def _bound() -> dict[str, str]:
    """The ids a line belongs to: request, session and turn where known, and with tracing on the trace and span
    in progress (so that a line and its trace find each other)."""
    out = {name: value for name, var in _IDS if (value := var.get()) is not None}
    traced = tracing.ids()
    if traced is not None:
        out["trace_id"], out["span_id"] = traced
    return out


def _error(record: logging.LogRecord) -> dict[str, Any] | None:
    """An exception as its type and where it passed (file, line, function): never its message."""
    if not record.exc_info or record.exc_info[0] is None:
        return None
    kind, _exc, tb = record.exc_info
    frames = [f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb)]
    return {"type": kind.__name__, "stack": frames}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, process id, message, the ids bound to the
    line, the fields of an access line, and an exception's type and stack."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,  # which worker of several
            "message": record.getMessage(),
        }
        out.update(_bound())
        out.update(getattr(record, "fields", None) or {})
        error = _error(record)
        if error:
            out["error"] = error
        return json.dumps(out, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """A line for a person at a terminal: time, level, logger, message, then the ids and fields as key=value."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text
        record.exc_info, record.exc_text = None, None  # the stack, without the message, is added below
        try:
            line = super().format(record)
        finally:
            record.exc_info, record.exc_text = saved
        pairs = _bound()
        pairs.update(getattr(record, "fields", None) or {})
        if pairs:
            line += " " + " ".join(f"{k}={v}" for k, v in pairs.items())
        error = _error(record)
        if error:
            line += f" error={error['type']}\n  " + "\n  ".join(error["stack"])
        return line


def formatter(kind: LogFormat) -> logging.Formatter:
    return JsonFormatter() if kind == "json" else TextFormatter()


def logging_config(kind: LogFormat) -> dict[str, Any]:
    """The ``logging.config.dictConfig`` of ``xinyu serve``, for uvicorn's loggers and xinyu's alike (uvicorn's
    own access log is off: :class:`RequestLog` writes one with the request id)."""
    handler = {"class": "logging.StreamHandler", "formatter": kind, "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": f"{__name__}.JsonFormatter"},
            "text": {"()": f"{__name__}.TextFormatter"},
        },
        "handlers": {"default": handler},
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
            "xinyu": {"handlers": ["default"], "level": "INFO", "propagate": False},
        },
        # what other libraries warn of, in the same format (not Python's bare last-resort lines)
        "root": {"handlers": ["default"], "level": "WARNING"},
    }


class RequestLog:
    """Pure ASGI: the request id (bound to every line logged while the request runs, and sent back in
    ``X-Request-ID``) and, with ``enabled``, the access log line."""

    def __init__(self, app, enabled: bool = True) -> None:
        self.app = app
        self.enabled = enabled

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = None
        for name, value in scope.get("headers") or []:
            if name == b"x-request-id":
                sent = value.decode("latin-1")
                break
        rid = request_id(sent)
        token = REQUEST_ID.set(rid)
        start = time.perf_counter()
        status = {"code": 500}

        async def _send(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message["headers"] = [
                    *(h for h in message.get("headers", []) if h[0].lower() != b"x-request-id"),
                    (b"x-request-id", rid.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, _send)
        finally:
            if self.enabled:
                self._log(scope, status["code"], time.perf_counter() - start)
            REQUEST_ID.reset(token)

    @staticmethod
    def _log(scope, status: int, seconds: float) -> None:
        route = getattr(scope.get("route"), "path", None) or "unmatched"
        level = logging.DEBUG if route in PROBES else logging.INFO
        fields = {
            "method": scope["method"],
            "route": route,
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
        }
        access_log.log(level, "%s %s %d", scope["method"], route, status, extra={"fields": fields})
