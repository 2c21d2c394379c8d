"""Errors as JSON, chosen by the exception's type, never echoing what the client sent.

xinyu's own routes answer ``{"detail": ...}`` (a validation error: 422 with the list of fields at fault). The
OpenAI-compatible routes (:func:`xinyu.service.openai_compat.is_openai_path`) answer in OpenAI's shape,
``{"error": {"message", "type", "param", "code"}}``, with a 400 for a field at fault, so that OpenAI's SDKs show
the message and raise the error class that fits the status. Either way a chat that is refused still carries the
help lines (and from ``high`` up the safe reply) when its message speaks of a crisis: at the top of the body on
xinyu's routes, under ``error.xinyu`` on OpenAI's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from xinyu.memory.database import StoreUnavailable
from xinyu.respond.chat import TurnNotStored
from xinyu.service.guard import validation_errors
from xinyu.service.openai_compat import OpenAIError, error_body, is_openai_path
from xinyu.service.turns import ChatRefused, chat_fields, crisis_fields

CHAT_PATHS = ("/v1/chat", "/v1/chat/completions")
#: OpenAI's codes for a field at fault, by pydantic's error type
_FIELD_CODES = {"missing": "missing_required_parameter", "json_invalid": "invalid_json"}


def reply_error(
    request: Request,
    status: int,
    body: dict[str, Any],
    headers: Mapping[str, str] | None = None,
    param: str | None = None,
    code: str | None = None,
) -> JSONResponse:
    """``body`` (xinyu's shape: ``detail`` and what the person must still see) as it is, or in OpenAI's shape on
    the OpenAI-compatible routes, where a 422 is a 400 and ``reason`` is the code when none is given."""
    if not is_openai_path(request.url.path):
        return JSONResponse(body, status_code=status, headers=headers)
    status = 400 if status == 422 else status
    extra = {k: v for k, v in body.items() if k != "detail"}
    code = code or extra.get("reason")
    return JSONResponse(
        error_body(status, str(body["detail"]), param, code, extra), status_code=status, headers=headers
    )


async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 naming the fields at fault (400 on OpenAI's routes, ``param`` the first of them); a chat sent with a
    bad field still gets help lines if its message speaks of a crisis."""
    errors = validation_errors(exc)
    crisis: dict[str, Any] = {}
    if request.url.path in CHAT_PATHS and hasattr(request.app.state, "services"):
        message, locale = chat_fields(exc.body)
        crisis = crisis_fields(request.app.state.services, message, locale)
    if not is_openai_path(request.url.path):
        return JSONResponse({"detail": errors, **crisis}, status_code=422)
    first: dict[str, Any] = errors[0] if errors else {"loc": [], "type": ""}
    detail = "; ".join(f"{_param(e['loc']) or 'body'}: {e['msg']}" for e in errors) or "invalid request"
    code = _FIELD_CODES.get(first["type"], "invalid_value")
    return reply_error(request, 400, {"detail": detail, **crisis}, param=_param(first["loc"]), code=code)


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """FastAPI's own answer (``{"detail": ...}``), in OpenAI's shape on OpenAI's routes."""
    if not is_openai_path(request.url.path):
        return await http_exception_handler(request, exc)
    return reply_error(request, exc.status_code, {"detail": str(exc.detail)}, headers=exc.headers)


async def openai_refused(request: Request, exc: OpenAIError) -> JSONResponse:
    """A parameter xinyu cannot serve, or a model it does not have, named in ``param``."""
    return reply_error(
        request, exc.status, {"detail": exc.message, **exc.extra}, param=exc.param, code=exc.code
    )


async def store_unavailable(request: Request, exc: StoreUnavailable) -> JSONResponse:
    """503 with the storage failure's reason (``storage_busy``, ``storage_unavailable``, ``storage_keys``)."""
    return reply_error(
        request,
        503,
        {"detail": str(exc), "reason": f"storage_{exc.reason}"},
        headers={"Retry-After": "1" if exc.reason == "busy" else "5"},
    )


async def chat_refused(request: Request, exc: ChatRefused) -> JSONResponse:
    headers = {"Retry-After": "5"} if exc.status == 503 else None
    return reply_error(request, exc.status, exc.body, headers=headers)


async def turn_not_stored(request: Request, exc: TurnNotStored) -> JSONResponse:
    """503 for a turn answered but not stored, with what the person must still see."""
    body: dict[str, Any] = {
        "detail": f"the turn was not stored: {exc}",
        "reason": f"storage_{exc.reason}",
        "stored": False,
        "risk": {"level": exc.level, "escalation": exc.escalation},
    }
    if exc.reply:
        body["reply"] = exc.reply
        body["helplines"] = exc.helplines
    return reply_error(request, 503, body, headers={"Retry-After": "5"})


def _param(loc: list) -> str | None:
    """A field's place as OpenAI names it (``messages[0].content``); None for the body as a whole."""
    out = ""
    for part in loc[1:] if loc[:1] == ["body"] else loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else str(part)
    return out or None


HANDLERS = {
    RequestValidationError: invalid_request,
    StarletteHTTPException: http_error,
    OpenAIError: openai_refused,
    StoreUnavailable: store_unavailable,
    ChatRefused: chat_refused,
    TurnNotStored: turn_not_stored,
}


def install(app: FastAPI) -> None:
    for exc_type, handler in HANDLERS.items():
        app.add_exception_handler(exc_type, handler)
