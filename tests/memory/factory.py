"""Turns to store in the memory's tests."""

from __future__ import annotations

import time
import uuid

from xinyu.levels import RiskLevel
from xinyu.memory.turns import TurnRecord
from xinyu.schema import CoreWord, EmotionRecord, ReplyRecord, RiskRecord


def make_turn(
    user="u1",
    session="s1",
    message="我好难过",
    level="none",
    created=None,
    label="sadness",
    intensity=0.7,
    **kw,
) -> TurnRecord:
    return TurnRecord(
        turn_id=uuid.uuid4().hex,
        session_id=session,
        user_id=user,
        locale="zh-CN",
        message=message,
        reply=ReplyRecord(text="我在这里陪你。", strategy="reflection", engine="local"),
        emotion=EmotionRecord(
            language="zh",
            label=label,
            labels=["sadness"],
            scores={"sadness": 0.9, "neutral": 0.1},
            polarity="negative",
            intensity=intensity,
            core_words=[
                CoreWord(word="难过", start=2, end=4, category="哀", emotion="sadness", polarity="negative")
            ],
            model="test",
        ),
        risk=RiskRecord(RiskLevel.parse(level), 0.5, "zh", [{"layer": "cue", "text": message}]),
        state={"risk": {}},
        latency_ms=3.0,
        created=created or time.time(),
        **kw,
    )
