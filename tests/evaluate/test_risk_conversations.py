"""Scoring whole conversations: the keyword screen that sorts unlabelled ones, each conversation's peak and the
turn it was reached, false alarms among conversations without risk, detections (and when) among those with it."""

from __future__ import annotations

import pytest

from xinyu.evaluate.risk import (
    conversation_report,
    dialogue_result,
    evaluate_conversations,
    mentions_death,
    screen,
    speaks_of_suicide,
)
from xinyu.io import DialogueRow
from xinyu.levels import RiskLevel
from xinyu.safety import RiskAssessor

N, L, M, H = RiskLevel.NONE, RiskLevel.LOW, RiskLevel.MODERATE, RiskLevel.HIGH


@pytest.mark.parametrize(
    "text",
    [
        "我想自杀",
        "最近每天都想死",
        "我不想活了",
        "手上还有自残的伤痕",
        "还总是拿小刀割自己",
        "I want to kill myself",
        "I've been having suicidal thoughts",
        "sometimes I hurt myself when it gets bad",
        "I just want to end it all",
    ],
)
def test_the_narrow_screen_hears_the_person_speak_of_suicide(text):
    assert speaks_of_suicide(text) and mentions_death(text)


@pytest.mark.parametrize(
    "text",
    [
        "我从没想过自杀",
        "我不会自杀的，放心",
        "她说她想自杀",
        "我男朋友老想自杀",
        "I'm not suicidal",
        "I would never kill myself",
        "my friend tried to kill herself last year",
        "I'm applying for a job at a suicide hotline",
    ],
)
def test_the_narrow_screen_leaves_negation_third_persons_and_topics(text):
    assert not speaks_of_suicide(text) and mentions_death(text)


@pytest.mark.parametrize(
    "text,mentions",
    [
        (
            "这周要累死了",
            True,
        ),  # broad on purpose: a word of death keeps a conversation out of the no-risk count
        ("this week is killing me", True),
        ("my grandmother passed away and I miss her, the funeral was hard", True),
        ("I forgot my pills again", True),
        ("活着好累", True),
        ("我和男朋友分手了，好难过", False),
        ("I feel so alone since the breakup", False),
        ("宝宝两个月了，我每天只睡三个小时", False),
    ],
)
def test_the_broad_screen_catches_any_word_of_death(text, mentions):
    assert mentions_death(text) is mentions


def test_screen_sorts_a_conversation_by_its_first_telling_turn():
    assert screen(["分手了", "累死了", "我想自杀"]) == ("with", 3)
    assert screen(["分手了", "累死了", "好多了"]) == ("unclear", 2)
    assert screen(["分手了", "好难过"]) == ("without", None)
    assert screen([]) == ("without", None)


def test_dialogue_result_names_the_peak_its_turn_and_the_group():
    result = dialogue_result(DialogueRow(4, "a", ("分手了", "我想自杀", "嗯")), [L, H, H])
    assert result == {
        "id": "a",
        "line": 4,
        "turns": 3,
        "risk": "with",
        "by": "screen",
        "mention_turn": 2,
        "peak": "high",
        "peak_turn": 2,
        "first": {"moderate": 2, "high": 2},
        "levels": ["low", "high", "high"],
    }
    labelled = dialogue_result(DialogueRow(1, "b", ("我想自杀",), label=0), [M])
    assert (labelled["label"], labelled["risk"], labelled["by"], labelled["mention_turn"]) == (
        0,
        "without",
        "label",
        1,
    )
    assert dialogue_result(DialogueRow(1, "c", ("好",), label=1), [N])["first"] == {
        "moderate": None,
        "high": None,
    }


def _result(risk: str, levels: list[RiskLevel], mention: int | None = None) -> dict:
    row = dialogue_result(DialogueRow(1, "x", ("嗯",) * len(levels)), levels)
    return {**row, "risk": risk, "mention_turn": mention}


def test_conversation_report_gives_false_alarms_detections_and_their_turns():
    results = [
        _result("without", [N, L, L]),
        _result("without", [L, M, M]),
        _result("without", [L, M, H]),
        _result("without", [N]),
        _result("with", [L, M, H, H], mention=2),
        _result("with", [M, H], mention=3),
        _result("with", [L, L], mention=1),
        _result("unclear", [M]),
    ]
    report = conversation_report(results)
    assert report["without_risk"] == {
        "n": 4,
        "false_alarms": {"moderate": {"count": 2, "rate": 0.5}, "high": {"count": 1, "rate": 0.25}},
    }
    detected = report["with_risk"]["detected"]
    assert report["with_risk"]["n"] == 3
    assert detected["moderate"] == {
        "count": 2,
        "rate": 0.6667,
        "median_turn": 1.5,
        "median_turns_after_mention": -1.0,  # (2 - 2, 1 - 3): the second before the screen's turn
    }
    assert detected["high"] == {
        "count": 2,
        "rate": 0.6667,
        "median_turn": 2.5,
        "median_turns_after_mention": 0.0,
    }
    assert report["unclear"] == {
        "n": 1,
        "reached": {"moderate": {"count": 1, "rate": 1.0}, "high": {"count": 0, "rate": 0.0}},
    }
    empty = conversation_report([])
    assert empty["with_risk"]["detected"]["high"] == {
        "count": 0,
        "rate": None,
        "median_turn": None,
        "median_turns_after_mention": None,
    }


def test_evaluate_conversations_runs_the_conversation_layer_and_lists_what_it_left_out():
    assessor = RiskAssessor(use_model=False)
    dialogues = [
        DialogueRow(1, "calm", ("我和男朋友分手了", "没人在乎我", "周末去爬山")),
        DialogueRow(2, "crisis", ("最近压力好大", "有时候觉得活着没意思", "家里还有一整瓶安眠药"), label=1),
        DialogueRow(3, "bad", error="line 3 is not valid JSON: Expecting value"),
        DialogueRow(4, "silent", ()),
    ]
    done: list[int] = []
    report = evaluate_conversations(dialogues, assessor, data="d.jsonl", progress=done.append)
    assert done == [1, 1]
    assert (report["data"], report["model"], report["n"], report["turns"]) == ("d.jsonl", "cues", 2, 6)
    calm, crisis = report["dialogues"]
    assert (calm["risk"], calm["peak"]) == ("without", "low")
    assert (crisis["risk"], crisis["by"], crisis["peak"], crisis["peak_turn"]) == ("with", "label", "high", 3)
    assert crisis["first"] == {"moderate": 2, "high": 3}
    assert report["without_risk"]["false_alarms"]["high"]["count"] == 0
    assert report["with_risk"]["detected"]["high"]["median_turn"] == 3.0
    assert report["errors"] == [
        {"line": 3, "id": "bad", "error": "line 3 is not valid JSON: Expecting value"},
        {"line": 4, "id": "silent", "error": "no user turns"},
    ]
    assert "model_error" not in report and list(report)[-2:] == ["dialogues", "errors"]
