"""A fake OpenAI-compatible server on loopback, for xinyu's tests and for its users' tests.

It answers ``POST /v1/chat/completions`` with whatever ``responder(messages)`` returns, and can be told to fail
the next requests with a status code. Standard library only; runs in a background thread.

>>> with FakeOpenAIServer(lambda messages: "hello") as server:
...     from xinyu.llm import ChatClient
...     ChatClient(server.base_url, model="fake").chat([{"role": "user", "content": "hi"}])
'hello'
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Responder = Callable[[list[dict]], str]


class FakeOpenAIServer:
    def __init__(self, responder: Responder, host: str = "127.0.0.1", port: int = 0) -> None:
        self.responder = responder
        self.requests: list[dict] = []
        self.fail_next: list[int] = []  # status codes to answer with, in order, before answering normally
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append(body)
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    return self._send(404, {"error": {"message": f"no route {self.path}"}})
                if server.fail_next:
                    code = server.fail_next.pop(0)
                    return self._send(code, {"error": {"message": f"injected failure {code}"}})
                content = server.responder(body.get("messages", []))
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
                        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
                    },
                )

            def _send(self, code: int, payload: dict) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(code)
                self.send_header("content-type", "application/json")
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
