"""``xinyu serve --workers 2`` as a real process: one ``/metrics`` counts what both workers served, a key's rate
limit holds whichever worker answers, and the log is JSON lines with request ids and no user text."""

from __future__ import annotations

import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.serving import free_port, start_server

KEY, TOKEN = "worker-test-key", "scrape-token"


def _count(text: str, route: str, status: str) -> float:
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == "xinyu_requests_total" and s.labels == {
                "method": "GET" if route != "/v1/chat" else "POST",
                "route": route,
                "status": status,
            }:
                return s.value
    return 0.0


def _is_json(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def test_two_workers_count_and_limit_as_one_service(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "server.log"
    temp = tmp_path / "tmp"  # where the service makes its metrics folder
    temp.mkdir()
    marker = "ZQX" + uuid.uuid4().hex[:10]
    with open(log_path, "wb") as log:
        proc = start_server(
            tmp_path / "var",
            port,
            tmp_path,
            "--workers",
            "2",
            stderr=log,
            TMPDIR=str(temp),
            XINYU_API__KEYS=json.dumps([KEY]),
            XINYU_API__METRICS_TOKEN=TOKEN,
            XINYU_API__RATE_LIMIT_PER_MINUTE="5",
        )
        try:
            made = list(temp.glob("xinyu-metrics-*"))
            assert len(made) == 1, list(temp.iterdir())

            def scrape() -> str:  # a new connection each time: any worker may answer
                r = httpx.get(f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
                assert r.status_code == 200
                return r.text

            probes_before = _count(scrape(), "/healthz", "200")

            def probe(_i: int) -> int:
                return httpx.get(f"{base}/healthz", timeout=10).status_code

            def chat(i: int) -> int:
                r = httpx.post(
                    f"{base}/v1/chat",
                    json={"user_id": f"w{i}", "message": f"今天好累 {marker}"},
                    headers={"X-API-Key": KEY, "X-Request-ID": f"test-chat-{i}"},
                    timeout=30,
                )
                assert r.headers["x-request-id"] == f"test-chat-{i}"
                return r.status_code

            with ThreadPoolExecutor(8) as pool:
                probes = list(pool.map(probe, range(200)))
                chats = list(pool.map(chat, range(14)))
            assert probes == [200] * 200
            # a 5/min key: 5 through, whichever worker answers
            assert sorted(chats) == [200] * 5 + [429] * 9, chats

            def counts(text: str) -> tuple[float, float, float]:
                return (
                    _count(text, "/healthz", "200") - probes_before,
                    _count(text, "/v1/chat", "200"),
                    _count(text, "/v1/chat", "429"),
                )

            # a request is counted just after its answer is sent: wait for the last ones, then every scrape,
            # whichever worker answers it, counts all 214
            end = time.time() + 10
            while counts(text := scrape()) != (200, 5, 9) and time.time() < end:
                time.sleep(0.1)
            for _ in range(6):
                assert counts(text := scrape()) == (200, 5, 9)
            families = {f.name for f in text_string_to_metric_families(text)}
            assert {
                "xinyu_build_info",
                "xinyu_storage_up",
                "xinyu_replies",
                "xinyu_engine_fallbacks",
            } <= families
        finally:
            proc.terminate()
            proc.wait(30)
    assert not made[0].exists()  # the metrics folder went with the service
    lines = log_path.read_text(encoding="utf-8").splitlines()
    not_json = [line for line in lines if line.strip() and not _is_json(line)]
    assert not_json == []  # every line one JSON object
    records = [json.loads(line) for line in lines if line.strip()]
    served = [r for r in records if r.get("route") == "/v1/chat"]
    assert sorted(r["request_id"] for r in served) == sorted(f"test-chat-{i}" for i in range(14))
    started = {r["pid"] for r in records if r["message"] == "Application startup complete."}
    assert len(started) == 2
    assert not any(marker in line or "今天好累" in line for line in lines)
