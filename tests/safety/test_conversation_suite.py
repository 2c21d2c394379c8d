"""Whole conversations, written for the suite (tests/safety/conversations/*.jsonl), run as a chat session would:
a breakup, a bullied teenager, postpartum low mood, a week of overwork, jealousy and a carer worn out never reach
``high``; a conversation that turns to suicide reaches ``moderate`` by the turn the person voices a wish to die
(``wish_at``) and ``high`` by the turn they name a method, a means or a time (``plan_at``), user turns counted
from 1. Each file has a conversation a line, in the layout ``xinyu eval risk --conversations`` reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xinyu.evaluate.risk import evaluate_conversations
from xinyu.io import dialogue_rows, read_rows
from xinyu.safety import RiskAssessor

SUITE = sorted((Path(__file__).parent / "conversations").glob("*.jsonl"))


@pytest.fixture(scope="module", params=["model", "cues"])
def assessor(request) -> RiskAssessor:
    return RiskAssessor(use_model=request.param == "model")


def _cases() -> list[tuple[Path, dict]]:
    return [
        (path, json.loads(line)) for path in SUITE for line in path.read_text(encoding="utf-8").splitlines()
    ]


def test_the_suite_covers_both_languages_and_both_kinds():
    cases = [case for _, case in _cases()]
    for lang in ("zh", "en"):
        mine = [c for c in cases if c["lang"] == lang]
        assert sum(c["label"] == 0 for c in mine) >= 4 and sum(c["label"] == 1 for c in mine) >= 2
    assert len({c["id"] for c in cases}) == len(cases)


@pytest.mark.parametrize("path", SUITE, ids=lambda p: p.stem)
def test_conversations_peak_where_they_should(assessor, path):
    cases = {c["id"]: c for c in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    report = evaluate_conversations(dialogue_rows(read_rows(path)), assessor, data=path.name)
    assert "errors" not in report and report["n"] == len(cases)
    for result in report["dialogues"]:
        case = cases[result["id"]]
        where = f"{case['id']} ({report['model']}): levels {result['levels']}"
        if case["label"] == 0:
            assert result["first"]["high"] is None, where
        else:
            assert (
                result["first"]["moderate"] is not None and result["first"]["moderate"] <= case["wish_at"]
            ), where
            assert result["first"]["high"] is not None and result["first"]["high"] <= case["plan_at"], where
    assert report["without_risk"]["false_alarms"]["high"]["count"] == 0
    assert report["with_risk"]["detected"]["high"]["rate"] == 1.0
