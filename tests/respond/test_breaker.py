"""The llm engine's circuit breaker: a dead endpoint is skipped after a few failures (the local engine answers
at once), tried again after the cool-down, and used again once it answers. The clock is the test's own."""

from __future__ import annotations

import socket

import pytest

from tests.respond.test_engines import _ctx
from xinyu.config import Settings
from xinyu.llm.breaker import CircuitBreaker
from xinyu.llm.client import ChatClient
from xinyu.llm.fake import FakeOpenAIServer
from xinyu.respond.engines import Fallback, LLMEngine, LocalEngine, PhraseBank, create_engine


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Counting:
    """A client that counts the calls that reach it."""

    def __init__(self, client: ChatClient) -> None:
        self.client, self.calls = client, 0

    def chat(self, messages, **kw):
        self.calls += 1
        return self.client.chat(messages, **kw)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def local():
    return LocalEngine(PhraseBank())


def engine_at(port: int, clock: Clock, failures: int = 2) -> tuple[LLMEngine, Counting]:
    client = ChatClient(f"http://127.0.0.1:{port}/v1", "fake", timeout_s=2, max_retries=0)
    counting = Counting(client)
    breaker = CircuitBreaker(failures, cooldown_s=30, name="test llm", clock=clock)
    return LLMEngine(counting, timeout_s=2, breaker=breaker), counting


def test_a_dead_endpoint_is_skipped_once_the_circuit_opens(local):
    clock = Clock()
    engine, client = engine_at(free_port(), clock)  # nothing listens there
    codes = [Fallback(engine, local).reply(_ctx()).error for _ in range(5)]
    assert codes == ["unreachable", "unreachable", "circuit_open", "circuit_open", "circuit_open"]
    assert client.calls == 2  # the three turns after the circuit opened never called the endpoint
    assert engine.breaker.state == "open"
    clock.now += 29
    assert engine.reply(_ctx()).error == "circuit_open" and client.calls == 2
    clock.now += 1  # the cool-down is over: one probe goes out, fails, and the circuit opens again
    assert engine.reply(_ctx()).error == "unreachable" and client.calls == 3
    assert engine.breaker.state == "open"
    assert engine.reply(_ctx()).error == "circuit_open" and client.calls == 3
    engine.client.client.close()


def test_an_endpoint_that_comes_back_is_used_again_after_the_cool_down(local):
    clock = Clock()
    port = free_port()
    engine, client = engine_at(port, clock)
    for _ in range(3):
        Fallback(engine, local).reply(_ctx())
    assert engine.breaker.state == "open" and client.calls == 2
    with FakeOpenAIServer(lambda messages: "我在，慢慢说。", port=port) as server:
        assert engine.reply(_ctx()).error == "circuit_open" and server.requests == []  # still cooling down
        clock.now += 30
        probe = Fallback(engine, local).reply(_ctx())
        assert (probe.text, probe.engine, probe.fallback) == ("我在，慢慢说。", "llm", False)
        assert engine.breaker.state == "closed" and len(server.requests) == 1
        assert engine.reply(_ctx()).text == "我在，慢慢说。" and len(server.requests) == 2
    engine.client.client.close()


def test_while_the_probe_is_out_other_turns_do_not_call(local):
    clock = Clock()
    breaker = CircuitBreaker(1, cooldown_s=5, clock=clock)
    breaker.failed()
    clock.now += 5
    assert breaker.allow() and breaker.state == "half_open"
    assert not breaker.allow()  # a second turn while the probe is in flight
    breaker.failed()
    assert breaker.state == "open" and not breaker.allow()


def test_successes_reset_the_count_and_zero_turns_it_off():
    breaker = CircuitBreaker(3, cooldown_s=5, clock=Clock())
    for _ in range(2):
        breaker.failed()
    breaker.succeeded()
    breaker.failed()
    breaker.failed()
    assert breaker.state == "closed" and breaker.allow()
    off = CircuitBreaker(0, clock=Clock())
    for _ in range(10):
        off.failed()
    assert off.allow() and off.state == "closed"


def test_the_llm_engine_takes_its_breaker_from_the_settings(local):
    settings = Settings(llm={"base_url": "http://127.0.0.1:9/v1", "model": "m", "breaker_failures": 5})
    engine = create_engine("llm", settings, local)
    try:
        assert engine.breaker.threshold == 5 and engine.breaker.cooldown_s == 30.0
    finally:
        engine.close()


def test_the_chat_service_skips_a_dead_endpoint_and_says_so(tmp_path):
    from fastapi.testclient import TestClient

    from xinyu.service.app import create_app

    settings = Settings(
        data_dir=tmp_path,
        reply={"engine": "llm"},
        llm={"base_url": f"http://127.0.0.1:{free_port()}/v1", "model": "m", "breaker_failures": 1},
    )
    with TestClient(create_app(settings), client=("127.0.0.1", 5000)) as c:
        first = c.post("/v1/chat", json={"user_id": "u", "message": "今天好累"}).json()
        assert first["engine"] == {"name": "local", "fallback": True, "error": "unreachable"}
        later = c.post(
            "/v1/chat", json={"user_id": "u", "message": "睡不着", "session_id": first["session_id"]}
        )
        assert later.json()["engine"]["error"] == "circuit_open" and later.json()["reply"]
        assert c.get("/healthz").json()["reply_circuit"] == {"state": "open", "failures_in_a_row": 1}
