"""Reading binary risk labels and scoring the risk layer on them."""

from __future__ import annotations

from types import SimpleNamespace

from xinyu.evaluate.risk import BinaryGold, binary_report, evaluate_risk, read_binary_gold
from xinyu.io import Row
from xinyu.levels import RiskLevel


def test_read_binary_gold_reads_any_binary_spelling_and_lists_the_rest():
    rows = [
        Row(1, {"text": "我想死", "y": "yes"}),
        Row(2, {"text": "今天真好", "y": 0}),
        Row(3, {"text": "嗯", "y": "maybe"}),
        Row(4, {"y": 1}),
        Row(5, error="line 5 is not valid JSON: Expecting value"),
    ]
    gold = read_binary_gold(rows, "text", "y")
    assert (gold.texts, gold.gold) == (["我想死", "今天真好"], [1, 0])
    assert [e["line"] for e in gold.errors] == [3, 4, 5]
    assert "not binary" in gold.errors[0]["error"] and gold.errors[1]["error"] == "missing field 'text'"


class _Assessor:
    """Reads the level from the text; a model (or none) and a load error as the real assessor has them."""

    def __init__(self, model=None, model_error=None) -> None:
        self.model, self.model_error = model, model_error
        self.batches: list[int] = []

    def assess_batch(self, texts):
        self.batches.append(len(texts))
        return [SimpleNamespace(level=RiskLevel.parse(t)) for t in texts]


def test_evaluate_risk_reports_the_binary_figures_at_the_threshold():
    gold = BinaryGold(["high", "none", "imminent", "moderate"], [1, 0, 1, 1])
    assessor, done = _Assessor(model=SimpleNamespace(source="models/risk-linear")), []
    report = evaluate_risk(gold, assessor, RiskLevel.HIGH, data="d.jsonl", batch_size=3, progress=done.append)
    assert assessor.batches == [3, 1] and done == [3, 1]
    levels = [3, 0, 4, 2]
    assert report == {
        "data": "d.jsonl",
        "threshold": "high",
        **binary_report([1, 0, 1, 1], levels, RiskLevel.HIGH),
        "model": "risk-linear",
    }
    assert list(report)[:3] == ["data", "threshold", "n"] and list(report)[-1] == "model"


def test_evaluate_risk_names_the_cue_layer_its_load_error_and_the_rows_left_out():
    errors = [{"line": 3, "error": "missing field 'text'"}]
    gold = BinaryGold(["low"], [0], errors)
    report = evaluate_risk(gold, _Assessor(model_error="no risk model"), RiskLevel.LOW, data="d")
    assert report["model"] == "cues" and report["model_error"] == "no risk model"
    assert report["errors"] == errors and list(report)[-2:] == ["model_error", "errors"]
    assert report["confusion"]["fp"] == 1
    report = evaluate_risk(BinaryGold(["low"], [0]), _Assessor(), RiskLevel.LOW, data="d")
    assert "model_error" not in report and "errors" not in report
