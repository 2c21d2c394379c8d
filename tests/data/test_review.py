"""Label review: Label Studio round trip, the web app's queue, corrections applied, confident learning."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from xinyu.cli.main import app as cli
from xinyu.config import Settings
from xinyu.data.record import Record
from xinyu.data.review import (
    Correction,
    ReviewError,
    apply_corrections,
    find_label_issues,
    from_label_studio,
    label_studio_config,
    mark_label_issues,
    read_corrections,
    to_label_studio,
)

runner = CliRunner()


def _queue(path, n=3):
    rows = [
        Record(
            f"d{i}",
            0,
            "user",
            f"第{i}句：今天有点说不清的感觉",
            response="嗯，我在听。",
            emotion="neutral" if i else None,
            meta={
                "label": {"emotion": "sadness", "confidence": 0.41, "scores": {"sadness": 0.41}},
                "review": True,
            },
        )
        for i in range(n)
    ]
    path.write_text(
        "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return rows


def test_label_studio_round_trip_keeps_who_and_when(tmp_path):
    rows = _queue(tmp_path / "review.jsonl")
    tasks = to_label_studio(rows)
    assert tasks[1]["data"]["uid"] == "d1#0"
    assert tasks[1]["predictions"][0]["result"][0]["value"]["choices"] == ["sadness"]
    assert (
        'name="emotion" toName="text"' in label_studio_config() and 'value="neutral"' in label_studio_config()
    )
    # what Label Studio exports: annotations with results, who, when (one cancelled, one not done)
    tasks[0]["annotations"] = [
        {
            "completed_by": {"id": 3, "email": "li.wei@example.org"},
            "updated_at": "2026-11-20T08:30:00.000000Z",
            "result": [
                {"from_name": "emotion", "to_name": "text", "type": "choices", "value": {"choices": ["fear"]}}
            ],
        }
    ]
    tasks[1]["annotations"] = [
        {
            "completed_by": 4,
            "created_at": "2026-11-21T09:00:00Z",
            "result": [{"from_name": "emotion", "value": {"choices": ["neutral"]}}],
        }
    ]
    tasks[2]["annotations"] = [{"was_cancelled": True, "result": []}]
    got = {c.uid: c for c in from_label_studio(tasks)}
    assert set(got) == {"d0#0", "d1#0"}
    assert got["d0#0"].emotion == "fear" and got["d0#0"].action == "correct"
    assert (
        got["d0#0"].by == "li.wei@example.org"
        and got["d0#0"].at == datetime(2026, 11, 20, 8, 30, tzinfo=UTC).timestamp()
    )
    assert got["d1#0"].action == "accept" and got["d1#0"].by == "label-studio:4"  # the given label stood
    out = list(apply_corrections(rows, got))
    assert out[0].emotion == "fear" and out[0].meta["review"]["status"] == "corrected"
    assert out[0].meta["review"]["was"] is None and out[0].meta["review"]["via"] == "label-studio"
    assert out[1].meta["review"]["status"] == "accepted" and out[2].meta["review"] is True


def test_label_studio_cli_export_import_apply(tmp_path):
    _queue(tmp_path / "review.jsonl")
    tasks, xml = tmp_path / "tasks.json", tmp_path / "emotion.xml"
    r = runner.invoke(
        cli,
        ["data", "review", "export", str(tmp_path / "review.jsonl"), "-o", str(tasks), "--config", str(xml)],
    )
    assert r.exit_code == 0, r.output
    exported = json.loads(tasks.read_text(encoding="utf-8"))
    assert len(exported) == 3 and xml.read_text(encoding="utf-8").startswith("<View>")
    exported[2]["annotations"] = [
        {
            "completed_by": 1,
            "updated_at": 1700000000,
            "result": [{"from_name": "emotion", "value": {"choices": ["joy"]}}],
        }
    ]
    tasks.write_text(json.dumps(exported), encoding="utf-8")
    corr = tmp_path / "corrections.jsonl"
    r = runner.invoke(cli, ["data", "review", "import", str(tasks), "-o", str(corr)])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["corrected"] == 1
    fixed = tmp_path / "fixed.jsonl"
    r = runner.invoke(
        cli,
        [
            "data",
            "review",
            "apply",
            str(tmp_path / "review.jsonl"),
            "--corrections",
            str(corr),
            "-o",
            str(fixed),
        ],
    )
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in fixed.read_text(encoding="utf-8").splitlines()]
    assert [x["emotion"] for x in rows] == [None, "neutral", "joy"]
    assert (
        rows[2]["meta"]["review"]["by"] == "label-studio:1" and rows[2]["meta"]["review"]["was"] == "neutral"
    )
    # a file that is not an export is refused with a message
    bad = tmp_path / "bad.json"
    bad.write_text('[{"data": {"text": "x"}}]', encoding="utf-8")
    r = runner.invoke(cli, ["data", "review", "import", str(bad), "-o", str(corr)])
    assert r.exit_code == 2 and "data.uid" in r.output


def test_corrections_are_checked():
    with pytest.raises(ReviewError, match="melancholy"):
        Correction("d#0", "melancholy", "correct", "li", 0.0)
    with pytest.raises(ReviewError, match="reviewer"):
        Correction("d#0", "joy", "accept", " ", 0.0)


def _client(tmp_path, queue):
    from xinyu.service.app import create_app

    settings = Settings(data_dir=tmp_path / "var", review_queue=queue)
    return TestClient(create_app(settings), client=("127.0.0.1", 50000))


def test_the_review_api_records_decisions_with_who_and_when_and_survives_a_restart(tmp_path):
    queue = tmp_path / "review.jsonl"
    _queue(queue)
    with _client(tmp_path, queue) as client:
        page = client.get("/v1/admin/review").json()
        assert page["total"] == 3 and page["done"] == 0 and len(page["items"]) == 3
        assert page["items"][0]["predicted"] == "sadness" and page["items"][0]["confidence"] == 0.41
        r = client.post(
            "/v1/admin/review/d1%230", json={"emotion": "anger", "action": "correct", "reviewer": "li"}
        )
        assert r.status_code == 200, r.text
        assert r.json()["by"] == "li" and r.json()["was"] == "neutral" and r.json()["at"] > 0
        assert (
            client.post(
                "/v1/admin/review/nope%230", json={"emotion": "joy", "action": "accept", "reviewer": "li"}
            ).status_code
            == 404
        )
        bad = client.post(
            "/v1/admin/review/d0%230", json={"emotion": "bored", "action": "accept", "reviewer": "li"}
        )
        assert bad.status_code == 422
        nameless = client.post(
            "/v1/admin/review/d0%230", json={"emotion": "joy", "action": "accept", "reviewer": ""}
        )
        assert nameless.status_code == 422
        assert [i["uid"] for i in client.get("/v1/admin/review").json()["items"]] == ["d0#0", "d2#0"]
        assert "label review" in client.get("/review").text
    with _client(tmp_path, queue) as client:  # the decision was written through
        page = client.get("/v1/admin/review?status=done").json()
        assert page["done"] == 1 and page["items"][0]["review"]["emotion"] == "anger"
    assert read_corrections(tmp_path / "review.corrections.jsonl")["d1#0"].by == "li"


def test_without_a_queue_the_review_api_says_how_to_start_one(tmp_path):
    with _client(tmp_path, None) as client:
        r = client.get("/v1/admin/review")
    assert r.status_code == 404 and "XINYU_REVIEW_QUEUE" in r.json()["detail"]


def test_confident_learning_finds_flipped_labels():
    rng = random.Random(3)
    joy = ["今天真开心", "太棒了终于放假", "好幸福呀", "开心得睡不着", "考试通过了太好了", "收到礼物好开心"]
    sad = ["好难过想哭", "心里很难受", "失恋了好伤心", "一个人好孤单难过", "哭了一整晚", "难受得吃不下饭"]
    recs = []
    for i in range(240):
        base = rng.choice(joy if i % 2 == 0 else sad)
        recs.append(
            Record(
                f"r{i}",
                0,
                "user",
                f"{base}{'啊呀哦嗯'[i % 4]}{i}",
                emotion="joy" if i % 2 == 0 else "sadness",
            )
        )
    flipped = set(rng.sample(range(240), 12))
    for i in flipped:
        recs[i].emotion = "sadness" if recs[i].emotion == "joy" else "joy"
    issues = find_label_issues(recs, folds=4)
    found = {i for i, _, _ in issues}
    assert len(found & flipped) >= 10 and len(found - flipped) <= 3
    top, suggested, conf = issues[0]
    assert top in flipped and suggested != recs[top].emotion and conf < 0.5


def test_marked_label_issues_are_a_review_queue_in_the_issues_order():
    recs = [Record(f"r{i}", 0, "user", f"text {i}", emotion="joy", meta={"source": "x"}) for i in range(4)]
    queue = mark_label_issues(recs, [(2, "sadness", 0.12), (0, "anger", 0.3)])
    assert queue == [recs[2], recs[0]]  # the same records, marked in place
    assert recs[2].meta == {
        "source": "x",
        "review": {"reason": "label_issue", "suggested": "sadness", "self_confidence": 0.12},
    }
    assert recs[0].meta["review"]["suggested"] == "anger" and "review" not in recs[1].meta
    assert mark_label_issues(recs, []) == []


def test_find_errors_cli_writes_a_review_queue(tmp_path):
    rows = [
        {
            "dialogue_id": f"r{i}",
            "text": ("好开心啊" if i % 2 else "好难过啊") + str(i),
            "emotion": "joy" if i % 2 else "sadness",
        }
        for i in range(60)
    ]
    rows[4]["emotion"] = "joy"  # a sad text labelled joy
    src = tmp_path / "labelled.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "suspects.jsonl"
    r = runner.invoke(cli, ["data", "review", "find-errors", str(src), "-o", str(out), "--folds", "3"])
    assert r.exit_code == 0, r.output
    suspects = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert suspects[0]["text"] == "好难过啊4" and suspects[0]["meta"]["review"]["suggested"] == "sadness"
