"""The shared OpenAI-compatible client and the llm backend, against the fake server on loopback."""

import json

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
