"""Errors as JSON, chosen by the exception's type, never echoing what the client sent."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from xinyu.memory.database import StoreUnavailable
from xinyu.respond.chat import TurnNotStored
from xinyu.service.guard import validation_errors
from xinyu.service.turns import ChatRefused, chat_fields, crisis_fields

CHAT_PATHS = ("/v1/chat", "/v1/chat/completions")


async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 naming the fields at fault; a chat sent with a bad field still gets help lines if its message speaks
    of a crisis."""
    body: dict[str, Any] = {"detail": validation_errors(exc)}
    if request.url.path in CHAT_PATHS and hasattr(request.app.state, "services"):
        message, locale = chat_fields(exc.body)
        body.update(crisis_fields(request.app.state.services, message, locale))
    return JSONResponse(body, status_code=422)


async def store_unavailable(_request: Request, exc: StoreUnavailable) -> JSONResponse:
    """503 with the storage failure's reason (``storage_busy``, ``storage_unavailable``, ``storage_keys``)."""
    return JSONResponse(
        {"detail": str(exc), "reason": f"storage_{exc.reason}"},
        status_code=503,
        headers={"Retry-After": "1" if exc.reason == "busy" else "5"},
    )


async def chat_refused(_request: Request, exc: ChatRefused) -> JSONResponse:
    headers = {"Retry-After": "5"} if exc.status == 503 else None
    return JSONResponse(exc.body, status_code=exc.status, headers=headers)


async def turn_not_stored(_request: Request, exc: TurnNotStored) -> JSONResponse:
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
    return JSONResponse(body, status_code=503, headers={"Retry-After": "5"})


HANDLERS = {
    RequestValidationError: invalid_request,
    StoreUnavailable: store_unavailable,
    ChatRefused: chat_refused,
    TurnNotStored: turn_not_stored,
}


def install(app: FastAPI) -> None:
    for exc_type, handler in HANDLERS.items():
        app.add_exception_handler(exc_type, handler)
