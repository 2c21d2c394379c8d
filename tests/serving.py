"""Run ``xinyu serve`` as a real process on a free loopback port (the durability and browser tests)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    data_dir, port: int, tmp_path, *args: str, stderr=subprocess.DEVNULL, **extra_env: str
) -> subprocess.Popen:
    """``xinyu serve`` with ``args``, once its ``/healthz`` answers; its log goes to ``stderr``."""
    env = {
        **os.environ,
        **extra_env,
        "XINYU_DATA_DIR": str(data_dir),
        "XINYU_CONFIG": str(tmp_path / "absent.toml"),
        "XINYU_PORT": str(port),
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", "from xinyu.cli.main import main; main()", "serve", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    end = time.time() + 60
    while time.time() < end:
        if proc.poll() is not None:
            pytest.fail(f"the server exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail("the server did not come up in 60 s")
