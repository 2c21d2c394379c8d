"""The rolling summary: kept as data by the memory, told in words by the chat service."""

from __future__ import annotations

from tests.memory.factory import make_turn
from xinyu.respond.summary import render_summary


def test_rolling_summary_follows_the_user(store):
    for _ in range(3):
        store.record_turn(make_turn(topic="sleep"))
    summary = store.user_summary("u1")
    assert summary["turns"] == 3 and summary["last_emotion"] == "sadness" and "难过" in summary["words"]
    assert "睡眠" in render_summary(summary, "zh") and "sleep" in render_summary(summary, "en")


def test_chinese_summary_names_the_risk_level_in_chinese():
    summary = {"turns": 2, "emotions": {"sadness": 2}, "intensity": [0.8, 0.9], "peak_level": "high"}
    zh = render_summary(summary, "zh")
    assert "曾出现高风险" in zh and "high" not in zh
    assert "risk reached high" in render_summary(summary, "en")
