"""Tracing as an operator sees it: a chat request continues the caller's trace, with a span for each step of the
turn (on the event loop, in the CPU thread and in the thread pool alike) and one for each LLM attempt; nothing
a person wrote or a reply said is in any span; the loops and probes make none. Off, or without the extra, it
costs nothing and needs no OpenTelemetry SDK."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from xinyu.config import Settings
from xinyu.llm.fake import FakeOpenAIServer
from xinyu.service.app import create_app
from xinyu.service.logs import JsonFormatter
from xinyu.service.tracing import TracingError, plan, report

LOOPBACK = ("127.0.0.1", 50000)
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER = "00f067aa0ba902b7"
TRACEPARENT = f"00-{TRACE}-{CALLER}-01"
STEPS = {"xinyu.risk", "xinyu.escalation", "xinyu.emotion", "xinyu.reply", "xinyu.moderation", "xinyu.store"}
#: words of the messages and replies below, none of which may reach a span
SECRET = "Marguerite"
REPLY = "Rosalind"


@pytest.fixture
def exporter():
    pytest.importorskip("opentelemetry.sdk")
    pytest.importorskip("opentelemetry.instrumentation.fastapi")
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    return InMemorySpanExporter()


def _serve(tmp_path: Path, exporter, **settings) -> TestClient:
    app = create_app(Settings(data_dir=tmp_path / "var", tracing=True, **settings), span_exporter=exporter)
    return TestClient(app, client=LOOPBACK)


def _chat(c: TestClient, message: str, **body) -> dict:
    r = c.post(
        "/v1/chat", json={"user_id": "u1", "message": message, **body}, headers={"traceparent": TRACEPARENT}
    )
    assert r.status_code == 200, r.text
    return r.json()


def _hex(span_id: int) -> str:
    return format(span_id, "016x")


def _by_name(spans) -> dict[str, list]:
    out: dict[str, list] = {}
    for s in spans:
        out.setdefault(s.name, []).append(s)
    return out


def _turns_under_server(spans) -> list:
    """Each turn span, checked to be a child of a server span that continues the caller's trace."""
    servers = {s.context.span_id: s for s in spans if s.kind.name == "SERVER"}
    turns = [s for s in spans if s.name == "xinyu.turn"]
    for turn in turns:
        server = servers[turn.parent.span_id]
        assert format(server.context.trace_id, "032x") == TRACE
        assert _hex(server.parent.span_id) == CALLER
    return turns


def _steps_of(spans, turn) -> set[str]:
    return {s.name for s in spans if s.parent is not None and s.parent.span_id == turn.context.span_id}


def _everything_said(spans) -> str:
    """Every name, attribute, event and status of every span, as one text to search."""
    parts = []
    for s in spans:
        parts += [s.name, json.dumps(dict(s.attributes), ensure_ascii=False, default=str)]
        parts += [json.dumps(dict(e.attributes or {}), ensure_ascii=False, default=str) for e in s.events]
        parts += [s.status.description or "", json.dumps(dict(s.resource.attributes), default=str)]
    return "\n".join(parts)


def test_a_chat_request_continues_the_callers_trace_with_a_span_for_each_step(tmp_path, exporter):
    with _serve(tmp_path, exporter) as c:
        first = _chat(c, f"{SECRET} left me today and I cried all night")
        for probe in ("/healthz", "/readyz", "/metrics"):
            c.get(probe)
        end = time.time() + 10
        while c.app.state.status.checked == 0 and time.time() < end:  # the health loop's first heartbeat
            time.sleep(0.05)
        assert c.app.state.status.checked > 0
    spans = exporter.get_finished_spans()
    (turn,) = _turns_under_server(spans)
    assert turn.attributes["xinyu.turn.id"] == first["turn_id"]
    assert turn.attributes["xinyu.session.id"] == first["session_id"]  # loopback: the id as stored is the id
    assert _steps_of(spans, turn) >= STEPS
    named = _by_name(spans)
    (emotion,) = named["xinyu.emotion"]
    assert emotion.attributes["xinyu.emotion.label"] == first["emotion"]["label"]
    (risk,) = named["xinyu.risk"]
    assert risk.attributes["xinyu.risk.level"] == first["risk"]["level"]
    (reply,) = named["xinyu.reply"]
    assert reply.attributes["xinyu.engine.name"] == first["engine"]["name"] == "local"
    # the turn's write is one span, with the SQL statements it ran under it
    (store,) = named["xinyu.store"]
    under_store = [s for s in spans if s.parent is not None and s.parent.span_id == store.context.span_id]
    assert any("INSERT INTO turns" in str(s.attributes.get("db.statement", "")) for s in under_store)
    # one trace in all: no probe was traced, and the loops beside the API (a heartbeat was written) made none
    assert {format(s.context.trace_id, "032x") for s in spans} == {TRACE}
    assert not [s for s in spans if s.kind.name == "SERVER" and "/v1/chat" not in s.name]
    assert turn.resource.attributes["service.name"] == "xinyu"


