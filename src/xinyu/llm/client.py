"""A small synchronous client for OpenAI-compatible chat completion endpoints.

Works with OpenAI, Zhipu GLM, Qwen (DashScope compatible mode), DeepSeek, vLLM, Ollama and llama.cpp's server:
all speak ``POST {base_url}/chat/completions``. Retries timeouts, connection errors, 429 and 5xx with exponential
backoff (honouring ``Retry-After``); every other failure raises :class:`LLMError` with the endpoint's message.

>>> client = ChatClient("http://127.0.0.1:9/v1", model="m", max_retries=0, timeout_s=0.5)
>>> client.chat([{"role": "user", "content": "hi"}])  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
xinyu.llm.client.LLMError: cannot reach http://127.0.0.1:9/v1/chat/completions
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from typing import Any

import httpx


class LLMError(RuntimeError):
    """The endpoint could not give an answer. ``retryable`` is False when asking again cannot help (a bad key,
    an unknown model, a malformed request)."""

    def __init__(self, message: str, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


_RETRY_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}


@dataclass
class Completion:
    """One answer: its text, the token counts the endpoint reported (0 where it reports none), and how many
    attempts it took."""

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 1


def _completion(data: dict[str, Any], base_url: str, attempts: int) -> Completion:
    try:
        text = str(data["choices"][0]["message"]["content"] or "")
    except (KeyError, IndexError, TypeError) as exc:
        raise LLMError(f"unexpected response shape from {base_url}: {str(data)[:200]}") from exc
    usage = data.get("usage") or {}
    return Completion(
        text, int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0), attempts
    )


def _judge(url: str, resp: httpx.Response) -> tuple[dict[str, Any] | None, str, float | None]:
    """(the JSON body, "", None) on success; (None, why, Retry-After seconds or None) when worth retrying; raises
    :class:`LLMError` otherwise."""
    if resp.status_code < 400:
        try:
            return resp.json(), "", None
        except ValueError as exc:
            raise LLMError(f"{url} answered with non-JSON: {resp.text[:200]}") from exc
    why = f"{url} answered {resp.status_code}: {resp.text[:300]}"
    if resp.status_code not in _RETRY_STATUS:
        raise LLMError(why, retryable=False)
    after = resp.headers.get("retry-after")
    return None, why, float(after) if after and after.replace(".", "", 1).isdigit() else None


class ChatClient:
    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout_s: float = 8.0,
        max_retries: int = 2,
        backoff_s: float = 0.5,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self._timeout_s = timeout_s
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(timeout=timeout_s, headers=headers, transport=transport)

    @classmethod
    def from_settings(cls, llm) -> ChatClient:
        key = llm.api_key.get_secret_value() if llm.api_key else None
        return cls(llm.base_url, llm.model, key, llm.timeout_s, llm.max_retries)

    def close(self) -> None:
        self._http.close()

    def chat(self, messages: list[dict[str, str]], deadline_s: float | None = None, **params: Any) -> str:
        """The assistant message's text for ``messages``.

        ``deadline_s`` bounds the whole call, retries included: no attempt starts or runs past it.
        """
        return self.complete(messages, deadline_s, **params).text

    def complete(
        self, messages: list[dict[str, str]], deadline_s: float | None = None, **params: Any
    ) -> Completion:
        """Like :meth:`chat`, with the token counts."""
        body = {"model": self.model, "messages": messages, **params}
        deadline = None if deadline_s is None else time.monotonic() + deadline_s
        url = self.base_url + "/chat/completions"
        last = ""
        for attempt in range(self.max_retries + 1):
            timeout: httpx.Timeout | None = None
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0.05:
                    last = last or f"no time left to call {url}"
                    break
                timeout = httpx.Timeout(min(left, self._timeout_s))
            retry_after = None
            try:
                resp = (
                    self._http.post(url, json=body, timeout=timeout)
                    if timeout
                    else self._http.post(url, json=body)
                )
            except httpx.TimeoutException:
                last = f"timed out calling {url}"
            except httpx.TransportError as exc:
                last = f"cannot reach {url}: {exc}"
            else:
                data, last, retry_after = _judge(url, resp)
                if data is not None:
                    return _completion(data, self.base_url, attempt + 1)
            if attempt < self.max_retries:
                delay = min(retry_after, 30.0) if retry_after is not None else self.backoff_s * 2**attempt
                time.sleep(_bounded(delay, deadline))
        raise LLMError(last)


class AsyncChatClient:
    """The asyncio twin of :class:`ChatClient` for batch work (``xinyu data synth``): many calls in flight, each
    retried on timeouts, connection errors, 429 and 5xx with exponential backoff and jitter, up to ``max_backoff_s``
    a wait, honouring ``Retry-After``."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout_s: float = 60.0,
        max_retries: int = 6,
        backoff_s: float = 1.0,
        max_backoff_s: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.AsyncClient(timeout=timeout_s, headers=headers, transport=transport)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def complete(self, messages: list[dict[str, str]], **params: Any) -> Completion:
        body = {"model": self.model, "messages": messages, **params}
        url = self.base_url + "/chat/completions"
        last = ""
        for attempt in range(self.max_retries + 1):
            retry_after = None
            try:
                resp = await self._http.post(url, json=body)
            except httpx.TimeoutException:
                last = f"timed out calling {url}"
            except httpx.TransportError as exc:
                last = f"cannot reach {url}: {exc}"
            else:
                data, last, retry_after = _judge(url, resp)
                if data is not None:
                    return _completion(data, self.base_url, attempt + 1)
            if attempt < self.max_retries:
                if (
                    retry_after is None
                ):  # full jitter: many workers backing off together do not retry together
                    retry_after = random.uniform(0.5, 1.0) * self.backoff_s * 2**attempt
                await asyncio.sleep(min(retry_after, self.max_backoff_s))
        raise LLMError(f"{last} (after {self.max_retries + 1} attempts)")


def _bounded(delay: float, deadline: float | None) -> float:
    return delay if deadline is None else max(0.0, min(delay, deadline - time.monotonic()))
