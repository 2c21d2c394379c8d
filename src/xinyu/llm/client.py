"""A small synchronous client for OpenAI-compatible chat completion endpoints.

Works with OpenAI, Zhipu GLM, Qwen (DashScope compatible mode), DeepSeek, vLLM, Ollama and llama.cpp's server:
all speak ``POST {base_url}/chat/completions``. Retries timeouts, connection errors, 429 and 5xx with exponential
backoff (honouring ``Retry-After``); every other failure raises :class:`LLMError` with the endpoint's message and
a ``kind`` a caller can pass on without the endpoint's address or answer. With tracing on (:mod:`xinyu.tracing`)
each attempt of :class:`ChatClient` is a span.

Every call has a wall-clock deadline whatever the endpoint does. httpx's timeouts bound each network read, so an
endpoint that drips a byte at a time could hold a call for ever; :class:`ChatClient` therefore sends its requests
from a private event loop in one daemon thread and bounds each with ``asyncio.wait_for``, whose cancellation
stops the request at any await point (connecting, reading headers, reading the body) and closes its connection.

>>> client = ChatClient("http://127.0.0.1:9/v1", model="m", max_retries=0, timeout_s=0.5)
>>> client.chat([{"role": "user", "content": "hi"}])  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
xinyu.llm.client.LLMError: cannot reach http://127.0.0.1:9/v1/chat/completions
>>> try:
...     client.chat([{"role": "user", "content": "hi"}])
... except LLMError as exc:
...     print(exc.kind, exc.retryable)
unreachable True
>>> client.close()
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import random
import threading
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from xinyu.tracing import span

T = TypeVar("T")

#: The values of :attr:`LLMError.kind`.
KINDS = ("timeout", "unreachable", "http_status", "bad_response", "closed")


class LLMError(RuntimeError):
    """The endpoint could not give an answer. ``retryable`` is False when asking again cannot help (a bad key,
    an unknown model, a malformed request).

    The message names the endpoint and quotes its answer, for logs. ``kind`` is one of :data:`KINDS`, safe to
    show a caller's own clients: ``timeout`` (no answer within the deadline), ``unreachable`` (no connection),
    ``http_status`` (an error status), ``bad_response`` (an answer that is not a usable completion) or
    ``closed`` (the client was closed).
    """

    def __init__(self, message: str, retryable: bool = True, kind: str = "bad_response") -> None:
        super().__init__(message)
        self.retryable = retryable
        self.kind = kind


_RETRY_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}
# How long past its deadline a call waits for a cancelled request to wind down, and close() for the loop to stop;
# both only matter when something on the loop does not yield.
_GRACE_S = 0.5
_CLOSE_S = 2.0
_MIN_ATTEMPT_S = 0.05  # an attempt with less time than this left is not started


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
        raise LLMError(why, retryable=False, kind="http_status")
    after = resp.headers.get("retry-after")
    return None, why, float(after) if after and after.replace(".", "", 1).isdigit() else None


def _failure(url: str, exc: Exception) -> tuple[str, str]:
    """(why, kind) for an attempt that raised ``exc``."""
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        return f"timed out calling {url}", "timeout"
    if isinstance(exc, httpx.DecodingError):
        return f"{url} sent an undecodable body: {exc}", "bad_response"
    return f"cannot reach {url}: {exc}", "unreachable"


class _Loop:
    """A private event loop in one daemon thread, with the :class:`httpx.AsyncClient` that lives on it. It starts
    on first use, so a client that is never called costs no thread. Holds no reference to its :class:`ChatClient`,
    so that a client dropped without ``close()`` can still be collected and shut this down."""

    def __init__(self, make_http: Callable[[], httpx.AsyncClient]) -> None:
        self._make_http = make_http
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._http: httpx.AsyncClient | None = None
        self._closed = False

    def start(self) -> None:
        """Start the loop and its HTTP client now rather than on the first call."""
        with self._lock:
            if self._loop is None and not self._closed:
                self._start()

    def run(self, send: Callable[[httpx.AsyncClient], Awaitable[T]], limit_s: float) -> T:
        """What ``send(http)`` returns, or :class:`TimeoutError` once ``limit_s`` seconds have passed, by which
        time the request has been cancelled and its connection closed. Safe to call from any number of threads."""
        with self._lock:
            if self._closed:
                raise LLMError("the client is closed", retryable=False, kind="closed")
            if self._loop is None:
                self._start()
            assert self._loop is not None and self._http is not None
            future = asyncio.run_coroutine_threadsafe(asyncio.wait_for(send(self._http), limit_s), self._loop)
        try:
            return future.result(limit_s + _GRACE_S)
        except TimeoutError:  # wait_for's, or the loop did not wind the request down in time: stop waiting
            future.cancel()  # does nothing to a finished future
            raise
        except concurrent.futures.CancelledError:
            raise LLMError("the client was closed during the call", retryable=False, kind="closed") from None

    def _start(self) -> None:
        loop = asyncio.new_event_loop()
        try:
            self._http = self._make_http()
        except BaseException:
            loop.close()  # nothing started: the next call tries again
            raise
        self._loop = loop
        self._thread = threading.Thread(
            target=_serve, args=(self._loop,), name="xinyu-llm-client", daemon=True
        )
        self._thread.start()

    def shutdown(self, wait: bool = True) -> None:
        """Cancel what is in flight, close every connection and stop the loop, whose thread then ends; ``wait``
        for that. A collected client does not wait: the collector may be running on any thread, this loop's
        own or another client's, and must not hold it up."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        asyncio.run_coroutine_threadsafe(self._drain(), loop)
        if wait and threading.current_thread() is not thread:
            thread.join(_CLOSE_S)
            if thread.is_alive():  # something on the loop does not yield to the drain: stop it regardless
                with contextlib.suppress(RuntimeError):  # it closed itself just now
                    loop.call_soon_threadsafe(loop.stop)
                thread.join(_CLOSE_S)

    async def _drain(self) -> None:
        try:
            me = asyncio.current_task()
            tasks = [t for t in asyncio.all_tasks() if t is not me]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            assert self._http is not None
            await self._http.aclose()
            await asyncio.get_running_loop().shutdown_default_executor()
        finally:
            asyncio.get_running_loop().stop()


