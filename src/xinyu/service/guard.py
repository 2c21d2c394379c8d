"""What the service accepts as a request, before any route sees it.

- Bodies are capped in bytes (``api.max_body_bytes``): a larger one is a 413 before it is read whole.
- JSON is parsed strictly: ``NaN``, ``Infinity`` and numbers too large for a float (``1e309``) are not JSON, and
  a string holding a lone UTF-16 surrogate (``"\\ud800"``, what a browser sends when it cuts an emoji in half)
  cannot be stored or shown. Each is a 422 that names the problem.
- A validation error lists where and what is wrong, never the value sent: the value may be what a person wrote,
  and it must not come back in a response or go to a log.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute, APIRouter
from starlette.responses import JSONResponse

from xinyu.service.openai_compat import error_body, is_openai_path

_ESCAPED_SURROGATE = (b"\\ud", b"\\uD")


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"number {text[:20]} is too large")
    return value


def _int(text: str) -> int:
    if len(text) > 4000:  # Python refuses longer ones anyway; say why
        raise ValueError("integer of more than 4000 digits")
    return int(text)


def _surrogate(value: Any) -> bool:
    """Whether a string anywhere in ``value`` holds a lone surrogate."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


def strict_loads(body: bytes) -> Any:
    """``json.loads`` that refuses non-finite numbers and lone surrogates with :class:`json.JSONDecodeError`."""
    text = body.decode("utf-8", errors="strict") if isinstance(body, bytes) else body
    try:
        value = json.loads(text, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            raise
        raise json.JSONDecodeError(str(exc), text, 0) from exc
    if any(marker in body for marker in _ESCAPED_SURROGATE) and _surrogate(value):
        # the body goes with the error (never into a response or a log): a chat refused for this is still read
        # for a crisis in its message
        raise json.JSONDecodeError("a string holds a lone UTF-16 surrogate (half of an emoji?)", text, 0)
    return value


class _StrictRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                self._json = strict_loads(body)
            except UnicodeDecodeError as exc:
                raise json.JSONDecodeError("the body is not UTF-8", "", 0) from exc
        return self._json


class StrictJSONRoute(APIRoute):
    """An APIRoute whose JSON bodies go through :func:`strict_loads` (FastAPI turns its errors into 422s)."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(_StrictRequest(request.scope, request.receive))

        return strict


def strict_router(**options: Any) -> APIRouter:
    """A router whose routes read JSON bodies strictly (:class:`StrictJSONRoute`)."""
    return APIRouter(route_class=StrictJSONRoute, **options)


def validation_errors(exc: RequestValidationError) -> list[dict]:
    """FastAPI's error list without the values sent (``input``) or anything else that may quote them."""
    out = []
    for e in exc.errors():
        item = {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        if e.get("type") == "json_invalid":
            item["msg"] = f"invalid JSON: {(e.get('ctx') or {}).get('error', 'cannot be parsed')}"
            item["loc"] = ["body"]
        out.append(item)
    return out


class BodyLimit:
    """Pure ASGI: a request body of more than ``max_bytes`` is answered 413 (in OpenAI's shape on its routes),
    whether it says its length or not (a body that grows past the cap while it is read stops there: FastAPI
    passes an HTTPException raised while it reads the body on to its handler)."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _message(self) -> str:
        return f"the request body is larger than {self.max_bytes} bytes (api.max_body_bytes)"

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            message = self._message()
            body = error_body(413, message) if is_openai_path(scope["path"]) else {"detail": message}
            await JSONResponse(body, status_code=413)(scope, receive, send)
            return
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, self._message())
            return message

        await self.app(scope, counted, send)