def test_a_long_message_in_the_cpu_thread_stays_in_the_request_trace(tmp_path, exporter):
    long = ("I keep thinking about how tired I am of everything at work. " * 20).strip()
    assert len(long) > 1000  # run in the one CPU thread (service.turns.INLINE_MAX_CHARS)
    with _serve(tmp_path, exporter) as c:
        _chat(c, long)
    spans = exporter.get_finished_spans()
    (turn,) = _turns_under_server(spans)
    assert _steps_of(spans, turn) >= STEPS


def test_the_llm_engine_call_is_a_client_span_per_attempt_in_the_turn(tmp_path, exporter):
    with FakeOpenAIServer(lambda messages: f"{REPLY} is here with you. What happened today?") as server:
        server.fail_next = [503]  # the first attempt fails, the second answers
        llm = {"base_url": server.base_url, "model": "fake-glm", "timeout_s": 5, "max_retries": 1}
        with _serve(tmp_path, exporter, reply={"engine": "llm"}, llm=llm) as c:
            turn_body = _chat(c, f"my sister {SECRET} stopped talking to me", locale="en-US")
    assert turn_body["engine"] == {"name": "llm", "fallback": False, "error": None}
    spans = exporter.get_finished_spans()
    (turn,) = _turns_under_server(spans)  # the thread pool: the turn still in the request's trace
    assert _steps_of(spans, turn) >= STEPS
    named = _by_name(spans)
    (reply,) = named["xinyu.reply"]
    calls = sorted(named["chat fake-glm"], key=lambda s: s.attributes["xinyu.llm.attempt"])
    assert [s.parent.span_id for s in calls] == [reply.context.span_id] * 2
    failed, answered = calls
    assert failed.kind.name == "CLIENT" and failed.status.status_code.name == "ERROR"
    assert failed.attributes["http.response.status_code"] == 503
    assert failed.attributes["error.type"] == "http_status"
    assert answered.attributes["http.response.status_code"] == 200
    assert answered.attributes["gen_ai.request.model"] == "fake-glm"
    assert answered.attributes["server.address"] == "127.0.0.1"
    assert answered.attributes["gen_ai.usage.output_tokens"] > 0
    assert "error.type" not in answered.attributes


def test_no_span_holds_what_a_person_wrote_or_what_the_reply_said(tmp_path, exporter):
    crisis = f"{SECRET}, I bought sleeping pills and I'm going to take them all tonight"
    with FakeOpenAIServer(lambda messages: f"{REPLY} hears you") as server:
        llm = {"base_url": server.base_url, "model": "m", "timeout_s": 5, "max_retries": 0}
        with _serve(tmp_path, exporter, reply={"engine": "llm"}, llm=llm) as c:
            calm = _chat(c, f"{SECRET} and I walked by the river, it was nice", locale="en-US")
            urgent = _chat(c, crisis, session_id=calm["session_id"], locale="en-US")
            refused = c.post("/v1/chat", json={"user_id": "u1", "message": f"{SECRET} " * 4000})
    assert REPLY in calm["reply"] and urgent["risk"]["level"] == "imminent" and refused.status_code == 422
    spans = exporter.get_finished_spans()
    assert {"xinyu.escalation", "chat m"} <= {s.name for s in spans}
    said = _everything_said(spans)
    for words in (SECRET, REPLY, "sleeping pills", urgent["reply"][:30]):
        assert words not in said


def test_what_an_exception_said_and_who_called_never_leave_the_process(exporter):
    """Any instrumentation may record an exception's message (which may quote the input) or a client's address:
    the processor in front of every exporter drops them and keeps the exception's type."""
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.trace import SpanKind, Status, StatusCode

    from xinyu.service.otel import Private

    provider = TracerProvider()
    provider.add_span_processor(Private(SimpleSpanProcessor(exporter)))
    tracer = provider.get_tracer("test")
    attributes = {
        "client.address": "203.0.113.7",
        "user_agent.original": "Phone/1.0",
        "http.route": "/v1/chat",
    }
    with tracer.start_as_current_span("POST /v1/chat", kind=SpanKind.SERVER, attributes=attributes) as s:
        s.record_exception(ValueError(f"cannot parse {SECRET}'s message"))
        s.set_status(Status(StatusCode.ERROR, f"ValueError: {SECRET}"))
    with tracer.start_as_current_span("SELECT", kind=SpanKind.CLIENT, attributes={"server.address": "db"}):
        pass
    server, client = exporter.get_finished_spans()
    assert SECRET not in _everything_said([server])
    assert dict(server.attributes) == {"http.route": "/v1/chat"}
    assert server.status.status_code is StatusCode.ERROR
    (event,) = server.events
    assert event.name == "exception" and dict(event.attributes) == {"exception.type": "ValueError"}
    assert dict(client.attributes) == {"server.address": "db"}  # a client span names the server it called


def test_off_there_are_no_spans(tmp_path, exporter):
    app = create_app(Settings(data_dir=tmp_path / "var"), span_exporter=exporter)
    with TestClient(app, client=LOOPBACK) as c:
        _chat(c, "hello there")
    assert app.state.tracing is None and exporter.get_finished_spans() == ()