def _serve(loop: asyncio.AbstractEventLoop) -> None:
    try:
        loop.run_forever()
    finally:
        loop.close()


class ChatClient:
    """A synchronous client, safe to share between threads. ``timeout_s`` bounds each attempt in wall-clock
    time; ``deadline_s`` on a call bounds the whole call. ``transport`` is for tests: an async transport such as
    :class:`httpx.MockTransport`. ``close()`` ends its thread and connections."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout_s: float = 8.0,
        max_retries: int = 2,
        backoff_s: float = 0.5,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if transport is not None and not isinstance(transport, httpx.AsyncBaseTransport):
            raise TypeError(f"ChatClient needs an async transport, not {type(transport).__name__}")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self._timeout_s = timeout_s
        self._host = urlsplit(self.base_url).hostname
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        # No httpx timeout: the wall-clock limit on each attempt is the only clock.
        self._loop = _Loop(lambda: httpx.AsyncClient(timeout=None, headers=headers, transport=transport))
        self._finalizer = weakref.finalize(self, self._loop.shutdown, False)

    @classmethod
    def from_settings(cls, llm) -> ChatClient:
        key = llm.api_key.get_secret_value() if llm.api_key else None
        return cls(llm.base_url, llm.model, key, llm.timeout_s, llm.max_retries)

    def start(self) -> None:
        """Start the client's thread and HTTP client now (a service does this at start-up, so that its first calls
        do not pay for it, many at once, inside their deadlines)."""
        self._loop.start()

    def close(self) -> None:
        """End the client's thread and close its connections; calls in flight fail with kind ``closed``."""
        self._finalizer.detach()
        self._loop.shutdown()

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
        last, kind = "", "timeout"
        for attempt in range(self.max_retries + 1):
            limit = self._timeout_s
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= _MIN_ATTEMPT_S:
                    last = last or f"no time left to call {url}"
                    break
                limit = min(left, limit)
            done, last, kind, retry_after = self._attempt(url, body, limit, attempt + 1)
            if done is not None:
                return done
            if attempt < self.max_retries:
                delay = min(retry_after, 30.0) if retry_after is not None else self.backoff_s * 2**attempt
                if deadline is not None and time.monotonic() + delay > deadline - _MIN_ATTEMPT_S:
                    break  # the next attempt could not start in time: say why this one failed, now
                time.sleep(delay)
        raise LLMError(last, kind=kind)

    def _attempt(
        self, url: str, body: dict[str, Any], limit: float, number: int
    ) -> tuple[Completion | None, str, str, float | None]:
        """One attempt within ``limit`` seconds: (the completion, "", "", None), or (None, why, kind,
        Retry-After seconds or None) when it is worth another; raises :class:`LLMError` when it is not. With
        tracing on it is a span: the model, the endpoint's host, the attempt's number, the status or the failure's
        kind, the token counts; never the messages nor the answer."""
        with span(
            f"chat {self.model}",
            client=True,
            operation="chat",
            model=self.model,
            server_address=self._host,
            attempt=number,
        ) as traced:
            try:
                resp = self._loop.run(lambda http: http.post(url, json=body), limit)
            except (TimeoutError, httpx.HTTPError) as exc:
                why, kind = _failure(url, exc)
                traced.set(error=kind)
                return None, why, kind, None
            traced.set(status_code=resp.status_code)
            try:
                data, why, retry_after = _judge(url, resp)
                if data is None:
                    traced.set(error="http_status")
                    return None, why, "http_status", retry_after
                done = _completion(data, self.base_url, number)
            except LLMError as exc:
                traced.set(error=exc.kind)
                raise
            traced.set(input_tokens=done.prompt_tokens, output_tokens=done.completion_tokens)
            return done, "", "", None


class AsyncChatClient:
    """The asyncio twin of :class:`ChatClient` for batch work (``xinyu data synth``): many calls in flight, each
    attempt bounded by ``timeout_s`` in wall-clock time and retried on timeouts, connection errors, 429 and 5xx
    with exponential backoff and jitter, up to ``max_backoff_s`` a wait, honouring ``Retry-After``."""

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
        self._timeout_s = timeout_s
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.AsyncClient(timeout=timeout_s, headers=headers, transport=transport)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def complete(self, messages: list[dict[str, str]], **params: Any) -> Completion:
        body = {"model": self.model, "messages": messages, **params}
        url = self.base_url + "/chat/completions"
        last, kind = "", "timeout"
        for attempt in range(self.max_retries + 1):
            retry_after = None
            try:
                resp = await asyncio.wait_for(self._http.post(url, json=body), self._timeout_s)
            except (TimeoutError, httpx.HTTPError) as exc:
                last, kind = _failure(url, exc)
            else:
                data, last, retry_after = _judge(url, resp)
                if data is not None:
                    return _completion(data, self.base_url, attempt + 1)
                kind = "http_status"
            if attempt < self.max_retries:
                if (
                    retry_after is None
                ):  # full jitter: many workers backing off together do not retry together
                    retry_after = random.uniform(0.5, 1.0) * self.backoff_s * 2**attempt
                await asyncio.sleep(min(retry_after, self.max_backoff_s))
        raise LLMError(f"{last} (after {self.max_retries + 1} attempts)", kind=kind)
