"""A fake OpenAI-compatible server on loopback, for xinyu's tests and for its users' tests.

It answers ``POST /v1/chat/completions`` with whatever ``responder(messages)`` returns, and can be told to fail
the next requests with a status code (with a ``Retry-After`` header if asked), to take ``delay_s`` over each answer,
and it counts the requests in flight at once (``max_in_flight``). Its ``usage`` counts tokens as CJK characters
plus other words. Standard library only; runs in a background thread.

>>> with FakeOpenAIServer(lambda messages: "hello") as server:
...     from xinyu.llm import ChatClient
...     ChatClient(server.base_url, model="fake").chat([{"role": "user", "content": "hi"}])
'hello'
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Responder = Callable[[list[dict]], str]
_TOKEN = re.compile(r"[\u3400-\u9fff]|[^\s\u3400-\u9fff]+")


def count_tokens(text: str) -> int:
    """The fake's token count: each CJK character, and each run of other non-space characters.

    >>> count_tokens("我好累 so tired")
    5
    """
    return len(_TOKEN.findall(text))


class FakeOpenAIServer:
    def __init__(self, responder: Responder, host: str = "127.0.0.1", port: int = 0) -> None:
        self.responder = responder
        self.requests: list[dict] = []
        self.fail_next: list[int] = []  # status codes to answer with, in order, before answering normally
        self.retry_after: float | None = None  # sent with the injected failures when set
        self.delay_s = 0.0
        self.in_flight = self.max_in_flight = 0
        self._lock = threading.Lock()
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
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def _answer(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    server.requests.append(body)
                    code = server.fail_next.pop(0) if server.fail_next else None
                if server.delay_s:
                    time.sleep(server.delay_s)
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
                self.send_response(code)
                self.send_header("content-type", "application/json")
                if retry_after is not None:
                    self.send_header("retry-after", f"{retry_after:g}")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

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
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
