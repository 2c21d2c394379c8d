"""The typed records a turn is stored from: built from the analysis, the assessment and the reply, they carry
exactly what those objects dump."""

from __future__ import annotations

import dataclasses

import pytest

from xinyu.levels import RiskLevel
from xinyu.safety import ConversationRisk, RiskAssessor
from xinyu.schema import CoreWord, EmotionRecord, EmotionResult, ReplyRecord, RiskRecord


def _result() -> EmotionResult:
    return EmotionResult(
        language="en",
        label="sadness",
        labels=["sadness"],
        scores={"sadness": 0.8, "neutral": 0.2},
        polarity="negative",
        polarity_scores={"negative": 0.8, "neutral": 0.2, "positive": 0.0},
        intensity=0.4,
        core_words=[
            CoreWord(
                word="lonely", start=9, end=15, category="sadness", emotion="sadness", polarity="negative"
            )
        ],
        model="lexicon-en",
        warnings=["truncated"],
    )


def test_an_emotion_record_holds_what_the_analysis_dumps():
    result = _result()
    record = EmotionRecord.of(result)
    dumped = result.model_dump()
    for name in ("language", "label", "labels", "scores", "polarity", "intensity", "model"):
        assert getattr(record, name) == dumped[name], name
    assert [w.model_dump() for w in record.core_words] == dumped["core_words"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.label = "joy"  # type: ignore[misc]


@pytest.mark.parametrize(
    "messages", [["I feel so alone"], ["nobody would miss me", "I have the pills ready tonight"]]
)
def test_a_risk_record_dumps_as_the_assessment_does(messages):
    assessor = RiskAssessor(use_model=False)
    conv = ConversationRisk(assessor)
    for message in messages:
        risk = conv.add_assessed(assessor.assess(message))
    record = RiskRecord(risk.level, risk.score, risk.language, risk.reasons)
    assert record.to_dict() == risk.to_dict()
    conversation = [r for r in risk.reasons if r["layer"] == "conversation"]
    assert record.themes == (conversation[-1].get("themes", {}) if conversation else {})


def test_risk_record_themes_and_reply_record_defaults():
    record = RiskRecord(RiskLevel.LOW, 0.25, "zh", [{"layer": "conversation", "themes": {"burden": 0.7}}])
    assert record.themes == {"burden": 0.7} and record.to_dict()["level"] == "low"
    assert RiskRecord(RiskLevel.NONE, 0.0, "zh").themes == {}
    reply = ReplyRecord(text="嗯", strategy="reflection", engine="local")
    assert (reply.fallback, reply.moderated) == (False, False)
