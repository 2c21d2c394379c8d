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
        (
            "有时候希望睡着了就别醒了",
            1,
        ),  # a passive wish to be dead: moderate, so missed at the default threshold (high)
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


def _lines(path, rows) -> str:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return str(path)


def test_eval_risk_over_whole_conversations(tmp_path):
    f = _lines(
        tmp_path / "c.jsonl",
        [
            {
                "id": "calm",
                "turns": [
                    {"role": "user", "text": "我和男朋友分手了"},
                    {"role": "user", "text": "没人在乎我"},
                ],
            },
            {
                "id": "crisis",
                "label": 1,
                "turns": [
                    {"role": "user", "text": "最近压力好大"},
                    {"role": "assistant", "text": "愿意多说说吗？"},
                    {"role": "user", "content": "有时候觉得活着没意思"},
                    {"role": "user", "text": "家里还有一整瓶安眠药"},
                ],
            },
            {"id": "word", "turns": [{"role": "user", "text": "这周累死了"}]},
        ],
    )
    out = tmp_path / "dialogues.jsonl"
    r = run("eval", "risk", "--conversations", f, "--cues-only", "--json", "--out", str(out))
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert (report["n"], report["turns"], report["model"]) == (3, 6, "cues")
    assert report["without_risk"]["n"] == 1 and report["without_risk"]["false_alarms"]["high"]["count"] == 0
    assert report["with_risk"]["detected"]["high"] == {
        "count": 1,
        "rate": 1.0,
        "median_turn": 3.0,
        "median_turns_after_mention": 1.0,
    }
    assert report["unclear"]["n"] == 1
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert lines == report["dialogues"]
    assert [(d["id"], d["peak"], d["peak_turn"]) for d in lines] == [
        ("calm", "low", 2),
        ("crisis", "high", 3),
        ("word", "none", 1),
    ]
    table = run("eval", "risk", "--conversations", f, "--cues-only")
    assert table.exit_code == 0 and "without risk" in table.stdout and "3 conversations" in table.stdout


def test_eval_risk_reads_the_dialogue_corpora_through_their_layouts(tmp_path):
    esconv = _lines(
        tmp_path / "esconv.jsonl",
        [
            {
                "emotion_type": "sadness",
                "problem_type": "breakup",
                "dialog": [
                    {"speaker": "sys", "text": "Hi, how can I help?", "strategy": "Question"},
                    {"speaker": "usr", "text": "my girlfriend left me"},
                    {"speaker": "usr", "text": "I feel so alone"},
                    {"speaker": "sys", "text": "That sounds hard.", "strategy": "Reflection of feelings"},
                    {"speaker": "usr", "text": "I want to kill myself"},
                ],
            },
            {"emotion_type": "anxiety", "dialog": [{"speaker": "usr", "text": "exams next week"}]},
        ],
    )
    r = run("eval", "risk", "--conversations", esconv, "--cues-only", "--json")
    assert r.exit_code == 0, r.output
    dialogues = json.loads(r.stdout)["dialogues"]
    assert [(d["id"], d["line"], d["turns"], d["risk"], d["mention_turn"]) for d in dialogues] == [
        ("esconv:1", 1, 3, "with", 3),
        ("esconv:2", 2, 1, "without", None),
    ]
    smilechat = _lines(
        tmp_path / "smile.jsonl",
        [
            {
                "id": "s1",
                "dialog": [
                    {"role": "client", "content": "我和男朋友分手了"},
                    {"role": "counselor", "content": "听起来很难受"},
                    {"role": "client", "content": "我不想活了"},
                ],
            }
        ],
    )
    r = run("eval", "risk", "--conversations", smilechat, "--cues-only", "--json", "--limit", "1")
    assert r.exit_code == 0, r.output
    (only,) = json.loads(r.stdout)["dialogues"]
    assert (only["id"], only["turns"], only["risk"], only["first"]["moderate"]) == (
        "smilechat:s1",
        2,
        "with",
        2,
    )


def test_eval_risk_conversation_errors(tmp_path):
    f = _lines(tmp_path / "c.jsonl", [{"id": "a", "turns": [{"role": "user", "text": "好累"}]}])
    assert run("eval", "risk").exit_code == 2
    both = run("eval", "risk", "--data", f, "--conversations", f)
    assert both.exit_code == 2 and "not both" in both.output
    flat = run("eval", "risk", "--conversations", _lines(tmp_path / "flat.jsonl", [{"text": "好累"}]))
    assert flat.exit_code == 2 and "not conversations" in " ".join(flat.output.split())
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "a", "turns": [{"role": "user", "text": "好累"}]}\n{broken\n{"id": "c", "turns": 3}\n',
        encoding="utf-8",
    )
    r = run("eval", "risk", "--conversations", str(bad), "--cues-only", "--json")
    assert r.exit_code == 1
    report = json.loads(r.stdout)
    assert report["n"] == 1 and [e["line"] for e in report["errors"]] == [2, 3]
    empty = run("eval", "risk", "--conversations", _lines(tmp_path / "e.jsonl", [{"id": "x", "turns": []}]))
    # (the message wraps where the temporary path ends, so it is read with its line breaks closed up)
    assert empty.exit_code == 2 and "no conversations" in " ".join(empty.output.split())


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


def test_train_risk_cv_with_an_unknown_threshold_is_a_usage_error(tmp_path):
    res = run(
        "train",
        "risk",
        "--data-dir",
        str(tmp_path),
        "--out",
        str(tmp_path / "m"),
        "--cv",
        "sos1k",
        "--threshold",
        "bogus",
    )
    assert res.exit_code == 2 and "unknown risk level 'bogus'" in res.output
