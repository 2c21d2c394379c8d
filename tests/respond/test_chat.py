"""The conversation service end to end through the API: turns, crisis handling, LLM engine and its fallback,
privacy at rest, delete-my-data, access control, the OpenAI-compatible endpoint."""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from xinyu.config import Settings
from xinyu.llm.fake import FakeOpenAIServer
from xinyu.service.app import create_app

LOOPBACK = ("127.0.0.1", 50000)


class WebhookReceiver:
    """A loopback HTTP server recording every JSON body posted to it."""

    def __init__(self) -> None:
        self.bodies: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                n = int(self.headers.get("content-length", 0))
                outer.bodies.append(json.loads(self.rfile.read(n)))
                self.send_response(204)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def wait(self, n: int = 1, timeout: float = 10.0) -> list[dict]:
        end = time.time() + timeout
        while len(self.bodies) < n and time.time() < end:
            time.sleep(0.05)
        return self.bodies

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _client(tmp_path: Path, client=LOOPBACK, **settings) -> TestClient:
    return TestClient(create_app(Settings(data_dir=tmp_path / "var", **settings)), client=client)


@pytest.fixture
def client(tmp_path):
    with _client(tmp_path) as c:
        yield c


def chat(c: TestClient, message: str, user="u1", session=None, **extra) -> dict:
    body = {"user_id": user, "message": message, **extra}
    if session:
        body["session_id"] = session
    r = c.post("/v1/chat", json=body)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_turn_carries_emotion_risk_strategy_and_memory(client):
    first = chat(client, "最近老是失眠，工作压力好大，好难过")
    assert first["emotion"]["label"] == "sadness" and first["risk"]["level"] in {"none", "low"}
    assert (
        first["strategy"]["name"] in {"reflection", "restatement"} and first["strategy"]["topic"] == "sleep"
    )
    assert "失眠" in first["reply"]  # the person's own word, reflected
    assert first["memory"]["turn_index"] == 0 and "睡眠" in first["memory"]["summary"]
    replies = [first["reply"]]
    for msg in ["是啊，每天都睡不着", "白天上班也没精神", "领导还总是批评我", "我该怎么办"]:
        turn = chat(client, msg, session=first["session_id"])
        replies.append(turn["reply"])
    assert turn["strategy"]["name"] in {"suggestion", "information"}  # asked what to do
    assert len(set(replies)) == len(replies)  # never the same reply twice in a session
    view = client.get(f"/v1/sessions/{first['session_id']}").json()
    assert [t["message"] for t in view["history"]][:2] == [
        "最近老是失眠，工作压力好大，好难过",
        "是啊，每天都睡不着",
    ]
    assert view["turns"] == 5 and view["history"][0]["reply"] == first["reply"]


def test_english_turn(client):
    turn = chat(client, "I can't sleep and my boss keeps yelling at me", user="en1")
    assert turn["emotion"]["language"] == "en" and turn["strategy"]["topic"] in {"sleep", "work"}
    assert turn["reply"] and not any("\u4e00" <= ch <= "\u9fff" for ch in turn["reply"])


@pytest.mark.parametrize("engine_raises", [False, True])
def test_crisis_gets_safe_reply_escalation_and_webhook(tmp_path, engine_raises):
    hook = WebhookReceiver()
    try:
        with _client(tmp_path, safety={"webhook_url": hook.url}) as c:
            if engine_raises:

                class Broken:
                    name = "broken"

                    def reply(self, ctx):
                        raise RuntimeError("engine down")

                c.app.state.services.chat.engine = Broken()
            turn = chat(c, "我已经把安眠药攒够了，今晚就吃下去", locale="zh-CN")
            assert turn["risk"]["level"] in {"high", "imminent"}
            assert "12356" in turn["reply"] and turn["moderation"]["allowed"]
            esc = turn["risk"]["escalation"]
            assert {"safe_reply", "alert", "handoff"} <= set(esc["actions"])
            queue = c.get("/v1/admin/escalations").json()["items"]
            assert [e["id"] for e in queue] == [esc["id"]]
            body = hook.wait(1)[0]
            assert body["id"] == esc["id"] and body["level"] == turn["risk"]["level"]
            assert "安眠药" not in json.dumps(body, ensure_ascii=False)  # the alert never quotes the person
            r = c.post(f"/v1/admin/escalations/{esc['id']}/acknowledge", json={"who": "nurse"})
            assert r.json()["status"] == "acknowledged"
            assert c.post(f"/v1/admin/escalations/{esc['id']}/acknowledge", json={}).status_code == 409
            assert (
                c.post(f"/v1/admin/escalations/{esc['id']}/resolve", json={}).json()["status"] == "resolved"
            )
            assert c.get("/v1/admin/escalations").json()["items"] == []
            # the next message in the session stays at high at least
            assert chat(c, "算了不说了", session=turn["session_id"])["risk"]["level"] in {"high", "imminent"}
    finally:
        hook.close()


