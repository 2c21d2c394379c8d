"""The human evaluation kit: ``xinyu eval human-sheet`` writes blind A/B sheets, ``xinyu eval human-score``
unblinds filled ones into win rates with intervals, sign tests and rater agreement."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from xinyu.cli.main import app
from xinyu.evaluate.human import RUBRIC, fleiss_kappa, sign_test

runner = CliRunner()


def _samples(path, replies: dict[str, str]):
    rows = [
        {
            "id": sid,
            "context": [
                {"role": "user", "text": "最近睡不好"},
                {"role": "assistant", "text": "听起来很辛苦"},
            ],
            "user": f"用户说的话 #{sid[1:]} <b>",
            "reference": f"参考回复 {sid}",
            "reply": reply,
        }
        for sid, reply in replies.items()
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _sheet(tmp_path, n=20):
    model = {f"t{k}": f"模型的回复 {k}" for k in range(12)}
    local = {f"t{k}": f"本地的回复 {k}" for k in range(11)}  # t11 only the model answered
    local["t3"] = model["t3"]  # an identical pair: nothing to judge
    a = _samples(tmp_path / "model.jsonl", model)
    b = _samples(tmp_path / "local.jsonl", local)
    out = tmp_path / "sheet"
    r = runner.invoke(
        app, ["eval", "human-sheet", "--a", str(a), "--b", str(b), "--out", str(out), "--n", str(n)]
    )
    assert r.exit_code == 0, r.output
    return out


def _fill(out, path, pick):
    """A rater's filled copy of sheet.csv; ``pick(criterion, shown)`` gets {'A': system, 'B': system}."""
    key = json.loads((out / "key.json").read_text(encoding="utf-8"))
    with (out / "sheet.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        shown = {"A": key["items"][row["item"]]["a"], "B": key["items"][row["item"]]["b"]}
        for criterion in RUBRIC:
            row[criterion] = pick(criterion, shown)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_sheet_is_blind_and_pairs_only_what_both_answered(tmp_path):
    out = _sheet(tmp_path)
    key = json.loads((out / "key.json").read_text(encoding="utf-8"))
    assert key["systems"] == ["model", "local"]
    ids = sorted(v["id"] for v in key["items"].values())
    assert ids == sorted(f"t{k}" for k in range(11) if k != 3)  # t3 identical, t11 unpaired
    assert {v["a"] for v in key["items"].values()} == {"model", "local"}  # both orders occur
    with (out / "sheet.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 10 and set(RUBRIC) <= set(rows[0]) and all(not r["empathy"] for r in rows)
    assert "User: 最近睡不好" in rows[0]["context"] and "Supporter: 听起来很辛苦" in rows[0]["context"]
    page = (out / "sheet.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;" in page and "<b>\n" not in page  # user text escaped
    for system in ("model", "local", "t0", "t10"):  # neither the systems nor the sample ids leak to raters
        assert f'"{system}"' not in page and system not in (out / "sheet.csv").read_text(encoding="utf-8-sig")
    assert page.count("class='item'") == 10 and "Download ratings (CSV)" in page

    # --n draws a subset; a reference comparison needs no second file
    r = runner.invoke(
        app,
        [
            "eval",
            "human-sheet",
            "--a",
            str(tmp_path / "model.jsonl"),
            "--out",
            str(tmp_path / "ref"),
            "--n",
            "4",
        ],
    )
    assert r.exit_code == 0, r.output
    key = json.loads((tmp_path / "ref" / "key.json").read_text(encoding="utf-8"))
    assert key["systems"] == ["model", "reference"] and len(key["items"]) == 4


def test_scores_unblind_ratings_into_win_rates(tmp_path):
    out = _sheet(tmp_path)

    def prefers_model(criterion, shown):
        if criterion == "safety":
            return "tie"
        if criterion == "relevance":
            return ""  # left blank: unrated
        return "A" if shown["A"] == "model" else "B"

    sheets = [_fill(out, tmp_path / f"rater{k}.csv", prefers_model) for k in (1, 2)]
    r = runner.invoke(
        app, ["eval", "human-score", "--key", str(out / "key.json"), *map(str, sheets), "--json"]
    )
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout.strip().splitlines()[-1])
    assert report["systems"] == ["model", "local"] and report["raters"] == ["rater1", "rater2"]
    empathy = report["criteria"]["empathy"]
    assert empathy["model_wins"] == 20 and empathy["local_wins"] == 0 and empathy["win_rate"] == 1.0
    assert empathy["ci95"] == [1.0, 1.0] and empathy["sign_test_p"] < 0.001 and empathy["fleiss_kappa"] == 1.0
    safety = report["criteria"]["safety"]
    assert safety["ties"] == 20 and safety["win_rate"] == 0.5 and safety["sign_test_p"] == 1.0
    assert report["criteria"]["relevance"] == {"ratings": 0}

    # a rater who disagrees: half the empathy wins go the other way, and the interval widens
    seen = []

    def half(criterion, shown):
        if criterion != "empathy":
            return "tie"
        seen.append(criterion)
        model_side = "A" if shown["A"] == "model" else "B"
        return model_side if len(seen) % 2 else {"A": "B", "B": "A"}[model_side]

    sheets.append(_fill(out, tmp_path / "rater3.csv", half))
    r = runner.invoke(
        app, ["eval", "human-score", "--key", str(out / "key.json"), *map(str, sheets), "--json"]
    )
    empathy = json.loads(r.stdout.strip().splitlines()[-1])["criteria"]["empathy"]
    assert (
        empathy["model_wins"] == 25
        and empathy["local_wins"] == 5
        and empathy["ci95"][0] < empathy["win_rate"] < 1.0
    )
    assert empathy["fleiss_kappa"] < 1.0

    r = runner.invoke(app, ["eval", "human-score", "--key", str(out / "key.json"), str(sheets[0])])
    assert r.exit_code == 0 and "win rate" in r.output


def test_score_refuses_bad_sheets(tmp_path):
    out = _sheet(tmp_path)
    key = str(out / "key.json")

    def run(*args):
        r = runner.invoke(app, ["eval", "human-score", "--key", *map(str, args)])
        return r.exit_code, " ".join(r.output.split())

    bad = _fill(out, tmp_path / "bad.csv", lambda c, s: "C" if c == "safety" else "A")
    code, msg = run(key, bad)
    assert code == 2 and "bad.csv line 2: safety is 'C'; write A, B or tie" in msg
    blank = _fill(out, tmp_path / "blank.csv", lambda c, s: "")
    code, msg = run(key, blank)
    assert code == 2 and "no ratings" in msg
    stray = tmp_path / "stray.csv"
    stray.write_text("item,empathy,relevance,safety,overall\n999,A,A,A,A\n", encoding="utf-8")
    code, msg = run(key, stray)
    assert code == 2 and "item '999' is not in the key" in msg
    code, msg = run(tmp_path / "model.jsonl", bad)
    assert code == 2 and "not a key" in msg
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n", encoding="utf-8")
    code, msg = run(key, wrong)
    assert code == 2 and "no column" in msg

    r = runner.invoke(
        app,
        ["eval", "human-sheet", "--a", str(tmp_path / "model.jsonl"), "--b", str(tmp_path / "model.jsonl")]
        + ["--out", str(tmp_path / "same")],
    )
    assert r.exit_code == 2 and "no pair to judge" in " ".join(r.output.split())


def test_sign_test_and_kappa_against_hand_computed_values():
    assert abs(sign_test(10, 0) - 2 / 1024) < 1e-12
    assert sign_test(5, 5) == 1.0 and sign_test(0, 0) == 1.0
    assert abs(sign_test(8, 2) - 2 * (1 + 10 + 45) / 1024) < 1e-12
    # two raters, four items: agree on three (A, A, B), split on one
    raw = {"1": ["A", "A"], "2": ["A", "A"], "3": ["B", "B"], "4": ["A", "B"]}
    # P_bar = 3/4; category shares A 5/8, B 3/8 -> P_e = 34/64; kappa = (0.75 - 0.53125) / 0.46875
    assert abs(fleiss_kappa(raw) - (0.75 - 34 / 64) / (1 - 34 / 64)) < 1e-12
    assert fleiss_kappa({"1": ["A"], "2": ["B"]}) is None  # one rater: no agreement to measure
