"""A fake OpenAI-compatible server on loopback, for xinyu's tests and for its users' tests.

It answers ``POST /v1/chat/completions`` with whatever ``responder(messages)`` returns, and ``GET /v1/models``
with its one ``model``. It can be told to fail the next chat requests with a status code (with a ``Retry-After``
header if asked), to say nothing for ``delay_s`` before each answer, and to drip its answers a byte at a time: ``drip_headers_s`` between the bytes of the status
line and headers, ``drip_body_s`` between the bytes of the body. It counts the requests in flight (``in_flight``,
and ``max_in_flight`` at once); a request leaves the count as soon as its client hangs up, even mid-drip or
mid-delay. Its ``usage`` counts tokens as CJK characters plus other words. Standard library only; runs in a
background thread.

>>> with FakeOpenAIServer(lambda messages: "hello") as server:
...     from xinyu.llm import ChatClient
...     ChatClient(server.base_url, model="fake").chat([{"role": "user", "content": "hi"}])
'hello'
"""

from __future__ import annotations

import json
import re
import select
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Responder = Callable[[list[dict]], str]
_TOKEN = re.compile(r"[\u3400-\u9fff]|[^\s\u3400-\u9fff]+")


class _HungUp(Exception):
    """The client closed the connection before its answer was complete."""


def count_tokens(text: str) -> int:
    """The fake's token count: each CJK character, and each run of other non-space characters.

    >>> count_tokens("我好累 so tired")
    5
    """
    return len(_TOKEN.findall(text))


class FakeOpenAIServer:
    def __init__(
        self, responder: Responder, host: str = "127.0.0.1", port: int = 0, model: str = "fake"
    ) -> None:
        self.responder = responder
        self.model = model  # the one model GET /v1/models lists
        self.requests: list[dict] = []
        self.fail_next: list[int] = []  # status codes to answer with, in order, before answering normally
        self.retry_after: float | None = None  # sent with the injected failures when set
        self.delay_s = 0.0
        self.drip_headers_s = 0.0  # seconds between single bytes of the status line and headers
        self.drip_body_s = 0.0  # seconds between single bytes of the body
        self.in_flight = self.max_in_flight = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                with server._lock:
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    self._answer()
                except (_HungUp, BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # nobody is listening: end quietly
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                if self.path.rstrip("/").endswith("/models"):
                    listing = [{"id": server.model, "object": "model", "owned_by": "fake"}]
                    return self._send(200, {"object": "list", "data": listing})
                return self._send(404, {"error": {"message": f"no route {self.path}"}})

            def _answer(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    server.requests.append(body)
                    code = server.fail_next.pop(0) if server.fail_next else None
                if server.delay_s:
                    self._pause(server.delay_s)
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    return self._send(404, {"error": {"message": f"no route {self.path}"}})
                if code is not None:
                    return self._send(
                        code, {"error": {"message": f"injected failure {code}"}}, server.retry_after
                    )
                messages = body.get("messages", [])
                content = server.responder(messages)
                prompt = sum(count_tokens(str(m.get("content", ""))) for m in messages)
                completion = count_tokens(content)
                self._send(
                    200,
                    {
                        "id": f"chatcmpl-fake-{len(server.requests)}",
                        "object": "chat.completion",
                        "model": body.get("model", "fake"),
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": content},
                                "finish_reason": "stop",
                            }
                        ],
                        "usage": {
                            "prompt_tokens": prompt,
                            "completion_tokens": completion,
                            "total_tokens": prompt + completion,
                        },
                    },
                )

            def _send(self, code: int, payload: dict, retry_after: float | None = None) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                head = [f"{self.protocol_version} {code} {self.responses.get(code, ('',))[0]}"]
                head.append("content-type: application/json")
                if retry_after is not None:
                    head.append(f"retry-after: {retry_after:g}")
                head.append(f"content-length: {len(data)}")
                self.log_request(code)
                self._write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"), server.drip_headers_s)
                self._write(data, server.drip_body_s)

            def _write(self, data: bytes, gap_s: float) -> None:
                if not gap_s:
                    self.wfile.write(data)
                    return
                for i in range(len(data)):
                    if i:
                        self._pause(gap_s)
                    self.wfile.write(data[i : i + 1])

            def _pause(self, seconds: float) -> None:
                """Wait ``seconds``, raising :class:`_HungUp` as soon as the client closes its end (a silent or
                dripping answer would otherwise outlive the client by as long as it lasts) or the server stops."""
                end = time.monotonic() + seconds
                while (left := end - time.monotonic()) > 0:
                    if server._stopping.is_set():
                        raise _HungUp
                    step = min(left, 0.05)
                    if not select.select([self.connection], [], [], step)[0]:
                        continue
                    if not self.connection.recv(1, socket.MSG_PEEK):  # readable with nothing to read: closed
                        raise _HungUp
                    time.sleep(step)  # more bytes from the client; it is still there

        self._httpd = ThreadingHTTPServer((host, port), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
