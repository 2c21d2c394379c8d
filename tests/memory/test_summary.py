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
