"""The OpenAI-compatible routes at the HTTP level: what is honoured, refused and ignored, the errors' shape, the
token count, and the API docs served without the network."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from xinyu.config import Settings
from xinyu.service import openai_compat
from xinyu.service.app import create_app
from xinyu.service.schemas import CompletionRequest

LOOPBACK = ("127.0.0.1", 50000)
REMOTE = ("203.0.113.9", 50000)
CRISIS = "我已经把安眠药攒够了，今晚就吃下去"
EVERYDAY = "I feel so stressed about my exams"
URL = "/v1/chat/completions"


def _client(tmp_path: Path, client=LOOPBACK, **settings) -> TestClient:
    app = create_app(Settings(data_dir=tmp_path / "var", **settings))
    return TestClient(app, client=client, raise_server_exceptions=False)


@pytest.fixture
def client(tmp_path):
    with _client(tmp_path) as c:
        yield c


def _body(text: str = EVERYDAY, **params) -> dict:
    return {"model": "xinyu", "messages": [{"role": "user", "content": text}], **params}


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"n": 2}, "n"),
        ({"tools": [{"type": "function", "function": {"name": "f"}}]}, "tools"),
        ({"tool_choice": "required"}, "tool_choice"),
        ({"functions": [{"name": "f"}]}, "functions"),
        ({"function_call": {"name": "f"}}, "function_call"),
        ({"response_format": {"type": "json_object"}}, "response_format"),
        ({"response_format": {"type": "json_schema", "json_schema": {"name": "x"}}}, "response_format"),
        ({"logprobs": True}, "logprobs"),
        ({"modalities": ["text", "audio"]}, "modalities"),
        ({"stop": ["a", "b", "c", "d", "e"]}, "stop"),
        ({"stop": ""}, "stop[0]"),
        ({"max_tokens": 0}, "max_tokens"),
        ({"messages": [{"role": "usr", "content": "hi"}]}, "messages[0].role"),
        (
            {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]},
            "messages[0].content[0]",
        ),
        ({"messages": [{"role": "system", "content": "be kind"}]}, "messages"),
        (
            {
                "messages": [
                    {"role": "user", "content": "hi"},
                    {"role": "assistant", "content": "hello"},
                    {"role": "user", "content": [{"type": "text", "text": "look"}, {"type": "input_audio"}]},
                ]
            },
            "messages[2].content[1]",
        ),
    ],
)
def test_what_xinyu_cannot_do_is_a_400_naming_the_parameter(client, params, param):
    r = client.post(URL, json={**_body(), **params})
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["param"] == param and error["type"] == "invalid_request_error" and error["message"]


@pytest.mark.parametrize(
    "params",
    [
        {"temperature": 0.2, "top_p": 0.9, "seed": 7, "presence_penalty": 1, "frequency_penalty": 1},
        {"user": "someone", "metadata": {"k": "v"}, "store": False, "parallel_tool_calls": False},
        {"n": 1, "tool_choice": "none", "response_format": {"type": "text"}, "logprobs": False},
        {"modalities": ["text"], "logit_bias": {"50256": -100}, "reasoning_effort": "low"},
    ],
)
def test_parameters_that_only_tune_sampling_are_accepted(client, params):
    r = client.post(URL, json=_body(**params))
    assert r.status_code == 200, r.text
    assert r.json()["choices"][0]["message"]["content"]


def test_a_bad_field_in_a_crisis_message_still_carries_the_help_lines(client):
    r = client.post(URL, json=_body(CRISIS, user="not an id!"))
    assert r.status_code == 400 and r.json()["error"]["param"] == "user"
    assert "12356" in r.json()["error"]["xinyu"]["reply"] and "安眠药" not in r.json()["error"]["message"]
    everyday = client.post(URL, json=_body(user="not an id!"))
    assert everyday.status_code == 400 and "xinyu" not in everyday.json()["error"]


def test_errors_on_openai_routes_are_openai_errors_and_xinyus_keep_theirs(tmp_path):
    api = {"keys": ["k1"], "rate_limit_per_minute": 2, "max_body_bytes": 4000}
    with _client(tmp_path, REMOTE, api=api) as c:
        missing = c.get("/v1/models")
        assert missing.status_code == 401 and missing.json()["error"]["type"] == "authentication_error"
        assert missing.headers["www-authenticate"] == "Bearer"
        assert c.post("/v1/chat", json={"user_id": "u", "message": "hi"}).json()["detail"]
        key = {"Authorization": "Bearer k1"}
        codes = [c.get("/v1/models", headers=key).status_code for _ in range(3)]
        limited = c.get("/v1/models/xinyu", headers=key)
        assert codes[:2] == [200, 200] and limited.status_code == 429 and limited.headers["retry-after"]
        assert limited.json()["error"]["code"] == "rate_limit_exceeded"
        big = c.post(
            URL, content=b"{" + b" " * 5000 + b"}", headers={**key, "content-type": "application/json"}
        )
        assert big.status_code == 413 and "max_body_bytes" in big.json()["error"]["message"]
    with _client(tmp_path) as c:
        assert c.get(URL).json()["error"]["code"] == "method_not_allowed"
        assert c.get("/v1/models/gpt-4o").json()["error"]["code"] == "model_not_found"
        assert c.get("/v1/sessions/none").json() == {"detail": "no session none"}
        native = c.post("/v1/chat", json={"user_id": "u"})
        assert native.status_code == 422 and native.json()["detail"][0]["loc"] == ["body", "message"]


def _events(c: TestClient, body: dict) -> list[dict]:
    with c.stream("POST", URL, json=body) as r:
        lines = [line[6:] for line in r.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "[DONE]"
    return [json.loads(line) for line in lines[:-1]]


def test_a_stream_carries_the_usage_only_when_asked(client):
    plain = _events(client, _body(stream=True))
    assert all("usage" not in e for e in plain) and plain[-1]["choices"][0]["finish_reason"] == "stop"
    counted = _events(client, _body(stream=True, stream_options={"include_usage": True}, max_tokens=4))
    *chunks, last = counted
    assert all(e["usage"] is None for e in chunks) and last["choices"] == []
    assert last["usage"]["completion_tokens"] == 4 and chunks[-1]["choices"][0]["finish_reason"] == "length"
    text = "".join(e["choices"][0]["delta"].get("content", "") for e in chunks)
    assert openai_compat.count_tokens(text) == 4


def _turn(level: str = "none", actions: tuple[str, ...] = (), allowed: bool = True) -> dict:
    reply = "我在这里陪着你。\n\n可以随时联系：\n- 全国统一心理援助热线 12356"
    risk = {"level": level, "escalation": {"actions": list(actions)}}
    return {"reply": reply, "risk": risk, "moderation": {"allowed": allowed}}


def _answer(turn: dict, **params) -> openai_compat.Answer:
    return openai_compat.answer(CompletionRequest.model_validate(_body(**params)), turn)


def test_limits_cut_an_everyday_reply_at_the_first_stop_then_the_token_limit():
    turn = {**_turn(), "reply": "我在这里陪着你。\n\n慢慢说，不着急。"}
    assert _answer(turn, stop=["\n", "陪"]) == openai_compat.Answer("我在这里", "stop")
    assert _answer(turn, max_tokens=3) == openai_compat.Answer("我在这", "length")
    assert _answer(turn, max_tokens=50, max_completion_tokens=2).text == "我在"
    assert _answer(turn, stop="。", max_tokens=2) == openai_compat.Answer("我在", "length")
    assert _answer(turn, stop="never there") == openai_compat.Answer(turn["reply"], "stop")


@pytest.mark.parametrize(
    "turn",
    [
        _turn("moderate"),
        _turn("low", actions=("tag", "helplines")),  # a policy that offers help lines below moderate
        _turn("none", allowed=False),  # moderation put the blocked reply, with its help lines, in its place
        _turn("imminent", actions=("safe_reply",)),
    ],
)
def test_a_reply_that_may_carry_help_lines_is_never_cut(turn):
    sent = _answer(turn, max_tokens=2, stop=["\n"])
    assert sent == openai_compat.Answer(turn["reply"], "stop", kept_whole=True)
    assert _answer(turn).kept_whole is False  # nothing was asked to be cut


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("", 0),
        ("我好累", 3),
        ("I can't sleep.", 4),  # I, can't, sleep, .
        ("睡不着 3 nights", 5),
        ("好累😢😢", 4),
        ("   \n\t", 0),
    ],
)
def test_the_token_count(text, tokens):
    assert openai_compat.count_tokens(text) == tokens
    assert openai_compat.first_tokens(text, tokens) == text.rstrip()


def test_the_api_docs_load_nothing_from_elsewhere(client):
    for page in ("/docs", "/redoc"):
        r = client.get(page)
        policy, html = r.headers["content-security-policy"], r.text
        assert "default-src 'self'" in policy and "http" not in policy  # the browser asks no other host
        urls = re.findall(r"""(?:src|href|spec-url)=["']([^"']+)""", html) + re.findall(
            r"url: '([^']+)'", html
        )
        assert urls and all(u.startswith("/") and not u.startswith("//") for u in urls), (page, urls)
        assert "http://" not in html and "https://" not in html
        for url in urls:
            asset = client.get(url)
            assert asset.status_code == 200 and len(asset.content) > 1000, url
    assert client.get("/docs/assets/core.py").status_code == 404


def test_a_reply_naming_a_help_line_is_never_cut_even_at_no_risk():
    from xinyu.service.openai_compat import carries_help

    turn = {
        "reply": "可以打这些电话：全国统一心理援助热线 12356；香港撒瑪利亞防止自殺會 2389 2222",
        "risk": {"level": "none", "escalation": {"actions": []}},
        "moderation": {"allowed": True},
    }
    assert carries_help(turn)
    assert not carries_help({**turn, "reply": "我在，你慢慢说。"})
