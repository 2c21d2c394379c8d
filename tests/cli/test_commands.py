"""The command line as a user meets it: tables, JSON lines, files with bad rows, clear errors."""

import json

import pytest
from typer.testing import CliRunner

from xinyu.cli.main import app

runner = CliRunner()


def run(*args, **kw):
    return runner.invoke(app, list(args), **kw)


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_analyze_table_and_json():
    res = run("analyze", "今天心情不太好", "I feel so lonely")
    assert res.exit_code == 0, res.output
    assert "sadness" in res.output and "zh" in res.output
    res = run("analyze", "--json", "今天心情不太好", "I feel so lonely")
    out = lines(res.stdout)
    assert [o["language"] for o in out] == ["zh", "en"]
    assert {"label", "scores", "polarity", "intensity", "core_words", "model"} <= set(out[0])


def test_analyze_empty_text_reports_in_place():
    res = run("analyze", "--json", "好开心", "   ")
    assert res.exit_code == 1
    out = lines(res.stdout)
    assert out[0]["label"] == "joy" and out[1] == {"index": 1, "error": "text is empty or whitespace only"}


def test_analyze_file_never_drops_a_row(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_bytes(
        b'{"id": 1, "text": "\xe5\xa5\xbd\xe5\xbc\x80\xe5\xbf\x83"}\n'
        b'{"id": 2, "text": "bad \xff\xfe utf8"}\n'
        b'{"id": 3, "body": "no text field"}\n'
        b"not json\n"
        b'{"id": 5, "text": ""}\n'
        b"\n"
        b'{"id": 6, "text": "This makes me so angry"}\n'
    )
    res = run("analyze", "--input", str(f), "--json")
    assert res.exit_code == 1
    out = lines(res.stdout)
    assert len(out) == 6
    assert out[0]["id"] == 1 and out[0]["label"] == "joy"
    assert "not valid UTF-8" in out[1]["error"] and out[1]["line"] == 2
    assert "missing field 'text'" in out[2]["error"] and out[2]["id"] == 3
    assert "not valid JSON" in out[3]["error"]
    assert "empty" in out[4]["error"] and out[4]["id"] == 5
    assert out[5]["id"] == 6 and out[5]["label"] == "anger"


def test_analyze_csv_with_text_field(tmp_path):
    f = tmp_path / "in.csv"
    f.write_text("content,who\n好难过,a\n气死了,b\n", encoding="utf-8")
    res = run("analyze", "--input", str(f), "--text-field", "content", "--json")
    assert res.exit_code == 0, res.output
    assert [o["label"] for o in lines(res.stdout)] == ["sadness", "anger"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["analyze"], "give one or more texts"),
        (["analyze", "--backend", "nope", "hi"], "unknown emotion backend 'nope'"),
        (["analyze", "--input", "/nonexistent.jsonl"], "input file not found"),
        (["analyze", "--input", "x.parquet"], "not found"),
        (["eval", "emotion", "--data", "x.jsonl", "--scheme", "nope"], "unknown label scheme 'nope'"),
    ],
)
def test_usage_errors_exit_2_without_traceback(args, message):
    res = run(*args)
    assert res.exit_code == 2
    assert message in res.output
    assert "Traceback" not in res.output


def test_eval_single_label(data_files, tiny_model_dir):
    res = run(
        "eval",
        "emotion",
        "--data",
        str(data_files["zh"]),
        "--text-field",
        "content",
        "--label-field",
        "label",
        "--scheme",
        "smp2020",
        "--model",
        str(tiny_model_dir),
        "--json",
    )
    assert res.exit_code == 0, res.output
    rep = json.loads(res.stdout)
    assert rep["n"] == 24 and rep["multilabel"] is False
    assert rep["labels"] == ["joy", "sadness", "anger", "fear", "surprise", "neutral"]
    assert 0.8 <= rep["macro_f1"] <= 1.0 and 0.8 <= rep["accuracy"] <= 1.0
    cm = rep["confusion_matrix"]["matrix"]
    assert sum(map(sum, cm)) == 24 and len(cm) == 6
    assert set(rep["per_class"]["joy"]) >= {"precision", "recall", "f1", "support"}


