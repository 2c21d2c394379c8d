import pytest
from fastapi.testclient import TestClient

from xinyu.config import Settings
from xinyu.service.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    # module-scoped, so set up before each test's isolated cache: it gets one of its own
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XINYU_CACHE", str(tmp_path_factory.mktemp("cache")))
        settings = Settings(data_dir=tmp_path_factory.mktemp("var"))
        with TestClient(create_app(settings), client=("127.0.0.1", 50000)) as c:
            yield c


def test_healthz(client):
    body = client.get("/healthz").json()
    # the default backend; with no graph in a test's cache it reads English with the linear model, and says so
    assert body["status"] == "ok" and body["backend"] == "encoder"
    assert body["model"].startswith("encoder:linear:") and body["model"].endswith("for en, zh")


def test_analyze_one_and_many(client):
    r = client.post("/v1/analyze", json={"text": "今天心情不太好，工作压力好大"})
    assert r.status_code == 200
    body = r.json()
    assert body["polarity"] == "negative" and body["language"] == "zh"
    assert {w["word"] for w in body["core_words"]} >= {"不太好", "压力"}
    r = client.post("/v1/analyze", json={"texts": ["好开心", "I am scared"]})
    assert [x["label"] for x in r.json()["results"]] == ["joy", "fear"]


def test_analyze_with_another_backend(client):
    r = client.post("/v1/analyze", json={"text": "我真的很害怕", "backend": "lexicon"})
    assert r.status_code == 200 and r.json()["model"].startswith("lexicon")


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ({"text": "   "}, 422, "empty"),
        ({"texts": ["ok", ""]}, 422, "texts[1] is empty"),
        ({}, 422, "exactly one of"),
        ({"text": "a", "texts": ["b"]}, 422, "exactly one of"),
        ({"text": 5}, 422, "string"),
        ({"text": "hi", "backend": "nope"}, 400, "unknown emotion backend"),
        ({"texts": ["x"] * 257}, 422, "256"),
    ],
)
def test_bad_requests_get_a_4xx_with_a_message(client, payload, status, message):
    r = client.post("/v1/analyze", json=payload)
    assert r.status_code == status
    assert message in r.text


def test_invalid_json_body(client):
    r = client.post("/v1/analyze", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_pages_are_served(client):
    r = client.get("/")
    assert r.status_code == 200 and "<textarea" in r.text and "/v1/chat" in r.text
    r = client.get("/analyze")
    assert r.status_code == 200 and "/v1/analyze" in r.text
    r = client.get("/dashboard")
    assert r.status_code == 200 and "/v1/admin/dashboard" in r.text


def test_state_lives_under_data_dir(tmp_path):
    settings = Settings(data_dir=tmp_path / "state")
    with TestClient(create_app(settings)):
        pass
    assert (tmp_path / "state" / "xinyu.db").is_file()
    assert oct((tmp_path / "state" / "keys.json").stat().st_mode & 0o777) == "0o600"