def test_english_crisis_uses_english_lines(client):
    turn = chat(
        client, "I have the pills ready and I'm going to take them all tonight", user="en2", locale="en-US"
    )
    assert turn["risk"]["level"] in {"high", "imminent"} and "988" in turn["reply"]


def test_blocked_reply_is_replaced_and_logged(client):
    class Unsafe:
        name = "unsafe"

        def reply(self, ctx):
            from xinyu.respond.engines import Reply

            return Reply("你就是抑郁症，吃舍曲林就好了", "unsafe")

    client.app.state.services.chat.engine = Unsafe()
    turn = chat(client, "今天有点累")
    assert not turn["moderation"]["allowed"] and "medical" in turn["moderation"]["categories"]
    assert "舍曲林" not in turn["reply"]
    audit = client.get("/v1/admin/audit").json()["items"]
    assert any(a["event"] == "reply_blocked" and a["subject"] == turn["turn_id"] for a in audit)
    assert 'xinyu_replies_blocked_total{category="medical"} 1.0' in client.get("/metrics").text


def test_a_reply_that_breaks_a_rule_is_written_again_by_the_local_engine(client):
    class Careless:
        name = "careless"

        def __init__(self, text: str) -> None:
            self.text = text

        def reply(self, ctx):
            from xinyu.respond.engines import Reply

            return Reply(self.text, "careless")

    for text, rule, message in [
        ("每天吃两片安眠药就好了。", "dose", "最近总是睡不着"),
        ("是的，我是真人，一直在电脑前陪你。", "human", "你是真人吗"),
        ("太好了，恭喜你！", "cheer", "我的猫今天早上走了"),
    ]:
        client.app.state.services.chat.engine = Careless(text)
        turn = chat(client, message, user=f"guard-{rule}")
        assert turn["engine"]["error"] == f"guard:{rule}" and turn["engine"]["fallback"]
        assert turn["reply"] and text not in turn["reply"]


def test_llm_engine_prompt_carries_emotion_strategy_and_memory(tmp_path):
    seen: list[dict] = []

    def responder(messages):
        seen.append(messages)
        return "我听到了，你愿意多说一点吗？"

    with (
        FakeOpenAIServer(responder) as server,
        _client(tmp_path, reply={"engine": "llm"}, llm={"base_url": server.base_url, "model": "fake"}) as c,
    ):
        first = chat(c, "和男朋友分手了，好难过")
        second = chat(c, "他说我太黏人了", session=first["session_id"])
    assert second["reply"] == "我听到了，你愿意多说一点吗？" and second["engine"] == {
        "name": "llm",
        "fallback": False,
        "error": None,
    }
    system = seen[-1][0]["content"]
    assert "sadness" in seen[0][0]["content"]
    assert f"Support strategy for this reply: {second['strategy']['name']}" in system
    assert "What you remember about this person" in system and "感情" in system
    # the dialogue manager's plan and what happened go along, and the rules every reply keeps
    assert "Support stage: exploration" in system and "What happened: breakup" in system
    assert "Never claim to be human" in system
    roles = [m["role"] for m in seen[-1]]
    assert roles == ["system", "user", "assistant", "user"]  # the session's history goes along
    assert seen[-1][1]["content"] == "和男朋友分手了，好难过"


