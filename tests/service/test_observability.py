"""What an operator watches, in one process: the metrics a scrape shows from the start, the request ids and the
JSON log lines (which never hold what a person wrote), and the rate limits the workers of one host share."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from xinyu import __version__
from xinyu.cli.main import metrics_dir
from xinyu.config import Settings
from xinyu.respond.engines import Reply
from xinyu.service.app import create_app
from xinyu.service.logs import JsonFormatter, TextFormatter, log_context
from xinyu.service.security import RateLimiter, SharedRateLimiter

LOOPBACK = ("127.0.0.1", 50000)
CRISIS = "我已经把安眠药攒够了，今晚就吃下去"


def _client(tmp_path: Path, **settings) -> TestClient:
    return TestClient(create_app(Settings(data_dir=tmp_path / "var", **settings)), client=LOOPBACK)


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    """Every sample of a scrape by (name, labels), parsed as Prometheus parses it (a malformed one raises)."""
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


class Lines(logging.Handler):
    """The JSON lines the service would write, kept in a list (every level, from every logger)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def parsed(self) -> list[dict]:
        return [json.loads(line) for line in self.lines]


@pytest.fixture
def lines():
    handler, root = Lines(), logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


# -- metrics -------------------------------------------------------------------------------------------------
def test_a_fresh_scrape_has_every_label_at_zero_the_process_and_the_build(tmp_path):
    with _client(tmp_path) as c:
        samples = _samples(c.get("/metrics").text)
    for category in ("method", "encouragement", "medical", "pii"):
        assert samples[("xinyu_replies_blocked_total", (("category", category),))] == 0
    for level in ("none", "low", "moderate", "high", "imminent"):
        assert samples[("xinyu_risk_levels_total", (("level", level),))] == 0
        assert samples[("xinyu_escalations_total", (("level", level),))] == 0
    assert samples[("xinyu_engine_fallbacks_total", (("engine", "local"), ("reason", "engine_error")))] == 0
    assert samples[("xinyu_replies_total", (("engine", "local"),))] == 0
    assert samples[("process_cpu_seconds_total", ())] > 0
    builds = [dict(labels) for (name, labels) in samples if name == "xinyu_build_info"]
    assert len(builds) == 1
    build = builds[0]
    # the default backend: English by the encoder (the linear model where its graph is not built), Chinese linear
    assert "linear" in build.pop("emotion_model")
    assert build == {
        "version": __version__,
        "emotion_backend": "encoder",
        "risk_model": "shipped",
        "engine": "local",
        "database": "sqlite",
    }


def test_an_open_crisis_shows_in_the_queue_gauges_until_it_is_resolved(tmp_path):
    with _client(tmp_path) as c:
        turn = c.post("/v1/chat", json={"user_id": "q1", "message": CRISIS, "locale": "zh-CN"}).json()
        level, esc = turn["risk"]["level"], turn["risk"]["escalation"]["id"]
        assert esc and level in {"high", "imminent"}

        def queue() -> tuple[float, float]:
            s = _samples(c.get("/metrics").text)
            labels = (("level", level),)
            return (
                s.get(("xinyu_escalation_queue_open", labels), -1),
                s.get(("xinyu_escalation_queue_oldest_seconds", labels), -1),
            )

        end = time.time() + 10
        while queue()[0] != 1 and time.time() < end:  # the health loop reads the queue every 2 s
            time.sleep(0.2)
        time.sleep(0.1)
        size, oldest = queue()
        assert size == 1 and oldest > 0
        assert c.post(f"/v1/admin/escalations/{esc}/resolve", json={}).status_code == 200
        end = time.time() + 10
        while queue()[0] != 0 and time.time() < end:
            time.sleep(0.2)
        assert queue() == (0, 0)
        samples = _samples(c.get("/metrics").text)
    assert samples[("xinyu_escalations_total", (("level", level),))] == 1
    assert samples[("xinyu_storage_up", ())] == 1


