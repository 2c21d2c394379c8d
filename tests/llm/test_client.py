"""The shared OpenAI-compatible client and the llm backend, against the fake server on loopback."""

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from typer.testing import CliRunner

from xinyu.config import LLMSettings
from xinyu.emotion.analyzer import EmotionAnalyzer
from xinyu.emotion.base import EmotionBackendError
from xinyu.emotion.llm import LLMBackend, parse_scores
from xinyu.llm import ChatClient, LLMError
from xinyu.llm.fake import FakeOpenAIServer


def labeller(messages):
    text = messages[-1]["content"]
    if "害怕" in text or "scared" in text:
        return '```json\n{"scores": {"fear": 0.8, "sadness": 0.1, "neutral": 0.1}}\n```'
    return json.dumps({"scores": {"joy": 0.1, "neutral": 0.9}})


@pytest.fixture
def server():
    with FakeOpenAIServer(labeller) as s:
        yield s


def backend_for(server, **kw):
    settings = LLMSettings(base_url=server.base_url, model="fake-glm", timeout_s=2, **kw)
    client = ChatClient(
        server.base_url, "fake-glm", timeout_s=2, max_retries=kw.get("max_retries", 2), backoff_s=0.01
    )
    return LLMBackend(settings, client=client).load()


def test_llm_backend_labels_through_the_endpoint(server):
    analyzer = EmotionAnalyzer(backend_for(server))
    r = analyzer.analyze("我好害怕")
    assert r.label == "fear" and r.model == "llm:fake-glm"
    assert abs(sum(r.scores.values()) - 1) < 1e-3
    assert any(w.word == "害怕" for w in r.core_words)  # core words come from the lexicon for every backend
    req = server.requests[-1]
    assert req["model"] == "fake-glm" and req["messages"][0]["role"] == "system" and req["temperature"] == 0


def test_client_retries_5xx_and_429_then_succeeds(server):
    server.fail_next = [503, 429]
    assert EmotionAnalyzer(backend_for(server)).analyze("hello there").label == "neutral"
    assert len(server.requests) == 3


def test_client_gives_up_with_the_endpoint_message(server):
    server.fail_next = [400]
    with pytest.raises(EmotionBackendError, match="400"):
        EmotionAnalyzer(backend_for(server)).analyze("hi")
    server.fail_next = [500, 500, 500]
    with pytest.raises(LLMError, match="500"):
        ChatClient(server.base_url, "m", max_retries=2, backoff_s=0.01).chat(
            [{"role": "user", "content": "x"}]
        )


def test_unreachable_endpoint_is_an_error_not_neutral():
    client = ChatClient("http://127.0.0.1:9/v1", "m", timeout_s=0.5, max_retries=0)
    backend = LLMBackend(LLMSettings(base_url="http://127.0.0.1:9/v1"), client=client).load()
    with pytest.raises(EmotionBackendError, match="cannot reach"):
        EmotionAnalyzer(backend).analyze("hi")


@pytest.mark.parametrize(
    ("answer", "label"),
    [
        ('{"scores": {"Anger": 3, "joy": 1}}', "anger"),
        ('{"label": "sadness"}', "sadness"),
        ("surprise", "surprise"),
        ('Sure! {"joy": 0.7, "neutral": 0.3}', "joy"),
    ],
)
def test_parse_scores_is_lenient(answer, label):
    scores = parse_scores(answer)
    assert max(scores, key=scores.get) == label


def test_parse_scores_refuses_nonsense():
    with pytest.raises(EmotionBackendError, match="cannot read"):
        parse_scores("I think it is happy or sad")


