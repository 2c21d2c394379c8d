"""Reply engines (``xinyu.respond.engines``): the registry, the one fallback rule, the llm engine's failures, and
the chat service with an engine of one's own."""

from __future__ import annotations

import pytest

from tests.respond.test_chat import _client, chat
from xinyu.config import Settings
from xinyu.llm.client import LLMError
from xinyu.respond.context import build_context, words_to_reflect
from xinyu.respond.engines import (
    Fallback,
    LLMEngine,
    LocalEngine,
    PhraseBank,
    Reply,
    ReplyContext,
    ReplyEngine,
    build_engine,
    create_engine,
    registry,
)
from xinyu.respond.strategy import Strategy


@pytest.fixture(scope="module")
def local():
    return LocalEngine(PhraseBank())


@pytest.fixture
def engines(monkeypatch):
    """The registry, restored after the test."""
    monkeypatch.setattr(registry, "_FACTORIES", dict(registry._FACTORIES))
    return registry


def _ctx(message="我好难过", emotion="sadness", strategy="reflection") -> ReplyContext:
    return ReplyContext(message, "zh", emotion, 0.8, ["难过"], Strategy(strategy, "test"), seed="s")


class Echo(ReplyEngine):
    """An engine of one's own: the protocol's two required members, the rest inherited."""

    name = "echo"

    def reply(self, ctx: ReplyContext) -> Reply:
        return Reply(f"你说：{ctx.message}", self.name)


class Down(ReplyEngine):
    name = "down"

    def reply(self, ctx: ReplyContext) -> Reply:
        raise RuntimeError("engine bug")


class Broken:
    """The local engine failing too (a phrase bank that cannot be read)."""

    name = "local"

    def reply(self, ctx):
        raise OSError("phrase bank unreadable")


def test_engines_by_name_and_the_fallback_each_gets(local, engines):
    settings = Settings()
    assert create_engine("local", settings, local) is local
    assert build_engine(settings, local) is local  # the local engine needs no fallback
    configured = build_engine(
        settings.model_copy(update={"reply": settings.reply.model_copy(update={"engine": "llm"})}), local
    )
    assert isinstance(configured, Fallback) and isinstance(configured.engine, LLMEngine)
    assert configured.name == "llm" and configured.reads_memory and not configured.fast
    with pytest.raises(ValueError, match="unknown reply engine 'echo'"):
        create_engine("echo", settings, local)
    engines.register_engine("echo", lambda settings, local: Echo())
    echo = create_engine("echo", settings, local)
    assert echo.reply(_ctx()).text == "你说：我好难过"
    assert [r.text for r in echo.reply_batch([_ctx("a"), _ctx("b")])] == ["你说：a", "你说：b"]
    assert echo.reference_nll([(_ctx(), None, "ref")]) == (0.0, 0)  # no perplexity from it
    assert not echo.fast and not echo.reads_memory


def test_the_one_fallback_rule(local, caplog):
    ctx = _ctx()
    expected = local.reply(ctx)
    # an engine that answers is answered
    assert Fallback(Echo(), local).reply(ctx) == Reply("你说：我好难过", "echo")
    # an engine that fails: the local reply, with the engine's code and prompt
    failing = type(
        "Failing",
        (ReplyEngine,),
        {"name": "x", "reply": lambda self, c: Reply.failure("x", "timeout", [{"role": "user"}])},
    )()
    got = Fallback(failing, local).reply(ctx)
    assert (got.text, got.engine, got.fallback, got.error) == (expected.text, "local", True, "timeout")
    assert got.prompt == [{"role": "user"}] and got.used == expected.used
    # an engine that raises: the local reply, code engine_error, the exception's type in the log
    got = Fallback(Down(), local).reply(ctx)
    assert (got.text, got.engine, got.fallback, got.error) == (expected.text, "local", True, "engine_error")
    assert "reply engine down raised RuntimeError; local reply instead" in caplog.text
    # the local engine failing too: the last resort, or the exception where there is none
    got = Fallback(Down(), Broken(), last_resort=lambda c: "safe text").reply(ctx)
    assert (got.text, got.engine, got.fallback, got.error, got.prompt) == (
        "safe text",
        "safety",
        True,
        "engine_error",
        None,
    )
    with pytest.raises(OSError):
        Fallback(Down(), Broken()).reply(ctx)
    # batches: each failed reply answered locally, the others kept
    mixed = type(
        "Mixed",
        (ReplyEngine,),
        {
            "name": "m",
            "reply": lambda self, c: Reply("ok", "m") if c.message == "a" else Reply.failure("m", "empty"),
        },
    )()
    a, b = Fallback(mixed, local).reply_batch([_ctx("a"), _ctx("b")])
    assert (a.text, a.fallback) == ("ok", False) and (b.engine, b.fallback, b.error) == (
        "local",
        True,
        "empty",
    )