def test_eval_multilabel_from_list_field(data_files, tiny_model_dir):
    res = run(
        "eval",
        "emotion",
        "--data",
        str(data_files["en"]),
        "--label-field",
        "ekman_labels",
        "--scheme",
        "goemotions-ekman",
        "--model",
        str(tiny_model_dir),
        "--json",
    )
    assert res.exit_code == 0, res.output
    rep = json.loads(res.stdout)
    assert rep["multilabel"] is True and rep["n"] == 24
    assert len(rep["confusion_matrix"]["matrix"]) == 7 and len(rep["confusion_matrix"]["matrix"][0]) == 4


def test_eval_reports_unscorable_rows(tmp_path, tiny_model_dir):
    f = tmp_path / "d.jsonl"
    f.write_text(
        '{"text": "好开心", "label": "happy"}\n{"text": "嗯", "label": "bogus"}\n{"label": "sad"}\n',
        encoding="utf-8",
    )
    res = run(
        "eval", "emotion", "--data", str(f), "--scheme", "smp2020", "--model", str(tiny_model_dir), "--json"
    )
    assert res.exit_code == 1
    rep = json.loads(res.stdout)
    assert rep["n"] == 1 and rep["n_errors"] == 2
    assert [e["line"] for e in rep["errors"]] == [2, 3]


def test_train_then_use(tmp_path, data_files):
    out = tmp_path / "m"
    res = run(
        "train",
        "emotion",
        "--backend",
        "linear",
        "--lang",
        "zh",
        "--scheme",
        "smp2020",
        "--text-field",
        "content",
        "--data",
        str(data_files["zh"]),
        "--out",
        str(out),
        "--min-df",
        "1",
    )
    assert res.exit_code == 0, res.output
    assert (out / "zh.npz").is_file()
    report = json.loads((out / "zh.train.json").read_text())
    assert report["n_train"] == 24 and len(report["data"][0]["sha256"]) == 64
    res = run("analyze", "--model", str(out), "--json", "好难过想哭")
    assert lines(res.stdout)[0]["label"] == "sadness"


def test_train_rejects_unknown_labels_and_backends(tmp_path, data_files):
    res = run(
        "train",
        "emotion",
        "--lang",
        "zh",
        "--scheme",
        "ecm",
        "--text-field",
        "content",
        "--data",
        str(data_files["zh"]),
        "--out",
        str(tmp_path),
    )
    assert res.exit_code == 2 and "no usable training rows" in res.output
    res = run(
        "train",
        "emotion",
        "--backend",
        "svm",
        "--lang",
        "zh",
        "--scheme",
        "smp2020",
        "--data",
        str(data_files["zh"]),
        "--out",
        str(tmp_path),
    )
    assert res.exit_code == 2


def test_doctor_lists_backends_and_models():
    res = run("doctor", "--json", "--no-probe")
    assert res.exit_code == 0
    info = json.loads(res.stdout)
    assert set(info["backends"]) == {"encoder", "linear", "lexicon", "llm", "transformer"}
    assert set(info["service"]) == {"risk_model", "reply_engine", "database", "tracing"}
    assert info["backends"]["linear"]["ready"] is True and info["default_backend"] == "encoder"
    # no graph in a test's cache: ready all the same, English read by the linear model, and the fix named
    encoder = info["backends"]["encoder"]
    assert encoder["ready"] is True and encoder["graph"] is False
    assert "linear model reads it" in encoder["detail"] and "xinyu export encoder" in encoder["detail"]
    assert any(f["path"].endswith("zh.npz") for f in info["model_files"])
    assert run("doctor", "--no-probe").exit_code == 0


def test_worker_processes_keep_order_and_every_row(tmp_path):
    texts = ["好开心", "", "气死了", "I am scared", "好难过想哭"] * 40
    f = tmp_path / "many.jsonl"
    f.write_text(
        "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)),
        encoding="utf-8",
    )
    one = run("analyze", "--input", str(f), "--json", "--workers", "1", "--batch-size", "7")
    two = run("analyze", "--input", str(f), "--json", "--workers", "2", "--batch-size", "7")
    assert one.exit_code == two.exit_code == 1
    a, b = lines(one.stdout), lines(two.stdout)
    assert len(a) == len(texts) and a == b
    assert [o["id"] for o in a] == list(range(len(texts)))
    assert sum("error" in o for o in a) == 40
