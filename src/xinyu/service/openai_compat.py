"""OpenAI's chat completions, read into a xinyu turn and written back (whole or as server-sent events).

xinyu reads ``user`` (or the ``X-User-Id`` header) as the user id and an optional ``xinyu`` object,
``{"session_id", "locale"}`` (or the ``X-Session-Id`` header). Without a session id the conversation is keyed on
the user and its first user message, so a client that resends the whole history each time stays in one session.
Every answer carries xinyu's reading of the turn under ``xinyu``.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException

from xinyu.service.schemas import CompletionRequest, XinyuOptions

#: characters per streamed chunk
STREAM_STEP = 8
EXTENSION_FIELDS = ("session_id", "turn_id", "emotion", "risk", "strategy", "engine")


@dataclass(frozen=True)
class CompletionTurn:
    """What a completion request asks of xinyu: one turn."""

    user_id: str
    message: str
    session_id: str
    locale: str | None


def read_request(body: CompletionRequest, headers: Mapping[str, str]) -> CompletionTurn:
    """The turn a completion request asks for: its last user message; 422 when there is none or it is empty."""
    users = [m for m in body.messages if m.role == "user"]
    if not users:
        raise HTTPException(422, "messages has no user message")
    text = content_text(users[-1].content)
    if not text.strip():
        raise HTTPException(422, "the last user message is empty")
    ext = body.xinyu or XinyuOptions()
    user_id = body.user or headers.get("x-user-id") or "openai-client"
    session_id = ext.session_id or headers.get("x-session-id")
    if not session_id:
        first = content_text(users[0].content)
        session_id = "oa-" + _digest(f"{user_id}\x00{first}")[:24]
    return CompletionTurn(user_id, text, str(session_id), ext.locale)


def completion(body: CompletionRequest, turn: dict) -> dict:
    """A ``chat.completion`` object for a finished turn."""
    return {
        **_head(body, turn, "chat.completion"),
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": turn["reply"]}, "finish_reason": "stop"}
        ],
        "usage": _usage(body, turn),
        "xinyu": _extension(turn),
    }


def stream(body: CompletionRequest, turn: dict) -> Iterator[str]:
    """The same answer as server-sent ``chat.completion.chunk`` events. The reply was moderated whole before the
    first byte; it streams in pieces like any model's."""
    base = _head(body, turn, "chat.completion.chunk")
    yield _event({**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]})
    reply = turn["reply"]
    for i in range(0, len(reply), STREAM_STEP):
        yield _event({**base, "choices": [{"index": 0, "delta": {"content": reply[i : i + STREAM_STEP]}}]})
    yield _event(
        {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "xinyu": _extension(turn)}
    )
    yield "data: [DONE]\n\n"


def content_text(content: str | list[dict[str, Any]] | None) -> str:
    """OpenAI content: a string, or a list of parts of which the text ones count."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return "".join(
        str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type", "text") == "text"
    )


def _head(body: CompletionRequest, turn: dict, kind: str) -> dict:
    return {
        "id": f"chatcmpl-{turn['turn_id']}",
        "object": kind,
        "created": int(time.time()),
        "model": body.model or f"xinyu-{turn['engine']['name']}",
    }


def _usage(body: CompletionRequest, turn: dict) -> dict:
    prompt_tokens = sum(len(content_text(m.content)) for m in body.messages)
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": len(turn["reply"]),
        "total_tokens": prompt_tokens + len(turn["reply"]),
    }


def _extension(turn: dict) -> dict:
    return {k: turn[k] for k in EXTENSION_FIELDS}


def _event(obj: dict) -> str:
    return f"data: {json.dumps(obj, ensure_ascii=False)}\n\n"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