def test_a_reply_that_breaks_a_rule_counts_against_the_engine_that_wrote_it(tmp_path):
    class Careless:
        name = "careless"

        def reply(self, ctx):
            return Reply("每天吃两片安眠药就好了。", "careless")

    with _client(tmp_path) as c:
        c.app.state.services.chat.engine = Careless()
        turn = c.post("/v1/chat", json={"user_id": "g1", "message": "最近总是睡不着"}).json()
        samples = _samples(c.get("/metrics").text)
    assert turn["engine"] == {"name": "local", "fallback": True, "error": "guard:dose"}
    assert samples[("xinyu_engine_fallbacks_total", (("engine", "careless"), ("reason", "guard:dose")))] == 1
    assert samples[("xinyu_replies_total", (("engine", "local"),))] == 1
    # the engine answered (its reply was then replaced): a call that succeeded, timed
    assert samples[("xinyu_engine_call_seconds_count", (("engine", "careless"), ("outcome", "ok")))] == 1


def test_the_metrics_folder_of_several_workers(tmp_path, monkeypatch):
    given = tmp_path / "prom"
    given.mkdir()
    (given / "counter_1234.db").write_bytes(b"an earlier run's")
    (given / "notes.txt").write_text("not ours")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(given))
    with metrics_dir():
        assert sorted(p.name for p in given.iterdir()) == ["notes.txt"]
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    with metrics_dir():
        made = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
        assert made.is_dir() and not any(made.iterdir())
    assert "PROMETHEUS_MULTIPROC_DIR" not in os.environ and not made.exists()


# -- logs ----------------------------------------------------------------------------------------------------
def test_a_request_id_is_echoed_and_in_the_access_line(tmp_path, lines):
    with _client(tmp_path) as c:
        sent = c.post(
            "/v1/chat",
            json={"user_id": "r1", "message": "今天有点累"},
            headers={"X-Request-ID": "trace-42.a"},
        )
        made = c.get("/v1/sessions/none", headers={"X-Request-ID": "no spaces <or> markup"})
        unasked = c.get("/healthz")
    assert sent.headers["x-request-id"] == "trace-42.a"
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])
    assert re.fullmatch(r"[0-9a-f]{32}", unasked.headers["x-request-id"])
    access = [r for r in lines.parsed() if r["logger"] == "xinyu.access"]
    chat_line = next(r for r in access if r.get("request_id") == "trace-42.a")
    assert (chat_line["method"], chat_line["route"], chat_line["status"]) == ("POST", "/v1/chat", 200)
    assert chat_line["level"] == "info" and chat_line["duration_ms"] > 0
    lost = next(r for r in access if r.get("request_id") == made.headers["x-request-id"])
    assert lost["route"] == "/v1/sessions/{session_id}" and lost["status"] == 404  # the template, not the id
    probe = next(r for r in access if r.get("request_id") == unasked.headers["x-request-id"])
    assert probe["level"] == "debug"


def test_a_turn_in_the_cpu_thread_logs_under_the_request_id(tmp_path, lines):
    """A message over 1,000 characters runs in the CPU thread; what the turn logs there names the request."""

    class Unsafe:
        name = "unsafe"
        fast = True  # writes at once, like the local engine: the turn is CPU work

        def reply(self, ctx):
            return Reply("你就是抑郁症，吃舍曲林就好了", "unsafe")

    with _client(tmp_path) as c:
        c.app.state.services.chat.engine = Unsafe()
        assert c.app.state.services.chat.cpu_bound
        sent = c.post(
            "/v1/chat",
            json={"user_id": "r2", "message": "最近工作压力很大，每天都睡不好。" * 80},
            headers={"X-Request-ID": "long-turn-7"},
        )
    assert sent.status_code == 200 and sent.json()["moderation"]["allowed"] is False
    warned = next(r for r in lines.parsed() if "blocked by moderation" in r["message"])
    assert warned["request_id"] == "long-turn-7" and warned["turn_id"] == sent.json()["turn_id"]