def _without_the_sdk(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """``code`` run with OpenTelemetry's SDK, instrumentations and exporters unimportable (the API may be there:
    recent FastAPI releases depend on it themselves)."""
    prelude = textwrap.dedent(
        """
        import sys
        BLOCKED = ("opentelemetry.sdk", "opentelemetry.instrumentation", "opentelemetry.exporter")
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.startswith(BLOCKED):
                    raise ModuleNotFoundError(f"No module named {name!r}")
        sys.meta_path.insert(0, Block())
        from fastapi.testclient import TestClient
        from xinyu.config import Settings
        from xinyu.service.app import create_app
        """
    )
    env = {"PATH": "/usr/bin:/bin", "XINYU_DATA_DIR": str(tmp_path / "var"), "HOME": str(tmp_path)}
    env.update(XINYU_CONFIG=str(tmp_path / "absent.toml"), XINYU_CACHE=str(tmp_path / "cache"))
    env["PYTHONPATH"] = ":".join(sys.path)
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )


def test_off_nothing_of_the_sdk_is_imported_and_a_span_is_one_shared_no_op(tmp_path):
    out = _without_the_sdk(
        """
        from xinyu import tracing
        with TestClient(create_app(Settings()), client=("127.0.0.1", 50000)) as c:
            assert c.post("/v1/chat", json={"user_id": "u1", "message": "hi"}).status_code == 200
        loaded = [m for m in sys.modules if m.startswith(BLOCKED) or m == "xinyu.service.otel"]
        assert not loaded, loaded
        assert tracing.span("a") is tracing.span("b") and not tracing.enabled()
        print("ok")
        """,
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("ok")


def test_asked_for_without_the_extra_the_log_names_the_install_and_the_service_serves(tmp_path):
    out = _without_the_sdk(
        """
        from xinyu.service.tracing import report
        settings = Settings(tracing=True)
        with TestClient(create_app(settings), client=("127.0.0.1", 50000)) as c:
            assert c.post("/v1/chat", json={"user_id": "u1", "message": "hi"}).status_code == 200
        row = report(settings)
        assert row["on"] and not row["ready"], row
        print(row["detail"])
        """,
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert "pip install 'xinyu[otel]'" in out.stdout  # doctor's row
    assert "pip install 'xinyu[otel]'" in out.stderr and "serving untraced" in out.stderr  # the service's log


def test_where_spans_go_follows_the_opentelemetry_variables():
    default = plan({})
    assert default.exporters == ("otlp",)
    assert default.endpoint == "http://localhost:4318/v1/traces" and default.service_name == "xinyu"
    jaeger = plan({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://jaeger:4318/", "OTEL_SERVICE_NAME": "care-bot"})
    assert jaeger.endpoint == "http://jaeger:4318/v1/traces" and jaeger.service_name == "care-bot"
    exact = plan(
        {
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "https://otel.example/in",
            "OTEL_TRACES_EXPORTER": "otlp,console",
        }
    )
    assert exact.endpoint == "https://otel.example/in" and exact.exporters == ("otlp", "console")
    assert plan({"OTEL_RESOURCE_ATTRIBUTES": "team=care, service.name=companion"}).service_name == "companion"
    assert plan({"OTEL_TRACES_EXPORTER": "none"}).exporters == ()
    with pytest.raises(TracingError, match="http/protobuf"):
        plan({"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"})
    with pytest.raises(TracingError, match="zipkin"):
        plan({"OTEL_TRACES_EXPORTER": "zipkin"})


def test_the_report_says_whether_tracing_is_on_and_where_it_sends(exporter):
    off = report(Settings())
    assert off["on"] is False and off["ready"] is True and "XINYU_TRACING" in off["detail"]
    on = report(Settings(tracing=True), {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://jaeger:4318"})
    assert on == {
        "on": True,
        "ready": True,
        "endpoint": "http://jaeger:4318/v1/traces",
        "detail": "on: spans to OTLP/HTTP to http://jaeger:4318/v1/traces as service xinyu",
    }
    assert report(Settings(tracing=True), {"OTEL_SDK_DISABLED": "true"})["on"] is False
    wrong = report(Settings(tracing=True), {"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"})
    assert wrong["ready"] is False and "grpc" in wrong["detail"]


class _Lines(logging.Handler):
    """The access log's lines as the service writes them (JSON, formatted as they are logged)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(JsonFormatter())
        self.lines: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


def test_log_lines_name_the_trace_and_span_they_were_written_in(tmp_path, exporter):
    handler, access = _Lines(), logging.getLogger("xinyu.access")
    level = access.level
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        with _serve(tmp_path, exporter) as c:
            _chat(c, "hello there")
    finally:
        access.removeHandler(handler)
        access.setLevel(level)
    (line,) = [x for x in handler.lines if x.get("route") == "/v1/chat"]
    server = next(s for s in exporter.get_finished_spans() if s.kind.name == "SERVER")
    assert line["trace_id"] == TRACE and line["span_id"] == _hex(server.context.span_id)
