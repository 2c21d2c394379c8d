"""Load test of ``POST /v1/chat`` (local engine, SQLite) on loopback, against ``GET /healthz`` on the same server
in the same run (the framework's floor: what one request costs with no work in it).

python bench/bench_chat.py [--seconds 15] [--concurrency 16] [--workers 1] [--against DIR [--rounds 3]]

It starts ``xinyu serve`` in a fresh data directory, drives it from a separate process with asyncio keep-alive
connections (a minimal HTTP/1.1 client, so that the load generator takes as little of the shared cores as it
can), and prints requests/s, p50, p99 for both and the ratio. The load generator shares the machine's cores with
the server, so the figures are a floor for what the server does alone. Where ``/proc`` is there (Linux), it also
prints the server's CPU time per request (user + system, its worker processes included): on a machine shared
with other work, requests/s and latency move with the neighbours' load, the CPU a request costs much less.

``--against DIR`` compares with other code (the ``src`` folder under DIR, e.g. ``git worktree add DIR HEAD~1``):
``--rounds`` rounds, each running this code's server and the other's one after the other (the order alternating
from round to round), and the medians of each.
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


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process ``pid`` and its descendants so far (from ``/proc``); None where there
    is no ``/proc``."""
    stats: dict[int, tuple[int, float]] = {}  # pid -> (parent, cpu seconds)
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    try:
        entries = os.listdir("/proc")
    except OSError:
        return None
    for name in entries:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        stats[int(name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    if pid not in stats:
        return None
    family, total, grew = {pid}, 0.0, True
    while grew:
        grew = False
        for child, (parent, _) in stats.items():
            if parent in family and child not in family:
                family.add(child)
                grew = True
    for member in family:
        total += stats[member][1]
    return total


def _run(url: str, method: str, seconds: float, concurrency: int, pid: int | None = None) -> dict:
    q: mp.Queue = mp.Queue()
    p = mp.Process(target=lambda: asyncio.run(_drive(url, method, seconds, concurrency, q)))
    cpu_before = cpu_seconds(pid) if pid else None
    p.start()
    res = q.get()
    cpu_after = cpu_seconds(pid) if pid else None
    p.join()
    lat = sorted(res["latencies"])
    n = len(lat)
    out = {
        "requests": n,
        "errors": res["errors"],
        "rps": round(n / res["elapsed"], 1),
        "p50_ms": round(lat[n // 2], 2) if n else None,
        "p99_ms": round(lat[min(n - 1, int(0.99 * n))], 2) if n else None,
    }
    if cpu_before is not None and cpu_after is not None and n:
        out["server_cpu_ms_per_request"] = round((cpu_after - cpu_before) * 1000 / (n + res["errors"]), 3)
    return out


def start_server(
    env_extra: dict[str, str], args: list[str] | None = None, src: str | None = None
) -> tuple[subprocess.Popen, str]:
    """``xinyu serve`` in a fresh data directory on a free port, with no rate limit; (process, URL) once up.
    ``src``: the source folder to import xinyu from (default: whichever this interpreter finds)."""
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
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [os.environ.get("PYTHONPATH")])])
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


def measure(args: argparse.Namespace, src: str | None = None) -> dict:
    """One server (this code, or the code under ``src``): ``/healthz``, then ``/v1/chat``."""
    server, url = start_server({}, ["--workers", str(args.workers)], src)
    try:
        # warm up every worker's models
        for m in MESSAGES * 4:
            httpx.post(url + "/v1/chat", json={"user_id": "warm", "message": m}, timeout=30)
        base = _run(url, "healthz", args.seconds, args.concurrency, server.pid)
        chat = _run(url, "chat", args.seconds, args.concurrency, server.pid)
    finally:
        server.terminate()
        server.wait(10)
    return {
        "healthz": base,
        "chat": chat,
        "chat_vs_healthz_rps": round(chat["rps"] / base["rps"], 3) if base["rps"] else None,
    }


def _median(runs: list[dict], endpoint: str, key: str) -> float | None:
    values = sorted(r[endpoint][key] for r in runs if r[endpoint].get(key) is not None)
    if not values:
        return None
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else round((values[mid - 1] + values[mid]) / 2, 3)


def summary(runs: list[dict]) -> dict:
    """The median of each figure over the runs of one code."""
    keys = ("rps", "p50_ms", "p99_ms", "server_cpu_ms_per_request")
    return {e: {k: _median(runs, e, k) for k in keys} for e in ("healthz", "chat")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--workers", type=int, default=1, help="server worker processes")
    ap.add_argument("--against", help="a folder with other code (its src/) to run alternately with this one")
    ap.add_argument("--rounds", type=int, default=None, help="rounds with --against (default 3), else runs")
    args = ap.parse_args()
    head = {"cpus": os.cpu_count(), "concurrency": args.concurrency, "workers": args.workers}
    if not args.against:
        runs = [measure(args) for _ in range(args.rounds or 1)]
        out = {**head, **runs[0]} if len(runs) == 1 else {**head, "runs": runs, "median": summary(runs)}
        print(json.dumps(out, indent=1))
        return
    other = os.path.join(os.path.abspath(args.against), "src")
    if not os.path.isdir(os.path.join(other, "xinyu")):
        ap.error(f"no xinyu package under {other}")
    this = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
    runs: dict[str, list[dict]] = {"this": [], "other": []}
    for k in range(args.rounds or 3):
        order = [("this", this), ("other", other)]
        for name, src in order if k % 2 == 0 else order[::-1]:
            runs[name].append(measure(args, src))
            print(f"round {k + 1} {name}: {json.dumps(runs[name][-1]['chat'])}", file=sys.stderr)
    out = {
        **head,
        "this": {"src": this, "runs": runs["this"], "median": summary(runs["this"])},
        "other": {"src": other, "runs": runs["other"], "median": summary(runs["other"])},
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