def test_what_a_person_wrote_never_reaches_the_log(tmp_path, lines):
    """A turn that logs a lot: an engine that raises (quoting the message), a reply blocked by moderation, a
    crisis with an alert to a webhook that is down, a body refused as JSON."""
    marker = "ZQX" + uuid.uuid4().hex[:10]

    class Quoting:
        name = "quoting"

        def reply(self, ctx):
            raise RuntimeError(f"could not answer {ctx.message!r}")

    class Unsafe:
        name = "unsafe"

        def reply(self, ctx):
            return Reply(f"你就是抑郁症，吃舍曲林就好了 {marker}", "unsafe")

    with _client(tmp_path, safety={"webhook_url": "http://127.0.0.1:9/hook"}) as c:
        c.app.state.services.chat.engine = Quoting()
        quoted = c.post("/v1/chat", json={"user_id": "p1", "message": f"今天好累 {marker}"}).json()
        c.app.state.services.chat.engine = Unsafe()
        blocked = c.post("/v1/chat", json={"user_id": "p1", "message": f"还是好累 {marker}"}).json()
        c.post("/v1/chat", json={"user_id": "p2", "message": f"{CRISIS} {marker}"})
        c.post("/v1/chat", content=f'{{"user_id": "p3", "message": "{marker}", 1e999}}'.encode())
        time.sleep(1.5)  # the alert loop tries the webhook
    records = lines.parsed()
    assert records and not any(marker in line for line in lines.lines)
    assert not any("今天好累" in line or "安眠药" in line for line in lines.lines)
    raised = next(r for r in records if "raised" in r["message"])
    assert raised["session_id"] == quoted["session_id"] and raised["turn_id"] == quoted["turn_id"]
    warned = next(r for r in records if "blocked by moderation" in r["message"])
    assert warned["level"] == "warning"
    assert warned["session_id"] == blocked["session_id"] and warned["turn_id"] == blocked["turn_id"]


def test_an_exception_is_logged_by_its_type_and_stack_never_its_message():
    log = logging.getLogger("xinyu.test")
    try:
        raise ValueError("the person wrote: I am so tired")
    except ValueError:
        record = log.makeRecord(log.name, logging.ERROR, __file__, 1, "turn failed", (), sys.exc_info())
    with log_context(session_id="s-1", turn_id="t-1"):
        out = json.loads(JsonFormatter().format(record))
        text = TextFormatter().format(record)
    assert out["error"]["type"] == "ValueError" and out["error"]["stack"]
    assert (out["session_id"], out["turn_id"], out["message"]) == ("s-1", "t-1", "turn failed")
    assert "so tired" not in json.dumps(out) and "so tired" not in text
    assert "session_id=s-1 turn_id=t-1 error=ValueError" in text


# -- rate limits shared by workers ---------------------------------------------------------------------------
def test_two_limiters_on_one_file_share_one_budget(tmp_path):
    path = tmp_path / "limits.sqlite"
    a, b = SharedRateLimiter(5, path, "requests"), SharedRateLimiter(5, path, "requests")
    allowed = [limiter.take("key:k") == 0 for limiter in (a, b) * 7]
    assert allowed.count(True) == 5 and allowed[:5] == [True] * 5
    assert a.take("key:other") == 0  # each key its own bucket
    assert SharedRateLimiter(5, path, "failures").take("key:k") == 0  # each scope its own
    # two limiters that each count alone let twice as many through: what the shared file prevents
    alone = [limiter.take("key:k") == 0 for limiter in (RateLimiter(5), RateLimiter(5)) * 7]
    assert alone.count(True) == 10


def test_a_shared_bucket_refills_at_its_rate(tmp_path):
    limiter = SharedRateLimiter(6, tmp_path / "limits.sqlite", "requests")  # one token every 10 s
    now = 1_000_000.0
    assert [limiter._take_shared("k", now) for _ in range(6)] == [0.0] * 6
    assert limiter._take_shared("k", now) == pytest.approx(10.0)
    assert limiter._take_shared("k", now + 9.0) == pytest.approx(1.0)
    assert limiter._take_shared("k", now + 10.5) == 0.0
    assert limiter._take_shared("k", now + 10.6) > 0


def test_a_shared_file_that_fails_falls_back_to_counting_in_memory(tmp_path, caplog):
    blocked = tmp_path / "a-folder"
    blocked.mkdir()  # sqlite cannot open a folder as its file
    limiter = SharedRateLimiter(3, blocked, "requests")
    with caplog.at_level(logging.WARNING, logger="xinyu.service.security"):
        allowed = [limiter.take("key:k") == 0 for _ in range(5)]
    assert allowed == [True, True, True, False, False]
    assert "counting in this process" in caplog.text
