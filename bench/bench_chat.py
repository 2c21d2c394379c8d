"""Load test of ``POST /v1/chat`` (local engine, SQLite) on loopback, against ``GET /healthz`` on the same server
in the same run (the framework's floor: what one request costs with no work in it).

python bench/bench_chat.py [--seconds 15] [--concurrency 16] [--workers 1]

It starts ``xinyu serve`` in a fresh data directory, drives it from a separate process with asyncio keep-alive
connections (a minimal HTTP/1.1 client, so that the load generator takes as little of the shared cores as it can), and prints requests/s, p50, p99 for both and the ratio. The load generator shares the
machine's cores with the server, so the figures are a floor for what the server does alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import random
import socket
import subprocess
import sys
import tempfile
import time

import httpx

MESSAGES = [
    "最近老是失眠，工作压力好大",
    "和男朋友吵架了，好难过",
    "今天考试考砸了，不知道怎么跟爸妈说",
    "终于放假了，好开心",
    "一个人在外地，有点孤单",
    "I can't sleep and my boss keeps yelling at me",
    "I feel so lonely these days",
    "my exam went really well today!",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Conn:
    """A minimal HTTP/1.1 keep-alive client on a raw asyncio stream: the load generator shares the cores with
    the server, so it must cost as little as possible (httpx costs about as much per request as the server's
    framework does)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + (body or b""))
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = 0
        for line in lines[1:]:
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _drive(url: str, method: str, seconds: float, concurrency: int, out: mp.Queue) -> None:
    host, port = url.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors = 0
    end = time.perf_counter() + seconds

    async def worker(w: int) -> None:
        nonlocal errors
        conn = _Conn(host, int(port))
        i = 0
        rng = random.Random(w)
        try:
            while time.perf_counter() < end:
                t0 = time.perf_counter()
                if method == "chat":
                    body = {
                        "user_id": f"bench-{w}",
                        "session_id": f"bench-{w}-{i // 20}",
                        "message": rng.choice(MESSAGES),
                    }
                    status, _ = await conn.request("POST", "/v1/chat", json.dumps(body).encode())
                else:
                    status, _ = await conn.request("GET", "/healthz")
                if status == 200:
                    latencies.append((time.perf_counter() - t0) * 1000)
                else:
                    errors += 1
                i += 1
        finally:
            conn.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker(w) for w in range(concurrency)))
    elapsed = time.perf_counter() - start
    out.put({"latencies": latencies, "errors": errors, "elapsed": elapsed})


def _run(url: str, method: str, seconds: float, concurrency: int) -> dict:
    q: mp.Queue = mp.Queue()
    p = mp.Process(target=lambda: asyncio.run(_drive(url, method, seconds, concurrency, q)))
    p.start()
    res = q.get()
    p.join()
    lat = sorted(res["latencies"])
    n = len(lat)
    return {
        "requests": n,
        "errors": res["errors"],
        "rps": round(n / res["elapsed"], 1),
        "p50_ms": round(lat[n // 2], 2) if n else None,
        "p99_ms": round(lat[min(n - 1, int(0.99 * n))], 2) if n else None,
    }


def start_server(env_extra: dict[str, str], args: list[str] | None = None) -> tuple[subprocess.Popen, str]:
    """``xinyu serve`` in a fresh data directory on a free port, with no rate limit; (process, URL) once up."""
    port = _free_port()
    data = tempfile.mkdtemp(prefix="xinyu-bench-")
    env = {
        **os.environ,
        "XINYU_DATA_DIR": data,
        "XINYU_PORT": str(port),
        "XINYU_CONFIG": os.path.join(data, "none"),
        "XINYU_API__RATE_LIMIT_PER_MINUTE": "100000000",
        **env_extra,
    }
    cmd = [sys.executable, "-c", "from xinyu.cli.main import main; main()", "serve", *(args or [])]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    return server, url


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--workers", type=int, default=1, help="server worker processes")
    args = ap.parse_args()

    server, url = start_server({}, ["--workers", str(args.workers)])
    try:
        # warm up every worker's models
        for m in MESSAGES * 4:
            httpx.post(url + "/v1/chat", json={"user_id": "warm", "message": m}, timeout=30)
        base = _run(url, "healthz", args.seconds, args.concurrency)
        chat = _run(url, "chat", args.seconds, args.concurrency)
    finally:
        server.terminate()
        server.wait(10)
    report = {
        "cpus": os.cpu_count(),
        "concurrency": args.concurrency,
        "workers": args.workers,
        "healthz": base,
        "chat": chat,
        "chat_vs_healthz_rps": round(chat["rps"] / base["rps"], 3) if base["rps"] else None,
    }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