def test_an_engine_with_only_name_and_reply_gets_the_protocol_defaults(local):
    class Bare:
        name = "bare"

        def reply(self, ctx):
            return Reply("hi", "bare")

    wrapped = Fallback(Bare(), local)
    assert not wrapped.fast and not wrapped.reads_memory
    assert [r.text for r in wrapped.reply_batch([_ctx(), _ctx()])] == ["hi", "hi"]
    assert wrapped.reference_nll([(_ctx(), None, "ref")]) == (0.0, 0)


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (LLMError("no answer in time", kind="timeout"), "timeout"),
        (RuntimeError("a client bug"), "failed"),  # an error without a kind
        ("  ", "empty"),
    ],
)
def test_the_llm_engine_reports_its_failures_and_the_fallback_answers_them(local, answer, code):
    class Client:
        def chat(self, messages, **kw):
            if isinstance(answer, Exception):
                raise answer
            return answer

    engine = LLMEngine(Client(), timeout_s=1)
    ctx = _ctx()
    failed = engine.reply(ctx)
    assert failed.failed and (failed.text, failed.engine, failed.error) == ("", "llm", code)
    assert failed.prompt[0]["role"] == "system" and failed.prompt[-1] == {
        "role": "user",
        "content": "我好难过",
    }
    got = Fallback(engine, local).reply(ctx)
    assert (got.text, got.engine, got.fallback, got.error) == (local.reply(ctx).text, "local", True, code)
    assert got.prompt == failed.prompt and engine.failures == 2


def test_the_chat_service_with_an_engine_of_ones_own_and_its_fallbacks(tmp_path, engines):
    engines.register_engine("echo", lambda settings, local: Echo())
    engines.register_engine("down", lambda settings, local: Down())
    with _client(tmp_path) as c:
        svc = c.app.state.services
        settings = Settings()
        svc.chat.engine = create_engine("echo", settings, svc.chat.local)
        assert not svc.chat.cpu_bound  # an engine that does not say it is fast runs off the event loop
        turn = chat(c, "今天有点累")
        assert turn["reply"] == "你说：今天有点累"
        assert turn["engine"] == {"name": "echo", "fallback": False, "error": None}
        # an engine that raises: the local engine answers
        svc.chat.engine = create_engine("down", settings, svc.chat.local)
        turn = chat(c, "今天有点累", session=turn["session_id"])
        assert (
            turn["engine"] == {"name": "local", "fallback": True, "error": "engine_error"} and turn["reply"]
        )
        # and where the local engine fails too: the fixed safe text
        real_local = svc.chat.local
        svc.chat.local = Broken()
        try:
            turn = chat(c, "今天有点累", session=turn["session_id"], locale="zh-CN")
        finally:
            svc.chat.local = real_local
        assert turn["engine"] == {"name": "safety", "fallback": True, "error": "engine_error"}
        assert "12356" in turn["reply"]  # the safe text carries the help lines
        svc.chat.engine = real_local
        assert svc.chat.cpu_bound  # the local engine is fast


def test_one_context_builder_for_the_service_and_evaluation():
    from xinyu.emotion import get_analyzer

    emotion = get_analyzer("lexicon").analyze("最近老是失眠，我该怎么办")
    ctx = build_context("最近老是失眠，我该怎么办", emotion, "none", "zh")
    assert ctx.topic == "sleep" and ctx.turn_index == 0 and ctx.history == [] and ctx.used == []
    assert ctx.emotion == emotion.label and ctx.core_words == words_to_reflect(emotion)
    assert ctx.plan is not None and "suggest" in ctx.plan.moves and ctx.strategy.name == "suggestion"
    # evaluation passes the turns before a record as history: the dialogue state is rebuilt from them
    history = [{"role": "user", "content": "我叫小林"}, {"role": "assistant", "content": "你好，小林。"}]
    later = build_context("最近老是失眠", emotion, "none", "zh", history=history, seed="r1")
    assert later.facts["name"] == "小林" and later.event == "insomnia"


def test_the_service_starts_the_configured_engine_and_closes_it(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    import xinyu.respond.engines as engines_module
    from xinyu.service.app import create_app

    calls: list[str] = []

    class Pooled(ReplyEngine):
        name = "pooled"

        def reply(self, ctx: ReplyContext) -> Reply:
            return Reply("嗯，我在听。", self.name)

        def start(self) -> None:
            calls.append("start")

        def close(self) -> None:
            calls.append("close")

    monkeypatch.setattr(engines_module, "build_engine", lambda settings, local: Fallback(Pooled(), local))
    with TestClient(create_app(Settings(data_dir=tmp_path)), client=("127.0.0.1", 5000)) as client:
        assert calls == ["start"]
        assert client.post("/v1/chat", json={"user_id": "u", "message": "今天好累"}).json()["engine"][
            "name"
        ] == ("pooled")
    assert calls == ["start", "close"]


def test_an_llm_engine_starts_and_closes_its_client():
    class Client:
        def __init__(self) -> None:
            self.calls: list[str] = []

        def start(self) -> None:
            self.calls.append("start")

        def close(self) -> None:
            self.calls.append("close")

    client = Client()
    engine = Fallback(LLMEngine(client), LocalEngine(PhraseBank()))
    engine.start()
    engine.close()
    assert client.calls == ["start", "close"]
