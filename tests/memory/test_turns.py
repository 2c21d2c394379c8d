"""Users, sessions and turns: text sealed at rest and read back, sessions bound to their user, and a turn stored
from its typed records exactly as the analysis, the assessment and the reply dump themselves."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import text

from tests.memory.factory import make_turn
from xinyu.levels import RiskLevel
from xinyu.memory.database import StoreError
from xinyu.schema import CoreWord, EmotionRecord, EmotionResult, RiskRecord


def test_text_is_sealed_and_reads_back(store):
    marker = "MARKER" + uuid.uuid4().hex[:8]
    store.record_turn(make_turn(message=f"我好难过 {marker}"))
    with store.engine.connect() as conn:
        for table in ("turns", "analyses", "users", "risk_events", "sessions"):
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                assert marker not in repr(row)
    view = store.session_view("s1")
    assert marker in view["history"][0]["message"] and view["history"][0]["core_words"][0]["word"] == "难过"


def test_session_of_another_user_is_refused(store):
    store.record_turn(make_turn(user="u1"))
    with pytest.raises(StoreError, match="another user"):
        store.record_turn(make_turn(user="u2"))


def test_a_turn_is_stored_as_its_sources_dump_themselves(store):
    """What the memory writes from the typed records is what it wrote from ``EmotionResult.model_dump()`` and
    ``RiskAssessment.to_dict()``: the same JSON in the sealed columns, the same values in the clear ones."""
    result = EmotionResult(
        language="zh",
        label="fear",
        labels=["fear", "sadness"],
        scores={"fear": 0.6, "sadness": 0.3, "neutral": 0.1},
        polarity="negative",
        polarity_scores={"negative": 0.9, "neutral": 0.1, "positive": 0.0},
        intensity=0.55,
        core_words=[
            CoreWord(
                word="害怕", start=0, end=2, category="惧", emotion="fear", polarity="negative", weight=1.5
            ),
            CoreWord(
                word="不开心",
                start=3,
                end=6,
                category="乐",
                emotion="sadness",
                polarity="negative",
                negated=True,
            ),
        ],
        model="lexicon-zh",
    )
    risk = {
        "level": "moderate",
        "score": 0.45,
        "language": "zh",
        "reasons": [
            {"layer": "cue", "kind": "ideation", "text": "不想活", "start": 0, "end": 3, "level": "moderate"},
            {"layer": "conversation", "themes": {"ideation": 1.0}, "turn": 2},
        ],
    }
    rec = make_turn(level="moderate")
    rec.emotion = EmotionRecord.of(result)
    rec.risk = RiskRecord(RiskLevel.parse(risk["level"]), risk["score"], risk["language"], risk["reasons"])
    store.record_turn(rec)
    dumped = result.model_dump()
    with store.engine.connect() as conn:
        turn = conn.execute(text("SELECT * FROM turns")).mappings().one()
        analysis = conn.execute(text("SELECT * FROM analyses")).mappings().one()
        event = conn.execute(text("SELECT * FROM risk_events")).mappings().one()
    assert (turn["language"], turn["emotion"], turn["polarity"]) == ("zh", "fear", "negative")
    assert turn["intensity"] == 0.55 and turn["risk_level"] == "moderate" and turn["risk_score"] == 0.45
    assert analysis["scores"] == json.dumps(dumped["scores"]) and analysis["labels"] == json.dumps(
        dumped["labels"]
    )
    assert analysis["model"] == "lexicon-zh"
    opened = store.sealer.open(analysis["key_id"], analysis["core_words_enc"], "analyses.core")
    assert opened == json.dumps(dumped["core_words"], ensure_ascii=False)
    opened = store.sealer.open(analysis["key_id"], analysis["risk_enc"], "analyses.risk")
    assert opened == json.dumps(risk, ensure_ascii=False)
    assert json.loads(event["themes"]) == {"ideation": 1.0} and event["level"] == "moderate"