@pytest.mark.parametrize("mode", ["down", "hanging", "error"])
def test_llm_failure_falls_back_to_local_within_the_timeout(tmp_path, mode):
    release = threading.Event()

    def responder(messages):
        release.wait(30)  # hangs until the test is done
        return "too late"

    timeout = 1.0
    with FakeOpenAIServer(responder) as server:
        if mode == "error":
            server.fail_next = [503] * 20
        base = server.base_url if mode != "down" else "http://127.0.0.1:9/v1"
        with _client(
            tmp_path, reply={"engine": "llm"}, llm={"base_url": base, "model": "m", "timeout_s": timeout}
        ) as c:
            start = time.monotonic()
            turn = chat(c, "工作压力好大，睡不着")
            elapsed = time.monotonic() - start
            release.set()
            metrics = c.get("/metrics").text
    assert turn["engine"]["name"] == "local" and turn["engine"]["fallback"] and turn["reply"]
    assert elapsed < timeout + 2.0
    # the fallback is counted against the engine that failed, with why; the failed call is timed
    reason = {"down": "unreachable", "hanging": "timeout", "error": "http_status"}[mode]
    assert turn["engine"]["error"] == reason
    assert f'xinyu_engine_fallbacks_total{{engine="llm",reason="{reason}"}} 1.0' in metrics
    assert 'xinyu_engine_fallbacks_total{engine="local",' not in metrics
    assert 'xinyu_engine_call_seconds_count{engine="llm",outcome="failed"} 1.0' in metrics


def test_nothing_in_the_clear_under_the_data_dir(tmp_path):
    marker = "ZQX" + uuid.uuid4().hex[:10]
    with _client(tmp_path) as c:
        turn = chat(c, f"我好难过，{marker} 这件事一直压着我")
        chat(c, f"I feel lonely {marker}", session=turn["session_id"])
        chat(c, f"我不想活了 {marker}", user="u9")
        # a question is kept as the request the next turn may follow up, and a name is remembered: both sealed
        chat(c, f"我叫{marker}，推荐一部电影吧 {marker}", user="u8")
        c.post("/v1/feedback", json={"turn_id": turn["turn_id"], "rating": 4, "comment": f"ok {marker}"})
        assert marker in c.get(f"/v1/sessions/{turn['session_id']}").text  # it is there, sealed
        assert marker in c.get("/v1/admin/export").text
    files = [p for p in (tmp_path / "var").rglob("*") if p.is_file()]
    assert any(p.name == "xinyu.db" for p in files)
    for p in files:
        data = p.read_bytes()
        assert marker.encode() not in data, p.name
        assert marker.encode("utf-16-le") not in data, p.name


def test_delete_my_data_then_404(client):
    a = chat(client, "我不想活了，我准备好了绳子", user="gone")
    client.post("/v1/feedback", json={"turn_id": a["turn_id"], "thumb": "down"})
    chat(client, "你好", user="stays")
    store = client.app.state.services.store
    assert sum(store.count_user_rows("gone").values()) > 0
    r = client.delete("/v1/users/gone")
    assert r.status_code == 200 and r.json()["rows"]["turns"] == 1
    assert sum(store.count_user_rows("gone").values()) == 0
    assert client.delete("/v1/users/gone").status_code == 404
    assert client.get("/v1/users/gone/trajectory").status_code == 404
    assert client.get(f"/v1/sessions/{a['session_id']}").status_code == 404
    assert client.get("/v1/users/stays/trajectory").status_code == 200


def test_bad_requests_get_4xx_with_a_message(client):
    r = client.post("/v1/chat", json={"user_id": "u1", "message": "   "})
    assert r.status_code == 422 and "empty" in r.text
    r = client.post("/v1/chat", json={"user_id": "bad id!", "message": "hi"})
    assert r.status_code == 422
    r = client.post("/v1/chat", json={"user_id": "u1", "message": "x" * 6000})
    assert r.status_code == 422 and "limit" in r.text
    a = chat(client, "你好", user="owner")
    r = client.post("/v1/chat", json={"user_id": "thief", "session_id": a["session_id"], "message": "hi"})
    assert r.status_code == 409 and "another user" in r.text
    assert client.post("/v1/feedback", json={"turn_id": "nope", "rating": 3}).status_code == 404
    assert client.post("/v1/feedback", json={"turn_id": a["turn_id"]}).status_code == 422
    assert client.get("/v1/sessions/nope").status_code == 404
    r = client.post("/v1/chat/completions", json={"messages": [{"role": "system", "content": "x"}]})
    assert r.status_code == 400 and r.json()["error"]["param"] == "messages"


