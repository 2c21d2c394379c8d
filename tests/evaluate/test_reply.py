"""``xinyu eval reply``: the metrics themselves, and whole runs with the local engine and a fake LLM."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.data.test_workbench import ESCONV
from xinyu.cli.main import app
from xinyu.evaluate.reply import ReplyScores, bleu, distinct, emotion_fits, rouge_l, tokens
from xinyu.llm.fake import FakeOpenAIServer

runner = CliRunner()


def test_metrics_on_known_cases():
    same = [tokens("I am sorry to hear that, it sounds hard"), tokens("我能理解你的感受")]
    assert bleu(same, same, 2) == pytest.approx(100.0) and bleu(same, same, 4) == pytest.approx(100.0)
    assert bleu([["a", "b"]], [["c", "d"]], 2) == 0.0
    assert rouge_l(list("abcd"), list("acde")) == pytest.approx(0.75)  # LCS a-c-d
    assert rouge_l([], ["a"]) == 0.0
    assert distinct([["a", "a", "b"]], 1) == pytest.approx(2 / 3)
    assert distinct([["a", "b", "a", "b"]], 2) == pytest.approx(2 / 3)  # ab, ba, ab
    assert tokens("好累啊!") == ["好", "累", "啊"]  # Chinese by character
    assert emotion_fits("sadness", "neutral") and not emotion_fits("sadness", "joy")
    assert not emotion_fits("joy", "anger") and emotion_fits("joy", "joy")
    scores = ReplyScores()
    scores.add("我能理解你的感受", "我能理解你的感受", fits=True, strategy_hit=False, allowed=True)
    scores.add("听起来很难", "这听起来真的很难受", fits=False)
    report = scores.report()
    assert report["rows"] == 2 and report["emotion_fit"] == 50.0 and report["strategy_accuracy"] == 0.0
    assert report["strategy_rows"] == 1 and report["moderation_pass"] == 100.0
    assert 0 < report["rouge_l"] < 100 and report["length"] == pytest.approx((8 + 5) / 2)
    with pytest.raises(ValueError, match="no rows"):
        ReplyScores().report()


def _esconv(tmp_path):
    path = tmp_path / "esconv.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in ESCONV), encoding="utf-8")
    return path


def test_eval_reply_with_the_local_engine(tmp_path):
    samples = tmp_path / "samples.jsonl"
    r = runner.invoke(
        app, ["eval", "reply", "--data", str(_esconv(tmp_path)), "--json", "--samples", str(samples)]
    )
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout.strip().splitlines()[-1])
    rows = [json.loads(x) for x in samples.read_text(encoding="utf-8").splitlines()]
    assert report["rows"] == len(rows) >= 2 and report["engine"] == "local"
    assert report["strategy_rows"] >= 1 and report["moderation_pass"] == 100.0
    assert all(row["reply"] and row["reference"] for row in rows)
    assert {"bleu1", "bleu2", "bleu4", "rouge_l", "distinct1", "distinct2", "emotion_fit"} <= set(report)


def test_eval_reply_scores_an_llm_that_says_the_reference_at_100(tmp_path, monkeypatch):
    refs = {}
    for d in ESCONV:
        turns = d["dialog"]
        for a, b in zip(turns, turns[1:], strict=False):
            if a["speaker"] == "usr" and b["speaker"] == "sys":
                refs[a["text"]] = b["text"]

    def responder(messages):  # the reference reply of the user's last turn (runs of turns are joined)
        last = messages[-1]["content"]
        return next(v for k, v in refs.items() if last.endswith(k))

    with FakeOpenAIServer(responder) as server:
        monkeypatch.setenv("XINYU_LLM__BASE_URL", server.base_url)
        monkeypatch.setenv("XINYU_LLM__MODEL", "fake")
        r = runner.invoke(
            app, ["eval", "reply", "--data", str(_esconv(tmp_path)), "--engine", "llm", "--json"]
        )
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout.strip().splitlines()[-1])
    assert report["fallbacks"] == 0
    assert report["bleu2"] == pytest.approx(100.0) and report["rouge_l"] == pytest.approx(100.0)


def test_eval_reply_refuses_what_it_cannot_score(tmp_path):
    flat = tmp_path / "flat.jsonl"
    flat.write_text('{"text": "hello there"}\n', encoding="utf-8")

    def run(*extra):
        r = runner.invoke(app, ["eval", "reply", "--data", str(flat), *extra])
        return r.exit_code, " ".join(r.output.split())

    code, out = run()
    assert code == 2 and "no user turn with a reference reply" in out
    code, out = run("--engine", "gpt")
    assert code == 2 and "choose local, llm or model" in out
    code, out = run("--engine", "model", "--model-path", str(tmp_path / "missing"))
    assert code == 2 and "not found; train one with `xinyu train reply`" in out
    code, out = run("--engine", "model", "--strategy", "random")
    assert code == 2 and "choose planner or model" in out
