"""kill -9 of the server during a burst of chats, then a restart: every turn that got a 200 is in the store."""

from __future__ import annotations

import os
import signal
import threading
import time

import httpx

from tests.serving import free_port, start_server


def test_every_acknowledged_turn_survives_kill_9(tmp_path):
    data_dir = tmp_path / "var"
    port = free_port()
    proc = start_server(data_dir, port, tmp_path)
    acked: list[tuple[str, str]] = []  # (session_id, turn_id) of every 200
    stop = threading.Event()

    def burst(worker: int) -> None:
        session = f"burst-{worker}"
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as c:
            i = 0
            while not stop.is_set():
                try:
                    r = c.post(
                        "/v1/chat",
                        json={
                            "user_id": f"u{worker}",
                            "session_id": session,
                            "message": f"第{i}次：工作好累，睡不着",
                        },
                    )
                except httpx.HTTPError:
                    return
                if r.status_code == 200:
                    acked.append((session, r.json()["turn_id"]))
                i += 1

    threads = [threading.Thread(target=burst, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    time.sleep(2.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stop.set()
    for t in threads:
        t.join()
    assert len(acked) >= 10, "the burst got too few replies before the kill to mean anything"

    proc = start_server(data_dir, port, tmp_path)
    try:
        stored: set[str] = set()
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as c:
            for session in {s for s, _ in acked}:
                r = c.get(f"/v1/sessions/{session}")
                assert r.status_code == 200
                stored |= {t["turn_id"] for t in r.json()["history"]}
        missing = [t for _, t in acked if t not in stored]
        assert missing == [], f"{len(missing)} of {len(acked)} acknowledged turns were lost"
    finally:
        proc.terminate()
        proc.wait(10)
