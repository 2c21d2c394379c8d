"""``xinyu eval report``: one HTML page from the evaluation commands' own outputs."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.data.test_workbench import ESCONV
from xinyu.cli.main import app

pytest.importorskip("matplotlib")
pytest.importorskip("sacrebleu")

runner = CliRunner()


def _write(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _last_json(output: str) -> str:
    return output.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Real outputs of eval emotion, eval reply (with samples) and eval human-score, plus a curves.json."""
    root = tmp_path_factory.mktemp("report-inputs")
    labelled = _write(
        root / "emo.jsonl",
        [{"text": t, "label": lab} for t, lab in [
            ("今天好开心", "joy"), ("我好难过", "sadness"), ("气死我了", "anger"), ("好害怕", "fear"),
            ("I am so happy today", "joy"), ("this is so sad", "sadness"), ("太开心了", "joy"), ("伤心", "sadness"),
        ]],
    )  # fmt: skip
    r = runner.invoke(app, ["eval", "emotion", "--data", str(labelled), "--scheme", "canonical", "--json"])
    assert r.exit_code == 0, r.output
    (root / "emotion.json").write_text(_last_json(r.stdout), encoding="utf-8")

    dialogues = _write(root / "esconv.jsonl", ESCONV)
    r = runner.invoke(
        app, ["eval", "reply", "--data", str(dialogues), "--json", "--samples", str(root / "local.jsonl")]
    )
    assert r.exit_code == 0, r.output
    (root / "local.json").write_text(_last_json(r.stdout), encoding="utf-8")
    # a second "system": the references themselves, scored through --replies
    rows = [json.loads(x) for x in (root / "local.jsonl").read_text(encoding="utf-8").splitlines()]
    given = _write(root / "given.jsonl", [{"id": x["id"], "reply": x["reference"] + " <i>"} for x in rows])
    r = runner.invoke(
        app,
        ["eval", "reply", "--data", str(dialogues), "--json", "--replies", str(given)]
        + ["--samples", str(root / "echo.jsonl")],
    )
    assert r.exit_code == 0, r.output
    (root / "echo.json").write_text(_last_json(r.stdout), encoding="utf-8")

    curves = {"steps": [1, 2, 3, 4], "train_loss": [2.0, 1.5, 1.2, 1.0], "evals": [
        {"step": 2, "epoch": 0, "dev_loss": 1.4, "dev_macro_f1": 0.5}, {"step": 4, "epoch": 1, "dev_loss": 1.1,
        "dev_macro_f1": 0.6}]}  # fmt: skip
    (root / "run").mkdir()
    (root / "run" / "curves.json").write_text(json.dumps(curves), encoding="utf-8")

    from xinyu.evaluate.human import Ratings, score

    ratings = Ratings(("local", "echo"))
    ratings.votes["empathy"] = {"001": [1, 1], "002": [-1, 0], "003": [1, 1]}
    ratings.raters = ["r1", "r2"]
    (root / "human.json").write_text(json.dumps(score(ratings, rounds=200)), encoding="utf-8")
    return root


def test_report_puts_every_output_on_one_page(outputs, tmp_path):
    out = tmp_path / "report"
    args = ["eval", "report", "--out", str(out), "--title", "Week 3 <models>"]
    args += ["--emotion", f"linear={outputs / 'emotion.json'}"]
    args += ["--reply", str(outputs / "local.json"), "--reply", str(outputs / "echo.json")]
    args += ["--samples", str(outputs / "local.jsonl"), "--samples", str(outputs / "echo.jsonl")]
    args += ["--curves", str(outputs / "run"), "--human", str(outputs / "human.json"), "--n-samples", "2"]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>Week 3 &lt;models&gt;</title>" in page
    emotion = json.loads((outputs / "emotion.json").read_text(encoding="utf-8"))
    assert f"<td class='num'>{emotion['macro_f1']:.4f}</td>" in page and "<td>linear</td>" in page
    for section in ("Emotion", "Replies", "Training curves", "Human evaluation", "Sample replies"):
        assert f"<h2>{section}</h2>" in page
    # figures: confusion heatmap and per-class bars, reply bars, the curves, the human win rates
    figures = sorted(p.name for p in out.glob("figure-*.png"))
    assert len(figures) == 5 and all(f"src='{name}'" in page for name in figures)
    assert all((out / name).stat().st_size > 5000 for name in figures)
    local = json.loads((outputs / "local.json").read_text(encoding="utf-8"))
    assert f"<td class='num'>{local['rouge_l']:.2f}</td>" in page
    # the samples table: two rows, both systems side by side, replies escaped
    table = page.split("<h2>Sample replies</h2>")[1]
    assert table.count("<tr>") == 3 and "<th>local</th><th>echo</th>" in table
    assert "&lt;i&gt;" in table and "<i>" not in table
    assert "win rate (95% CI)" in page and "0.5" in page


def test_report_refuses_inputs_of_the_wrong_kind(outputs, tmp_path):
    def run(*extra):
        r = runner.invoke(app, ["eval", "report", "--out", str(tmp_path / "r"), *map(str, extra)])
        return r.exit_code, " ".join(r.output.split())

    code, msg = run("--emotion", outputs / "local.json")
    assert code == 2 and "local.json: no macro_f1" in msg and "xinyu eval emotion --json" in msg
    code, msg = run("--curves", outputs)
    assert code == 2 and "curves.json" in msg
    code, msg = run("--reply", outputs / "emo.jsonl")
    assert code == 2 and "not a JSON object" in msg
    code, msg = run()
    assert code == 2 and "nothing to report" in msg
    assert not (tmp_path / "r" / "index.html").exists()
