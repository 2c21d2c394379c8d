"""OpenAI's chat completions and models, read into xinyu and written back (whole or as server-sent events).

What is honoured, refused and ignored, parameter by parameter: docs/openai.md.

**Who and which conversation.** xinyu reads ``user`` (or the ``X-User-Id`` header) as the user id and an
optional ``xinyu`` object, ``{"session_id", "locale"}`` (or the ``X-Session-Id`` header). Without a session id
the conversation is keyed on the user and its first user message, so a client that resends the whole history
each time stays in one session. Every answer carries xinyu's reading of the turn under ``xinyu``.

**Cutting a reply.** ``max_tokens`` (or ``max_completion_tokens``) and ``stop`` cut the reply on its way out:
at the first stop sequence (``finish_reason`` ``"stop"``), then to the token limit (``"length"``). The turn is
stored with the whole reply. A reply that carries help lines (a message at ``moderate`` risk or above, the help
lines or the safe reply of an escalation, a reply replaced by moderation) is never cut: a limit set for
everyday replies must not take the help lines away from a person at risk, nor leave half of the words that
lead to them. Such an answer says ``"kept_whole": true`` under ``xinyu``.

**Tokens** are xinyu's own count, named in ``usage.tokenizer`` (:data:`TOKENIZER`): each Han, kana or hangul
character is one token, each run of other letters and digits one (with the apostrophes inside it: ``can't``),
and each other character but white space one.
No model's tokenizer is used: the local engine writes no tokens, and an LLM engine's prompt holds more than the
messages sent. The same count sets where ``max_tokens`` cuts.

**Errors** on these routes are OpenAI's ``{"error": {"message", "type", "param", "code"}}`` (:func:`error_body`),
built in :mod:`xinyu.service.errors`; what a person at risk must still see goes in the error's ``xinyu``.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from xinyu.levels import RiskLevel
from xinyu.safety.helplines import helpline_numbers
from xinyu.service.schemas import CompletionRequest, XinyuOptions

MODEL_ID = "xinyu"
TOKENIZER = "xinyu-text-1"
#: characters per streamed chunk
STREAM_STEP = 8
EXTENSION_FIELDS = ("session_id", "turn_id", "emotion", "risk", "strategy", "engine")
#: the routes that answer errors in OpenAI's shape
PATHS = ("/v1/chat/completions", "/v1/models")
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff"
_WORD = f"[^\\W{_CJK}]+"
_TOKEN = re.compile(f"[{_CJK}]|{_WORD}(?:['\u2019]{_WORD})*|\\S")
_ERROR_TYPES = {401: "authentication_error", 403: "permission_error", 429: "rate_limit_error"}
_ERROR_CODES = {
    401: "invalid_api_key",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "request_too_large",
    429: "rate_limit_exceeded",
}


class OpenAIError(Exception):
    """A request refused in OpenAI's terms; ``extra`` is what goes under the error's ``xinyu`` (the help lines
    for a message at risk)."""

    def __init__(self, status: int, message: str, param: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.param = param
        self.code = code
        self.extra: dict[str, Any] = {}


@dataclass(frozen=True)
class CompletionTurn:
    """What a completion request asks of xinyu: one turn."""

    user_id: str
    message: str
    session_id: str
    locale: str | None


@dataclass(frozen=True)
class Answer:
    """The reply as sent: cut or not, why it ends, and whether limits were asked for and not applied."""

    text: str
    finish_reason: str
    kept_whole: bool = False


def read_request(body: CompletionRequest, headers: Mapping[str, str]) -> CompletionTurn:
    """The turn a completion request asks for: its last user message. :class:`OpenAIError` (400) when a
    parameter asks for what xinyu cannot do, or there is no user message to answer."""
    refused = refusal(body)
    if refused is not None:
        raise refused
    users = [m for m in body.messages if m.role == "user"]
    if not users:
        raise OpenAIError(400, "messages has no user message", "messages", "invalid_value")
    text = content_text(users[-1].content)
    if not text.strip():
        raise OpenAIError(400, "the last user message is empty", "messages", "invalid_value")
    ext = body.xinyu or XinyuOptions()
    user_id = body.user or headers.get("x-user-id") or "openai-client"
    session_id = ext.session_id or headers.get("x-session-id")
    if not session_id:
        first = content_text(users[0].content)
        session_id = "oa-" + _digest(f"{user_id}\x00{first}")[:24]
    return CompletionTurn(user_id, text, str(session_id), ext.locale)


def refusal(body: CompletionRequest) -> OpenAIError | None:
    """The first parameter that asks for what xinyu cannot honestly do, as a 400 that names it; None when
    every parameter is served or harmless to ignore. Content parts are checked in the last user message, the one
    answered (earlier messages are not read). The messages never quote what was sent."""
    if body.n is not None and body.n > 1:
        return _unsupported("n", "n above 1 is not supported: xinyu gives one reply a turn")
    if body.tools or body.functions:
        return _unsupported("tools" if body.tools else "functions", "xinyu calls no tools or functions")
    if body.tool_choice not in (None, "none", "auto") or body.function_call not in (None, "none", "auto"):
        param = "tool_choice" if body.tool_choice not in (None, "none", "auto") else "function_call"
        return _unsupported(param, "xinyu calls no tools or functions; leave it out or send 'none'")
    if (body.response_format or {}).get("type", "text") != "text":
        return _unsupported(
            "response_format", "xinyu answers in plain text: a JSON object or schema is not supported"
        )
    if body.logprobs or body.top_logprobs:
        return _unsupported("logprobs", "xinyu has no token log probabilities to give")
    if body.audio is not None or set(body.modalities or ["text"]) != {"text"}:
        return _unsupported("modalities", "xinyu reads and writes text only")
    last = max((i for i, m in enumerate(body.messages) if m.role == "user"), default=None)
    content = body.messages[last].content if last is not None else None
    for j, part in enumerate(content if isinstance(content, list) else []):
        if part.get("type", "text") != "text":
            param = f"messages[{last}].content[{j}]"
            return _unsupported(param, "xinyu reads text only: images, audio and files are not supported")
    return None


def last_user_text(body: CompletionRequest) -> str | None:
    """The text of the last user message, if any: what a refused request is still read for a crisis in."""
    users = [m for m in body.messages if m.role == "user"]
    return content_text(users[-1].content) if users else None


def answer(body: CompletionRequest, turn: dict) -> Answer:
    """The reply as it is sent: cut at the first stop sequence, then to the token limit, unless it carries
    help lines (then it goes whole)."""
    text = turn["reply"]
    limit = min((v for v in (body.max_tokens, body.max_completion_tokens) if v is not None), default=None)
    stops = body.stop or []
    if limit is None and not stops:
        return Answer(text, "stop")
    if carries_help(turn):
        return Answer(text, "stop", kept_whole=True)
    found = [i for i in (text.find(s) for s in stops) if i >= 0]
    if found:
        text = text[: min(found)]
    if limit is not None and count_tokens(text) > limit:
        return Answer(first_tokens(text, limit), "length")
    return Answer(text, "stop")


def carries_help(turn: dict) -> bool:
    """Whether a turn's reply may carry help lines or the safe reply: the message was at ``moderate`` risk or
    above, the escalation called for help lines or the safe reply, or moderation replaced the reply."""
    risk = turn["risk"]
    actions = set(risk["escalation"]["actions"])
    return (
        RiskLevel.parse(risk["level"]) >= RiskLevel.MODERATE
        or bool({"helplines", "safe_reply"} & actions)
        or not turn["moderation"]["allowed"]
        or _names_a_help_line(turn.get("reply", ""))
    )


def _names_a_help_line(text: str) -> bool:
    """The reply names a help line or an emergency number ("心理援助热线是多少？" is answered at risk none): never cut,
    a number cut in half is a wrong number."""
    digits = re.sub(r"[\s-]", "", text)
    return any(number in digits for number in helpline_numbers() if len(number) >= 3)


def completion(body: CompletionRequest, turn: dict, sent: Answer) -> dict:
    """A ``chat.completion`` object for a finished turn."""
    message = {"role": "assistant", "content": sent.text}
    return {
        **_head(turn, "chat.completion"),
        "choices": [{"index": 0, "message": message, "finish_reason": sent.finish_reason, "logprobs": None}],
        "usage": usage(body, sent.text),
        "xinyu": _extension(turn, sent),
    }


def stream(body: CompletionRequest, turn: dict, sent: Answer) -> Iterator[str]:
    """The same answer as server-sent ``chat.completion.chunk`` events. The reply was moderated whole before the
    first byte; it streams in pieces like any model's. With ``stream_options.include_usage`` every chunk has
    ``usage: null`` and a last chunk with no choices carries the counts, as OpenAI sends them."""
    with_usage = body.stream_options is not None and body.stream_options.include_usage
    base = {**_head(turn, "chat.completion.chunk"), **({"usage": None} if with_usage else {})}

    def chunk(delta: dict, finish: str | None = None) -> str:
        return _event({**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})

    yield chunk({"role": "assistant", "content": ""})
    for i in range(0, len(sent.text), STREAM_STEP):
        yield chunk({"content": sent.text[i : i + STREAM_STEP]})
    yield _event(
        {
            **base,
            "choices": [{"index": 0, "delta": {}, "finish_reason": sent.finish_reason}],
            "xinyu": _extension(turn, sent),
        }
    )
    if with_usage:
        yield _event({**base, "choices": [], "usage": usage(body, sent.text)})
    yield "data: [DONE]\n\n"


def usage(body: CompletionRequest, reply: str) -> dict:
    """Token counts of the messages sent and of the reply sent, by :data:`TOKENIZER`, which is named."""
    prompt_tokens = sum(count_tokens(content_text(m.content)) for m in body.messages)
    completion_tokens = count_tokens(reply)
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "tokenizer": TOKENIZER,
    }


def count_tokens(text: str) -> int:
    """Tokens of ``text`` by :data:`TOKENIZER`.

    >>> count_tokens("我好累 I can't sleep")
    6
    """
    return sum(1 for _ in _TOKEN.finditer(text))


def first_tokens(text: str, limit: int) -> str:
    """``text`` up to the end of its ``limit``-th token.

    >>> first_tokens("我好累 I can't sleep", 4)
    '我好累 I'
    """
    end = 0
    for n, match in enumerate(_TOKEN.finditer(text), start=1):
        end = match.end()
        if n == limit:
            break
    return text[:end]


def model_card(created: int) -> dict:
    """The one model xinyu serves, as OpenAI describes a model."""
    return {"id": MODEL_ID, "object": "model", "created": created, "owned_by": "xinyu"}


def error_body(
    status: int,
    message: str,
    param: str | None = None,
    code: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict:
    """OpenAI's error object; ``extra`` (what a person at risk must still see) goes under its ``xinyu``."""
    kind = "server_error" if status >= 500 else _ERROR_TYPES.get(status, "invalid_request_error")
    error: dict[str, Any] = {
        "message": message,
        "type": kind,
        "param": param,
        "code": code or _ERROR_CODES.get(status),
    }
    if extra:
        error["xinyu"] = extra
    return {"error": error}


def is_openai_path(path: str) -> bool:
    """Whether ``path`` is one of the OpenAI-compatible routes, whose errors are in OpenAI's shape."""
    return path in PATHS or path.startswith("/v1/models/")


def content_text(content: str | list[dict[str, Any]] | None) -> str:
    """OpenAI content: a string, or a list of parts of which the text ones count."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return "".join(
        str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type", "text") == "text"
    )


def _unsupported(param: str, message: str) -> OpenAIError:
    return OpenAIError(400, f"{param}: {message}", param, "unsupported_parameter")


def _head(turn: dict, kind: str) -> dict:
    return {
        "id": f"chatcmpl-{turn['turn_id']}",
        "object": kind,
        "created": int(time.time()),
        "model": MODEL_ID,
    }


def _extension(turn: dict, sent: Answer) -> dict:
    out = {k: turn[k] for k in EXTENSION_FIELDS}
    if sent.kept_whole:
        out["kept_whole"] = True
    return out


def _event(obj: dict) -> str:
    return f"data: {json.dumps(obj, ensure_ascii=False)}\n\n"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