def test_cli_with_llm_backend_from_env(server, monkeypatch):
    monkeypatch.setenv("XINYU_LLM__BASE_URL", server.base_url)
    monkeypatch.setenv("XINYU_LLM__MODEL", "fake-qwen")
    from xinyu.cli.main import app

    res = CliRunner().invoke(app, ["analyze", "--backend", "llm", "--json", "I am scared"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["label"] == "fear" and server.requests[-1]["model"] == "fake-qwen"


def test_a_presets_key_goes_only_to_its_own_endpoint(monkeypatch):
    from xinyu.config import LLMSettings

    monkeypatch.setenv("ZHIPUAI_API_KEY", "zhipu-secret")
    assert LLMSettings(preset="glm").api_key.get_secret_value() == "zhipu-secret"
    same = LLMSettings(preset="glm", base_url="https://open.bigmodel.cn/api/paas/v4/")
    assert same.api_key.get_secret_value() == "zhipu-secret"
    assert LLMSettings(preset="glm", base_url="http://127.0.0.1:8000/v1").api_key is None


HI = [{"role": "user", "content": "hi"}]


def settles(check, within_s=2.0):
    """Whether ``check()`` comes true within ``within_s`` seconds."""
    end = time.monotonic() + within_s
    while not check():
        if time.monotonic() > end:
            return False
        time.sleep(0.02)
    return True


def stall(server, how):
    """Make ``server`` answer slowly enough that no answer can arrive within a second."""
    if how == "body":
        server.drip_body_s = 0.05  # a byte every 50 ms: no single read ever waits long
    elif how == "headers":
        server.drip_headers_s = 0.1
    else:
        server.delay_s = 30.0  # accepts the request and says nothing


@pytest.mark.parametrize("how", ["body", "headers", "silence"])
def test_the_deadline_holds_however_the_endpoint_stalls(server, how):
    stall(server, how)
    client = ChatClient(server.base_url, "m", max_retries=2, backoff_s=0.01)
    start = time.monotonic()
    with pytest.raises(LLMError) as caught:
        client.chat(HI, deadline_s=1.0)
    elapsed = time.monotonic() - start
    assert elapsed < 1.0 + 1.5  # an upper bound on the deadline, generous for slow machines
    assert caught.value.kind == "timeout" and caught.value.retryable
    assert settles(lambda: server.in_flight == 0)  # the client hung up; the server stopped answering
    client.close()


def test_timeout_s_bounds_each_attempt_when_no_deadline_is_given(server):
    stall(server, "body")
    client = ChatClient(server.base_url, "m", timeout_s=0.5, max_retries=1, backoff_s=0.01)
    start = time.monotonic()
    with pytest.raises(LLMError, match="timed out") as caught:
        client.chat(HI)
    assert time.monotonic() - start < 2 * 0.5 + 1.5 and caught.value.kind == "timeout"
    assert len(server.requests) == 2
    client.close()


def test_concurrent_calls_against_a_drip_all_end_by_their_deadline_and_leave_nothing_behind(server):
    stall(server, "body")
    client = ChatClient(server.base_url, "m", max_retries=0)
    before = threading.active_count()

    def call(_):
        start = time.monotonic()
        try:
            client.chat(HI, deadline_s=1.0)
        except LLMError as exc:
            return exc.kind, time.monotonic() - start
        return "answered", time.monotonic() - start

    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(call, range(20)))
    assert [kind for kind, _ in results] == ["timeout"] * 20
    assert max(elapsed for _, elapsed in results) < 1.0 + 1.5
    assert server.max_in_flight > 1  # they were in flight together
    assert settles(lambda: server.in_flight == 0)
    assert settles(lambda: threading.active_count() <= before + 1)  # the client's own loop thread only
    client.close()
    assert settles(lambda: threading.active_count() <= before)


def test_retry_after_past_the_deadline_gives_up_at_once_with_the_endpoint_status(server):
    server.fail_next, server.retry_after = [429], 30
    client = ChatClient(server.base_url, "m", max_retries=2)
    with pytest.raises(LLMError, match="429") as caught:
        client.chat(HI, deadline_s=1.0)
    assert caught.value.kind == "http_status" and len(server.requests) == 1
    client.close()


def test_errors_say_what_happened_in_a_kind_that_names_no_endpoint(server):
    def kind_of(client):
        with pytest.raises(LLMError) as caught:
            client.chat(HI)
        client.close()
        return caught.value

    server.fail_next = [400]
    refused = kind_of(ChatClient(server.base_url, "m"))
    assert (refused.kind, refused.retryable) == ("http_status", False) and "400" in str(refused)
    server.fail_next = [503, 503]
    assert kind_of(ChatClient(server.base_url, "m", max_retries=1, backoff_s=0.01)).kind == "http_status"
    assert kind_of(ChatClient("http://127.0.0.1:9/v1", "m", max_retries=0)).kind == "unreachable"
    for answer in (httpx.Response(200, text="<html>"), httpx.Response(200, json={"choices": []})):
        mock = httpx.MockTransport(lambda request, answer=answer: answer)
        assert kind_of(ChatClient("http://llm.internal/v1", "m", transport=mock)).kind == "bad_response"


def test_a_mock_transport_still_answers():
    def handler(request):
        assert json.loads(request.content)["model"] == "m"
        return httpx.Response(200, json={"choices": [{"message": {"content": "ok"}}], "usage": {}})

    client = ChatClient("http://llm.internal/v1", "m", transport=httpx.MockTransport(handler))
    assert client.complete(HI).text == "ok"
    client.close()


def test_close_ends_the_clients_thread_and_later_calls_fail_as_closed(server):
    before = threading.active_count()
    client = ChatClient(server.base_url, "m")
    assert client.chat([{"role": "user", "content": "hello"}])
    assert threading.active_count() >= before + 1  # its loop thread, and perhaps the server's handler yet
    client.close()
    client.close()  # twice is fine
    assert settles(lambda: threading.active_count() <= before)
    with pytest.raises(LLMError) as caught:
        client.chat(HI)
    assert caught.value.kind == "closed" and not caught.value.retryable


def test_closing_the_client_ends_a_call_in_flight(server):
    stall(server, "body")
    client = ChatClient(server.base_url, "m")
    with ThreadPoolExecutor(1) as pool:
        call = pool.submit(client.chat, HI, deadline_s=30.0)
        assert settles(lambda: server.in_flight == 1)
        client.close()
        with pytest.raises(LLMError) as caught:
            call.result(timeout=5)
    assert caught.value.kind == "closed"
    assert settles(lambda: server.in_flight == 0)
