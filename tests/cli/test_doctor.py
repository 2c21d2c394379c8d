"""``xinyu doctor`` tells the truth: an LLM endpoint is ready only when it answers, install hints survive Rich,
and the database row says whether it is reachable and migrated; the tracing row, whether spans go and where."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from xinyu.cli import doctor as doctor_mod
from xinyu.cli.main import app
from xinyu.config import get_settings
from xinyu.llm.fake import FakeOpenAIServer
from xinyu.memory import schema
from xinyu.memory.database import make_engine
from xinyu.service.tracing import missing

runner = CliRunner()


def doctor_json(monkeypatch, **env: str) -> dict:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    res = runner.invoke(app, ["doctor", "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_llm_is_ready_only_while_its_endpoint_answers(monkeypatch):
    server = FakeOpenAIServer(lambda messages: "hi", model="fake-glm").start()
    env = {
        "XINYU_LLM__BASE_URL": server.base_url,
        "XINYU_LLM__MODEL": "fake-glm",
        "XINYU_REPLY__ENGINE": "llm",
    }
    try:
        up = doctor_json(monkeypatch, **env)
    finally:
        server.stop()
    assert up["backends"]["llm"]["ready"] is True and up["backends"]["llm"]["reachable"] is True
    assert up["service"]["reply_engine"]["ready"] is True
    assert server.requests == []  # a model list was asked for, never a (billed) completion
    down = doctor_json(monkeypatch, **env)  # the same URL, nothing listening now
    assert down["backends"]["llm"]["ready"] is False and down["backends"]["llm"]["reachable"] is False
    assert "cannot reach" in down["backends"]["llm"]["detail"]
    assert down["service"]["reply_engine"]["ready"] is False


def test_a_refused_key_is_reachable_but_not_ready(monkeypatch):
    import httpx

    from xinyu.llm import probe as probe_mod

    monkeypatch.setattr(probe_mod.httpx, "get", lambda url, **kw: httpx.Response(401, request=None))
    answer = probe_mod.probe("http://llm.example/v1", "bad-key")
    assert answer.reachable and not answer.ready and "refused the key" in answer.detail


def test_install_hints_are_printed_as_typed(monkeypatch):
    real = doctor_mod._version
    monkeypatch.setattr(doctor_mod, "_version", lambda d: None if d == "scikit-learn" else real(d))
    monkeypatch.setenv("COLUMNS", "200")
    res = runner.invoke(app, ["doctor", "--no-probe"])
    assert res.exit_code == 0, res.output
    assert "pip install 'xinyu[train]'" in res.output


def test_a_detail_with_brackets_is_printed_as_it_is(monkeypatch):
    """A path or an error text with [brackets] is data, not Rich markup."""
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("XINYU_SAFETY__RISK_MODEL", "/nowhere/[red]risk[/red]")
    get_settings.cache_clear()
    res = runner.invoke(app, ["doctor", "--no-probe"])
    assert res.exit_code == 0, res.output
    assert "/nowhere/[red]risk[/red]" in res.output


def test_database_row_says_reachable_and_migrated(monkeypatch, tmp_path):
    fresh = doctor_json(monkeypatch)
    assert fresh["service"]["database"] == {
        "ready": True,
        "detail": f"sqlite:///{tmp_path / 'var' / 'xinyu.db'}: created on the service's first start",
        "migrated": False,
    }
    engine = make_engine(tmp_path / "var" / "xinyu.db")
    try:
        schema.upgrade(engine, "0001")
        behind = doctor_json(monkeypatch)["service"]["database"]
        assert (
            behind["ready"] is True and behind["migrated"] is False and "xinyu db upgrade" in behind["detail"]
        )
        schema.upgrade(engine)
    finally:
        engine.dispose()
    assert doctor_json(monkeypatch)["service"]["database"]["migrated"] is True


def test_an_unreachable_database_is_not_ready_and_its_password_is_hidden(monkeypatch):
    url = "postgresql://nobody:secret@127.0.0.1:1/none"
    row = doctor_json(monkeypatch, XINYU_STORAGE__URL=url)["service"]["database"]
    assert row["ready"] is False and row["migrated"] is False
    assert "secret" not in row["detail"] and "OperationalError" in row["detail"]


def test_risk_model_and_transformer_rows(monkeypatch, tmp_path):
    info = doctor_json(monkeypatch, XINYU_SAFETY__RISK_MODEL="off")
    assert info["service"]["risk_model"]["ready"] is True and "off" in info["service"]["risk_model"]["detail"]
    info = doctor_json(
        monkeypatch,
        XINYU_SAFETY__RISK_MODEL=str(tmp_path),
        XINYU_EMOTION_TRANSFORMER_MODEL=str(tmp_path),
    )
    assert info["service"]["risk_model"]["ready"] is False
    assert info["backends"]["transformer"]["ready"] is False
    assert "xinyu train emotion" in info["backends"]["transformer"]["detail"]


def test_tracing_row_says_whether_it_is_on_and_where_spans_go(monkeypatch):
    off = doctor_json(monkeypatch)["service"]["tracing"]
    assert off["on"] is False and off["ready"] is True
    on = doctor_json(
        monkeypatch, XINYU_TRACING="1", OTEL_EXPORTER_OTLP_ENDPOINT="http://jaeger.internal:4318"
    )["service"]["tracing"]
    assert on["on"] is True and on["endpoint"] == "http://jaeger.internal:4318/v1/traces"
    assert on["ready"] is not bool(missing())  # ready where the otel extra is installed
    monkeypatch.setenv("COLUMNS", "200")
    res = runner.invoke(app, ["doctor", "--no-probe"])
    assert "tracing" in res.output and "http://jaeger.internal:4318/v1/traces" in res.output
