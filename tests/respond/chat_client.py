"""The one way the respond tests post a chat turn: ``post_chat(client, session, message, locale)`` -> the response body
(a 200 asserted)."""

from __future__ import annotations

from fastapi.testclient import TestClient


def post_chat(client: TestClient, session: str, message: str, locale: str | None = None) -> dict:
    body = {"user_id": "u1", "session_id": session, "message": message}
    if locale:
        body["locale"] = locale
    res = client.post("/v1/chat", json=body)
    assert res.status_code == 200, res.text
    return res.json()
