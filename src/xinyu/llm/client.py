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

import time
from typing import Any

import httpx


class LLMError(RuntimeError):
    """The endpoint could not give an answer."""


_RETRY_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}


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
        body = {"model": self.model, "messages": messages, **params}
        deadline = None if deadline_s is None else time.monotonic() + deadline_s
        data = self._post("/chat/completions", body, deadline)
        try:
            return str(data["choices"][0]["message"]["content"] or "")
        except (KeyError, IndexError, TypeError) as exc:
            raise LLMError(f"unexpected response shape from {self.base_url}: {str(data)[:200]}") from exc

    def _post(self, path: str, body: dict[str, Any], deadline: float | None = None) -> dict[str, Any]:
        url = self.base_url + path
        last = ""
        for attempt in range(self.max_retries + 1):
            timeout: httpx.Timeout | None = None
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0.05:
                    last = last or f"no time left to call {url}"
                    break
                timeout = httpx.Timeout(min(left, self._timeout_s))
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
                if resp.status_code < 400:
                    try:
                        return resp.json()
                    except ValueError as exc:
                        raise LLMError(f"{url} answered with non-JSON: {resp.text[:200]}") from exc
                last = f"{url} answered {resp.status_code}: {resp.text[:300]}"
                if resp.status_code not in _RETRY_STATUS:
                    raise LLMError(last)
                retry_after = resp.headers.get("retry-after")
                if retry_after and retry_after.replace(".", "", 1).isdigit() and attempt < self.max_retries:
                    time.sleep(_bounded(min(float(retry_after), 30.0), deadline))
                    continue
            if attempt < self.max_retries:
                time.sleep(_bounded(self.backoff_s * 2**attempt, deadline))
        raise LLMError(last)


def _bounded(delay: float, deadline: float | None) -> float:
    return delay if deadline is None else max(0.0, min(delay, deadline - time.monotonic()))
