"""The dataset contract: Parquet column types, the dataset card, the record schema, Label Studio's flat exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pyarrow.parquet as pq
import pytest
import yaml

from tests.data.test_workbench import _pipeline
from xinyu.data.card import META_KEYS, record_schema
from xinyu.data.pipeline import Pipeline
from xinyu.data.record import Record
from xinyu.data.review import (
    ReviewError,
    ReviewQueue,
    from_label_studio,
    read_label_studio,
    to_label_studio,
)
from xinyu.data.split import COLUMNS, write_splits
from xinyu.taxonomy import EMOTIONS


@pytest.fixture
def built(tmp_path, monkeypatch) -> Path:
    """A pipeline run over the workbench's small ESConv and SMILECHAT samples, splits in every format. Per test,
    so that it runs under each test's isolated settings and leaves no labeller of the real ones cached."""
    monkeypatch.setenv("RAW_DIR", str(tmp_path / "raw"))
    pipe = Pipeline.load(_pipeline(tmp_path))
    pipe.config["split"]["formats"] = ["jsonl", "parquet", "csv"]
    pipe.run()
    return tmp_path / "out"


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _card_at(split_dir: Path) -> tuple[dict, str]:
    """The card's front matter (parsed) and its prose."""
    _, head, body = (split_dir / "README.md").read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def test_every_record_the_pipeline_writes_fits_the_schema(built):
    validator = jsonschema.Draft202012Validator(record_schema())
    validator.check_schema(record_schema())
    rows = _lines(built / "data.jsonl") + _lines(built / "review.jsonl")
    split_rows = [r for p in sorted((built / "splits").glob("*.jsonl")) for r in _lines(p)]
    parquet_rows = [
        r for p in sorted((built / "splits").glob("*.parquet")) for r in pq.read_table(p).to_pylist()
    ]
    for r in parquet_rows:
        r["meta"] = json.loads(r["meta"])
    assert rows and len(split_rows) == len(parquet_rows) > 0
    for r in rows + split_rows + parquet_rows:
        errors = [e.message for e in validator.iter_errors(r)]
        assert not errors, (r["dialogue_id"], errors)
    assert {r["split"] for r in split_rows} <= {"train", "dev", "test"}


def test_the_schema_refuses_what_the_workbench_would_not_write():
    validator = jsonschema.Draft202012Validator(record_schema())
    good = Record("d:1", 0, "user", "我今天很难过", emotion="sadness", core_words=["难过"]).to_dict()
    assert validator.is_valid(good)
    for change in (
        {"emotion": "happy"},  # not one of xinyu's emotions
        {"core_words": "难过"},  # a string where a list belongs
        {"turn": -1},
        {"role": "bot"},
        {"meta": {"review": {"status": "maybe", "by": "li", "at": 1.0}}},
        {"extra": 1},
    ):
        assert not validator.is_valid({**good, **change}), change


def test_parquet_splits_keep_lists_native_and_match_the_jsonl(built):
    table = pq.read_table(built / "splits" / "train.parquet")
    types = {f.name: str(f.type) for f in table.schema}
    assert list(types) == list(COLUMNS)
    assert types["core_words"] == "list<element: string>" and types["turn"] == "int64"
    assert types["meta"] == "string"  # keys vary by source, so JSON text (see the card)
    parquet = table.to_pylist()
    jsonl = _lines(built / "splits" / "train.jsonl")
    assert any(r["core_words"] for r in parquet)  # the label stage filled some
    for p, j in zip(parquet, jsonl, strict=True):
        assert {**p, "meta": json.loads(p["meta"])} == j