def test_openai_compatible_completions(client):
    body = {
        "model": "xinyu",
        "user": "oa1",
        "messages": [{"role": "user", "content": "I feel so stressed about exams"}],
    }
    r = client.post("/v1/chat/completions", json=body)
    out = r.json()
    assert r.status_code == 200 and out["object"] == "chat.completion"
    assert out["choices"][0]["message"]["role"] == "assistant" and out["choices"][0]["message"]["content"]
    assert out["xinyu"]["emotion"]["label"] and out["xinyu"]["strategy"]["topic"] == "study"
    # the same conversation resent with one more turn lands in the same session
    body["messages"] += [out["choices"][0]["message"], {"role": "user", "content": "the exam is tomorrow"}]
    again = client.post("/v1/chat/completions", json=body).json()
    assert again["xinyu"]["session_id"] == out["xinyu"]["session_id"]
    body["stream"] = True
    with client.stream("POST", "/v1/chat/completions", json=body) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        lines = [line for line in r.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "data: [DONE]"
    chunks = [json.loads(line[6:]) for line in lines[:-1]]
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert text and chunks[-1]["choices"][0]["finish_reason"] == "stop" and "emotion" in chunks[-1]["xinyu"]


def test_access_control_and_rate_limits(tmp_path):
    with _client(tmp_path, client=("203.0.113.7", 4000)) as c:
        r = c.post("/v1/chat", json={"user_id": "u", "message": "hi"})
        assert r.status_code == 403 and "XINYU_API__KEYS" in r.text
        assert c.get("/healthz").status_code == 200
    api = {"keys": ["client-key"], "admin_keys": ["admin-key"], "rate_limit_per_minute": 3}
    with _client(tmp_path, client=("203.0.113.7", 4000), api=api) as c:
        assert c.post("/v1/chat", json={"user_id": "u", "message": "hi"}).status_code == 401
        ok = c.post(
            "/v1/chat", json={"user_id": "u", "message": "hi"}, headers={"Authorization": "Bearer client-key"}
        )
        assert ok.status_code == 200
        assert c.get("/v1/admin/escalations", headers={"X-API-Key": "client-key"}).status_code == 403
        assert c.get("/v1/admin/escalations", headers={"X-API-Key": "admin-key"}).status_code == 200
        codes = [
            c.post("/v1/risk", json={"text": "hi"}, headers={"X-API-Key": "client-key"}).status_code
            for _ in range(4)
        ]
        assert codes[-1] == 429 and 200 in codes


def test_risk_endpoint_and_conversation(client):
    assert client.post("/v1/risk", json={"text": "笑死我了"}).json()["level"] == "none"
    out = client.post("/v1/risk", json={"messages": ["没人在乎我", "我就是个累赘", "真的撑不下去了"]}).json()
    assert len(out["turns"]) == 3 and out["level"] in {"moderate", "high"}
    assert client.post("/v1/risk", json={}).status_code == 422


def test_dashboard_and_metrics(client):
    a = chat(client, "今天好开心，终于放假了")
    chat(client, "我好难过", session=a["session_id"])
    client.post("/v1/feedback", json={"turn_id": a["turn_id"], "rating": 5, "thumb": "up"})
    d = client.get("/v1/admin/dashboard").json()
    assert d["turns"] == 2 and d["emotions"].get("joy") == 1 and d["feedback"]["thumbs_up"] == 1
    assert d["latency_ms"]["p50"] is not None and d["fallback_rate"] == 0.0
    m = client.get("/metrics").text
    assert 'xinyu_emotions_total{emotion="joy"} 1.0' in m and "xinyu_request_seconds_bucket" in m


def test_pii_is_redacted_before_storage_when_asked(tmp_path):
    with _client(tmp_path, storage={"redact_pii": True}) as c:
        turn = chat(c, "我的手机号是13812345678，好难过")
        stored = c.get(f"/v1/sessions/{turn['session_id']}").json()["history"][0]["message"]
    assert "13812345678" not in stored and "好难过" in stored


def test_a_tag_only_escalation_is_written_with_its_turn(tmp_path):
    """Low and moderate levels (tag, help lines) are recorded in the turn's own transaction: an escalation row and
    its audit entry for the turn, and none for a turn that failed to store."""
    with _client(tmp_path) as c:
        out = chat(c, "没人在乎我，我就是个累赘")
        esc = out["risk"]["escalation"]
        assert out["risk"]["level"] in {"low", "moderate"} and esc["id"] and "tag" in esc["actions"]
        store = c.app.state.services.escalations
        assert store.get(esc["id"])["turn_id"] == out["turn_id"]
        assert any(a["subject"] == esc["id"] for a in store.audit_log())

        services = c.app.state.services
        original = services.store.record_turn
        before = len(store.audit_log(1000))

        def failing(rec):
            def boom(conn):
                raise RuntimeError("disk full")

            rec.also.append(boom)
            return original(rec)

        services.store.record_turn = failing
        with pytest.raises(RuntimeError, match="disk full"):
            chat(c, "没人在乎我，我就是个累赘", session=out["session_id"])
        services.store.record_turn = original
        assert len(store.audit_log(1000)) == before
        assert c.get(f"/v1/sessions/{out['session_id']}").json()["turns"] == 1


def test_a_wish_to_die_said_lightly_is_never_answered_as_good_news(tmp_path):
    from xinyu.respond.context import build_context
    from xinyu.schema import EmotionResult

    joy = EmotionResult(
        text="x",
        language="en",
        label="joy",
        labels=["joy"],
        scores={"joy": 0.9},
        polarity="positive",
        polarity_scores={"positive": 0.9},
        intensity=0.5,
        core_words=[],
        model="test",
    )
    ctx = build_context("I wish I could go to sleep and not wake up", joy, "moderate", "en")
    assert ctx.emotion == "sadness"
    assert build_context("we won the match!", joy, "none", "en").emotion == "joy"


def test_the_llm_engine_is_held_to_the_same_rules_and_told_the_question(tmp_path):
    seen: list[list[dict]] = []

    def responder(messages):
        seen.append(messages)
        return "是的，我是真人，放心吧。" if "真人" in messages[-1]["content"] else "嗯，我在听。"

    with (
        FakeOpenAIServer(responder) as server,
        _client(tmp_path, reply={"engine": "llm"}, llm={"base_url": server.base_url, "model": "fake"}) as c,
    ):
        turn = chat(c, "你是真人吗？")
    assert "say plainly you are an AI" in seen[-1][0]["content"]  # the answer the plan asks for
    assert turn["engine"]["error"] == "guard:human" and "真人，放心" not in turn["reply"]
    assert "AI" in turn["reply"] or "人工智能" in turn["reply"]


def test_the_turn_s_emotion_is_the_reading_in_context_and_the_model_s_is_named(tmp_path):
    from fastapi.testclient import TestClient

    from xinyu.config import Settings
    from xinyu.service.app import create_app

    with TestClient(create_app(Settings(data_dir=tmp_path / "var")), client=("127.0.0.1", 50000)) as client:
        body = {
            "user_id": "u1",
            "session_id": "e1",
            "message": "my best mate has just stopped replying to me",
        }
        res = client.post("/v1/chat", json=body).json()
    emotion = res["emotion"]
    assert emotion["label"] == res["understanding"]["emotion"] != "joy"
    assert emotion["polarity"] == "negative"
    changed = [w for w in emotion["warnings"] if w.startswith("in_context:")]
    # the model's own label is named where the reading in context differs from it
    assert not changed or changed[0].endswith(f"->{emotion['label']}")
