"""Act and fact scoring: reading labelled rows, the figures, the misses, and the ``xinyu eval acts`` command."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from xinyu.cli.main import app
from xinyu.evaluate.acts import ActExample, evaluate_acts, read_examples
from xinyu.io import Row
from xinyu.understand import DialogueActs, Fact


def _fixed(acts_by_text: dict[str, tuple[str, ...]], facts_by_text: dict[str, list[Fact]] | None = None):
    """A detector and an extractor that answer from tables, so the figures can be worked out by hand."""
    facts_by_text = facts_by_text or {}
    return (
        lambda text: DialogueActs(acts_by_text[text], ()),
        lambda text: tuple(facts_by_text.get(text, [])),
    )


def test_read_examples_keeps_good_rows_and_names_bad_ones():
    rows = [
        Row(1, {"text": "你好", "acts": ["greeting"]}),
        Row(2, {"text": "bye", "acts": "goodbye", "facts": {"time": "tomorrow"}}),
        Row(3, {"text": "", "acts": ["greeting"]}),
        Row(4, {"text": "hm", "acts": []}),
        Row(5, {"text": "hm", "acts": ["chitchat"]}),
        Row(6, {"text": "hm", "acts": ["venting"], "facts": ["name"]}),
        Row(7, error="line 7 is not valid JSON: Expecting value"),
    ]
    examples, errors = read_examples(rows)
    assert [e.line for e in examples] == [1, 2]
    assert examples[0].facts is None
    assert examples[1].acts == frozenset({"goodbye"}) and examples[1].facts == {"time": ("tomorrow",)}
    assert [e["line"] for e in errors] == [3, 4, 5, 6, 7]
    assert "unknown act(s) chitchat" in errors[2]["error"]


def test_per_act_micro_and_macro_figures():
    examples = [
        ActExample(1, "a", frozenset({"greeting"})),
        ActExample(2, "b", frozenset({"greeting", "venting"})),
        ActExample(3, "c", frozenset({"thanks"})),
    ]
    detect, extract = _fixed({"a": ("greeting",), "b": ("greeting",), "c": ("greeting",)})
    report = evaluate_acts(examples, detect, extract).report()
    greeting = report["per_act"]["greeting"]
    assert (greeting["tp"], greeting["fp"], greeting["fn"]) == (2, 1, 0)
    assert greeting["precision"] == pytest.approx(0.6667) and greeting["recall"] == 1.0
    assert report["per_act"]["venting"]["recall"] == 0.0
    # micro: tp 2, fp 1, fn 2; macro over the three acts that occur (greeting 0.8, venting 0, thanks 0)
    assert report["micro"] == {"precision": 0.6667, "recall": 0.5, "f1": 0.5714}
    assert report["macro_f1"] == pytest.approx(0.8 / 3, abs=1e-4)
    assert report["exact_match"] == pytest.approx(1 / 3, abs=1e-4)
    assert report["ms_per_turn"] is not None


def test_facts_match_by_kind_with_time_spans_matching_by_containment():
    examples = [
        ActExample(1, "a", frozenset({"venting"}), {"time": ("Friday at 10am",), "person": ("boss",)}),
        ActExample(2, "b", frozenset({"venting"}), {"name": ("小林",)}),
        ActExample(3, "c", frozenset({"venting"})),  # not labelled for facts: not scored on them
    ]
    found = {
        "a": [Fact("time", "Friday", "Friday", 0, 6), Fact("person", "mother", "mom", 0, 3)],
        "b": [Fact("name", "小林", "小林", 0, 2)],
        "c": [Fact("name", "X", "X", 0, 1)],
    }
    detect, extract = _fixed({"a": ("venting",), "b": ("venting",), "c": ("venting",)}, found)
    scores = evaluate_acts(examples, detect, extract)
    facts = scores.report()["facts"]
    assert facts["n"] == 2
    assert facts["per_kind"]["time"]["recall"] == 1.0
    assert facts["per_kind"]["name"]["precision"] == 1.0
    assert (facts["per_kind"]["person"]["fp"], facts["per_kind"]["person"]["fn"]) == (1, 1)
    misses = scores.misses()
    assert [m["line"] for m in misses] == [1]
    assert misses[0]["facts_missing"] == {"person": ["boss"]}
    assert misses[0]["facts_extra"] == {"person": ["mother"]}


def test_misses_list_wrong_acts_first_n():
    examples = [ActExample(k, t, frozenset({"thanks"})) for k, t in enumerate("abc", 1)]
    detect, extract = _fixed({"a": ("thanks",), "b": ("goodbye",), "c": ("venting",)})
    misses = evaluate_acts(examples, detect, extract).misses(1)
    assert misses == [
        {
            "line": 2,
            "text": "b",
            "gold": ["thanks"],
            "predicted": ["goodbye"],
            "missing": ["thanks"],
            "extra": ["goodbye"],
        }
    ]


def test_by_language():
    examples = [
        ActExample(1, "谢谢你", frozenset({"thanks"})),
        ActExample(2, "thank you", frozenset({"thanks"})),
    ]
    report = evaluate_acts(examples).report()
    assert set(report["by_language"]) == {"zh", "en"}
    assert report["by_language"]["en"]["n"] == 1


def _write(tmp_path, rows):
    path = tmp_path / "acts.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def test_eval_acts_command_json_and_table(tmp_path):
    path = _write(
        tmp_path,
        [
            {"text": "你是真人吗？", "acts": ["question_bot"], "facts": {}},
            {
                "text": "我叫小林，明天要考试",
                "acts": ["self_intro"],
                "facts": {"name": ["小林"], "time": ["明天"]},
            },
            {"text": "thanks, bye!", "acts": ["thanks", "goodbye"]},
            {"text": "why does this always happen to me?", "acts": ["question_factual"]},
        ],
    )
    result = CliRunner().invoke(app, ["eval", "acts", "--data", str(path), "--json", "--errors", "5"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["n"] == 4
    assert report["per_act"]["question_bot"]["recall"] == 1.0
    assert report["facts"]["per_kind"]["name"]["recall"] == 1.0
    assert [m["line"] for m in report["misses"]] == [4]  # a rhetorical question, labelled wrongly on purpose
    table = CliRunner().invoke(app, ["eval", "acts", "--data", str(path), "--errors", "1"])
    assert table.exit_code == 0
    assert "question_bot" in table.stdout and "line 4: why does this always happen to me?" in table.stdout


def test_eval_acts_command_bad_rows_and_missing_file(tmp_path):
    path = _write(tmp_path, [{"text": "hi", "acts": ["greeting"]}, {"text": "hm", "acts": ["nonsense"]}])
    result = CliRunner().invoke(app, ["eval", "acts", "--data", str(path), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["n_errors"] == 1
    missing = CliRunner().invoke(app, ["eval", "acts", "--data", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 2
    empty = _write(tmp_path, [{"text": "hm", "acts": ["nonsense"]}])
    assert CliRunner().invoke(app, ["eval", "acts", "--data", str(empty)]).exit_code == 2


def test_eval_acts_script_converts_texts_and_gold_facts(tmp_path):
    from xinyu.evaluate.acts import converted
    from xinyu.respond.script import converter

    row = {"text": "我的名字是陈思，最近压力好大", "acts": ["self_intro"], "facts": {"name": ["陈思"]}}
    path = _write(
        tmp_path, [row, {"text": "我妈妈说我太敏感", "acts": ["venting"], "facts": {"person": ["mother"]}}]
    )
    result = CliRunner().invoke(
        app, ["eval", "acts", "--data", str(path), "--script", "zh-tw", "--json", "--errors", "5"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["script"] == "zh-tw" and report["facts"]["per_kind"]["name"]["recall"] == 1.0
    # the self-introduction also vents (labelled without on purpose): the miss quotes the converted text
    assert [m["text"] for m in report["misses"]] == ["我的名字是陳思，最近壓力好大"]

    examples, _ = read_examples([Row(1, row), Row(2, {"text": "我妈妈说我太敏感", "acts": ["venting"]})])
    hk = converted(examples, converter("zh-HK"))
    assert hk[0].facts == {"name": ("陳思",)} and hk[0].acts == examples[0].acts
    assert hk[1].text == "我媽媽説我太敏感" and hk[1].facts is None  # 説: Hong Kong's form
