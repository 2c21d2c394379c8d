"""Does one heavy request hold up the others? ``GET /healthz`` latency while the server works on 5,000-character
messages and on chats whose LLM drips its answer a byte at a time, against ``/healthz`` on the same idle server in
the same run.

python bench/bench_health.py [--seconds 10] [--long 4] [--dripping 45]

Three servers are started in turn (``xinyu serve`` in a fresh data directory each):

- ``local``: the offline engine; ``--long`` clients keep sending 5,000-character messages (cue layer, emotion,
  risk model and the store on every one of them);
- ``lock``: the offline engine, with another process holding SQLite's write lock for 2 s out of every 3 while
  ``--long`` clients send everyday messages (each turn that cannot write in time is a 503 with a reason);
- ``llm``: the LLM engine against a loopback endpoint that sends its headers, then one byte of body every 0.2 s
  (httpx's per-read timeout never fires); ``--dripping`` chats are in flight at once, each cut off by the LLM
  deadline (``XINYU_LLM__TIMEOUT_S``, 2 s here) and answered by the local engine, and ``--long`` clients send
  5,000-character messages too.

For each, a separate process polls ``/healthz`` every 20 ms on its own keep-alive connection, first with the
server idle, then under the load, and prints p50, p99 and the worst, the loaded/idle ratio, and how many of the
loaded requests were answered. Goal: p99 under 100 ms under load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from bench_chat import _Conn, start_server  # noqa: E402 - the chat load test's client and server

LONG = (
    "最近工作压力好大，每天加班到很晚，回到家也睡不着，脑子里一直在想明天的会议和没做完的报告。"
    "I keep thinking about everything that went wrong this week and I can't switch off at night. "
)


def _long_message(rng: random.Random) -> str:
    words = list(LONG)
    rng.shuffle(words)
    return ("".join(words) * 40)[:5000]


def _poll(url: str, seconds: float, every_s: float, out: mp.Queue) -> None:
    async def run() -> None:
        host, port = url.removeprefix("http://").split(":")
        conn = _Conn(host, int(port))
        latencies, errors = [], 0
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            t0 = time.perf_counter()
            try:
                status, _ = await asyncio.wait_for(conn.request("GET", "/healthz"), 10)
            except (TimeoutError, OSError, asyncio.IncompleteReadError):
                status = 0
                conn.close()
                conn = _Conn(host, int(port))
            dt = (time.perf_counter() - t0) * 1000
            if status == 200:
                latencies.append(dt)
            else:
                errors += 1
            await asyncio.sleep(max(0.0, every_s - dt / 1000))
        conn.close()
        out.put({"latencies": latencies, "errors": errors})

    asyncio.run(run())


def _summary(res: dict) -> dict:
    lat = sorted(res["latencies"])
    n = len(lat)
    return {
        "polls": n,
        "errors": res["errors"],
        "p50_ms": round(lat[n // 2], 2) if n else None,
        "p99_ms": round(lat[min(n - 1, int(0.99 * n))], 2) if n else None,
        "max_ms": round(lat[-1], 2) if n else None,
    }


def _measure_health(url: str, seconds: float) -> dict:
    q: mp.Queue = mp.Queue()
    p = mp.Process(target=_poll, args=(url, seconds, 0.02, q))
    p.start()
    res = q.get()
    p.join()
    return _summary(res)


def _hold_lock(db: str, seconds: float) -> None:
    """Another process that keeps taking SQLite's write lock: 2 s held, 1 s free."""
    import sqlite3

    con = sqlite3.connect(db, timeout=10, isolation_level=None)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        con.execute("BEGIN IMMEDIATE")
        time.sleep(2.0)
        con.execute("ROLLBACK")
        time.sleep(1.0)
    con.close()


async def _load(url: str, seconds: float, long_clients: int, dripping: int, short: bool = False) -> dict:
    done: dict[str, int] = {}  # status code (or "error") -> requests
    end = time.perf_counter() + seconds

    async def sender(w: int, long: bool) -> None:
        rng = random.Random(w)
        async with httpx.AsyncClient(base_url=url, timeout=60) as client:
            i = 0
            while time.perf_counter() < end:
                message = _long_message(rng) if long and not short else "和男朋友分手了，每天都睡不着"
                body = {"user_id": f"load-{w}", "session_id": f"load-{w}-{i // 10}", "message": message}
                try:
                    outcome = str((await client.post("/v1/chat", json=body)).status_code)
                except httpx.HTTPError:
                    outcome = "error"
                done[outcome] = done.get(outcome, 0) + 1
                i += 1

    tasks = [sender(w, True) for w in range(long_clients)]
    tasks += [sender(1000 + w, False) for w in range(dripping)]
    await asyncio.gather(*tasks)
    return done


def _scenario(
    name: str, env_extra: dict, seconds: float, long_clients: int, dripping: int, lock: bool = False
) -> dict:
    server, url = start_server(env_extra)
    try:
        for _ in range(3):  # warm up the models
            httpx.post(url + "/v1/chat", json={"user_id": "warm", "message": LONG}, timeout=30)
        idle = _measure_health(url, seconds)
        q: mp.Queue = mp.Queue()
        loader = mp.Process(
            target=lambda: q.put(asyncio.run(_load(url, seconds + 2, long_clients, dripping, short=lock))),
            daemon=True,
        )
        loader.start()
        if lock:
            holder = mp.Process(
                target=_hold_lock, args=(env_extra["XINYU_DATA_DIR"] + "/xinyu.db", seconds + 2)
            )
            holder.start()
        time.sleep(1.0)  # let the load build up first
        loaded = _measure_health(url, seconds)
        work = q.get()
        loader.join()
        if lock:
            holder.join()
    finally:
        server.terminate()
        server.wait(10)
    return {
        "scenario": name,
        "idle": idle,
        "loaded": loaded,
        "answered": work,
        "p99_loaded_vs_idle": round(loaded["p99_ms"] / idle["p99_ms"], 2) if idle["p99_ms"] else None,
        "goal_p99_under_100ms": bool(loaded["p99_ms"] is not None and loaded["p99_ms"] < 100),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--long", type=int, default=4, help="clients sending 5,000-character messages")
    ap.add_argument("--dripping", type=int, default=45, help="chats in flight against the dripping LLM")
    args = ap.parse_args()

    from xinyu.llm.fake import FakeOpenAIServer

    reports = [_scenario("local engine, 5,000-character messages", {}, args.seconds, args.long, 0)]
    data = tempfile.mkdtemp(prefix="xinyu-bench-")
    name = "local engine, SQLite's write lock held by another process 2 s in every 3"
    reports.append(_scenario(name, {"XINYU_DATA_DIR": data}, args.seconds, args.long, 0, lock=True))
    with FakeOpenAIServer(lambda m: "我在听，你愿意多说一点吗？" * 20) as llm:
        llm.drip_body_s = 0.2
        env = {
            "XINYU_REPLY__ENGINE": "llm",
            "XINYU_LLM__BASE_URL": llm.base_url,
            "XINYU_LLM__MODEL": "dripping",
            "XINYU_LLM__TIMEOUT_S": "2",
        }
        name = "llm engine dripping a byte every 0.2 s, and 5,000-character messages"
        reports.append(_scenario(name, env, args.seconds, args.long, args.dripping))
    print(json.dumps({"cpus": os.cpu_count(), "reports": reports}, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
