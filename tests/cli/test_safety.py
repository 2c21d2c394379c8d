"""``xinyu risk``, ``xinyu eval risk`` and ``xinyu redact``."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from xinyu.cli.main import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def test_risk_json_message():
    r = run("risk", "--json", "家里都没有方便我上吊的地方")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["level"] in {"high", "imminent"} and {"score", "reasons"} <= set(out)


def test_risk_conversation_turn_by_turn(tmp_path):
    f = tmp_path / "c.jsonl"
    rows = [
        {"role": "user", "text": "最近压力好大"},
        {"role": "assistant", "text": "愿意多说说吗？"},
        {"role": "user", "content": "有时候觉得活着没意思"},
        {"role": "user", "text": "家里还有一整瓶安眠药"},
    ]
    f.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in rows), encoding="utf-8")
    r = run("risk", "--conversation", str(f), "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert [t["line"] for t in out["turns"]] == [1, 3, 4]
    assert out["level"] == "high" and out["turns"][-1]["reasons"][-1]["layer"] == "conversation"


def test_risk_usage_errors(tmp_path):
    assert run("risk").exit_code == 2
    r = run("risk", "--conversation", str(tmp_path / "missing.jsonl"))
    assert r.exit_code == 2 and "missing.jsonl" in r.output


def test_eval_risk_reports_binary_metrics(tmp_path):
    f = tmp_path / "d.jsonl"
    rows = [
        ("我想跳楼", 1),
        ("我买好了绳子，今晚就上吊", 1),
        ("今天天气很好", 0),
        ("笑死我了", 0),
        ("想死", 1),  # a wish to die without a method: moderate, so missed at the default threshold (high)
    ]
    f.write_text(
        "\n".join(json.dumps({"t": t, "y": y}, ensure_ascii=False) for t, y in rows), encoding="utf-8"
    )
    r = run("eval", "risk", "--data", str(f), "--text-field", "t", "--label-field", "y", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["n"] == 5 and out["precision"] == 1.0 and out["recall"] == round(2 / 3, 4)
    assert out["confusion"]["matrix"] == [[2, 0], [1, 2]]
    r = run(
        "eval",
        "risk",
        "--data",
        str(f),
        "--text-field",
        "t",
        "--label-field",
        "y",
        "--json",
        "--threshold",
        "moderate",
    )
    assert json.loads(r.stdout)["recall"] == 1.0
    bad = run(
        "eval", "risk", "--data", str(f), "--text-field", "t", "--label-field", "y", "--threshold", "severe"
    )
    assert bad.exit_code == 2 and "unknown risk level" in bad.output


def test_redact_text_and_jsonl(tmp_path):
    r = run("redact", "我的手机号是13812345678")
    assert r.exit_code == 0 and r.stdout.strip() == "我的手机号是[PHONE]"
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": 1, "text": "邮箱 a@b.com", "reply": "好的"}, ensure_ascii=False) + "\n{broken\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    r = run("redact", "--input", str(src), "--out", str(out))
    assert r.exit_code == 1  # the broken line is reported...
    lines = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"id": 1, "text": "邮箱 [EMAIL]", "reply": "好的"}
    assert lines[1] == "{broken"  # ...and copied through, not lost
    assert run("redact", "x", "--mode", "blur").exit_code == 2