def test_csv_splits_stay_flat_with_json_text(built):
    with (built / "splits" / "train.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    jsonl = _lines(built / "splits" / "train.jsonl")
    assert list(rows[0]) == list(COLUMNS)
    for c, j in zip(rows, jsonl, strict=True):
        assert json.loads(c["core_words"]) == j["core_words"] and json.loads(c["meta"]) == j["meta"]


def test_the_card_tells_datasets_the_splits_and_the_label_order(built):
    head, body = _card_at(built / "splits")
    splits = built / "splits"
    (config,) = head["configs"]
    files = {f["split"]: f["path"] for f in config["data_files"]}
    assert set(files) == {p.stem for p in splits.glob("*.jsonl")}
    assert all(p.endswith(".parquet") and (splits / p).is_file() for p in files.values())
    features = {f["name"]: f for f in head["dataset_info"]["features"]}
    assert list(features) == list(COLUMNS)
    names = features["emotion"]["dtype"]["class_label"]["names"]
    assert [names[k] for k in sorted(names, key=int)] == list(EMOTIONS)  # xinyu's order, not alphabetical
    assert features["core_words"]["sequence"] == "string" and features["turn"]["dtype"] == "int64"
    counts = {s["name"]: s["num_examples"] for s in head["dataset_info"]["splits"]}
    assert counts == {n: len(_lines(splits / f"{n}.jsonl")) for n in files}
    # every meta key the rows carry is explained, and every source is named for its licence
    rows = [r for p in splits.glob("*.jsonl") for r in _lines(p)]
    for key in {k for r in rows for k in r["meta"]}:
        assert f"`meta.{key}`" in body and META_KEYS[key] in body
    assert "## Licence" in body and all(f"`{r['source']}`" in body for r in rows)


def test_a_jsonl_only_card_points_at_jsonl_and_declares_no_features(tmp_path):
    recs = [
        Record("a:1", 0, "user", "好烦", emotion="anger", meta={"topic": "work"}),
        Record("a:2", 0, "user", "还好", emotion="neutral"),
    ]
    write_splits(recs, ["train", "no"], tmp_path, ["jsonl"])  # "no" would be false in YAML unquoted
    head, body = _card_at(tmp_path)
    assert head["configs"][0]["data_files"] == [
        {"split": "train", "path": "train.jsonl"},
        {"split": "no", "path": "no.jsonl"},
    ]
    assert head["dataset_info"]["splits"][1] == {"name": "no", "num_examples": 1}
    assert "features" not in head["dataset_info"]
    assert "`meta.topic` (1): a column of the flat input file" in body


def _doubted() -> Record:
    """A row the label model called sadness (0.62) and cleanlab thinks is fear (self-confidence 0.1)."""
    return Record(
        "d:7",
        0,
        "user",
        "明天要上台，手一直在抖",
        emotion="sadness",
        meta={
            "label": {"emotion": "sadness", "confidence": 0.62, "model": "linear-zh"},
            "review": {"reason": "label_issue", "suggested": "fear", "self_confidence": 0.1},
        },
    )


def test_pre_annotations_are_named_after_what_made_them(tmp_path):
    (task,) = to_label_studio([_doubted()])
    got = {p["model_version"]: (p["result"][0]["value"]["choices"], p["score"]) for p in task["predictions"]}
    assert got == {"cleanlab": (["fear"], 0.9), "linear-zh": (["sadness"], 0.62)}
    (plain,) = to_label_studio([Record("d:8", 0, "user", "还行", emotion="neutral")])
    assert [p["model_version"] for p in plain["predictions"]] == ["given"] and "score" not in plain[
        "predictions"
    ][0]
    # the web queue shows the proposal with the score of what proposed it
    queue = tmp_path / "q.jsonl"
    queue.write_text(json.dumps(_doubted().to_dict(), ensure_ascii=False) + "\n", encoding="utf-8")
    item = ReviewQueue(queue).item("d:7#0")
    assert (item["predicted"], item["predicted_by"], item["confidence"]) == ("fear", "cleanlab", 0.9)


def test_label_studio_json_min_export_imports(tmp_path):
    # JSON-MIN: one flat object per annotated task, the task's data beside the choice
    rows = [
        {
            "id": 11,
            "uid": "d:7#0",
            "text": "明天要上台，手一直在抖",
            "given": "sadness",
            "emotion": "fear",
            "annotator": "li.wei@example.org",
            "annotation_id": 3,
            "updated_at": "2026-11-20T08:30:00.000000Z",
        },
        {"id": 12, "uid": "d:8#0", "given": "neutral", "emotion": {"choices": ["neutral"]}, "annotator": 4},
        {"id": 13, "uid": "d:9#0", "given": "joy"},  # not annotated
    ]
    path = tmp_path / "min.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    got = {c.uid: c for c in from_label_studio(read_label_studio(path))}
    assert set(got) == {"d:7#0", "d:8#0"}
    assert (got["d:7#0"].action, got["d:7#0"].was, got["d:7#0"].by) == (
        "correct",
        "sadness",
        "li.wei@example.org",
    )
    assert got["d:8#0"].action == "accept" and got["d:8#0"].by == "label-studio:4"
    with pytest.raises(ReviewError, match="uid column"):
        from_label_studio([{"text": "x", "emotion": "joy"}])
    with pytest.raises(ReviewError, match="anger2"):
        from_label_studio([{"uid": "d:1#0", "emotion": "anger2"}])


def test_label_studio_csv_export_imports(tmp_path):
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(
            fh, ["id", "uid", "text", "response", "given", "emotion", "annotator", "updated_at"]
        )
        w.writeheader()
        w.writerow({"id": 1, "uid": "d:1#0", "text": "好烦", "given": "", "emotion": "anger", "annotator": 2})
        w.writerow(
            {"id": 2, "uid": "d:2#0", "text": "唉", "given": "sadness", "emotion": '{"choices": ["sadness"]}'}
        )
        w.writerow({"id": 3, "uid": "d:3#0", "text": "嗯", "given": "neutral", "emotion": ""})
    got = {c.uid: c for c in from_label_studio(read_label_studio(path))}
    assert set(got) == {"d:1#0", "d:2#0"}
    assert (got["d:1#0"].emotion, got["d:1#0"].action, got["d:1#0"].was) == ("anger", "correct", None)
    assert got["d:2#0"].action == "accept" and got["d:2#0"].by == "label-studio"
    bad = tmp_path / "export.json"
    bad.write_text("uid,emotion\n", encoding="utf-8")
    with pytest.raises(ReviewError, match="not JSON"):
        read_label_studio(bad)


def test_hugging_face_datasets_loads_the_splits_as_the_card_declares(built, tmp_path, monkeypatch):
    """`datasets.load_dataset` on the split folder reads the card: native lists, emotion a ClassLabel in xinyu's
    order, every split with its rows."""
    datasets = pytest.importorskip("datasets")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    splits = built / "splits"
    loaded = datasets.load_dataset(str(splits), cache_dir=str(tmp_path / "hf" / "datasets"))
    assert set(loaded) == {p.stem for p in splits.glob("*.jsonl")}
    for name, split in loaded.items():
        emotion = split.features["emotion"]
        assert isinstance(emotion, datasets.ClassLabel) and emotion.names == list(EMOTIONS)
        assert split.features["core_words"].feature.dtype == "string"
        rows = _lines(splits / f"{name}.jsonl")
        assert split.num_rows == len(rows)
        first = split[0]
        assert first["core_words"] == rows[0]["core_words"]
        assert emotion.int2str(first["emotion"]) == rows[0]["emotion"]
