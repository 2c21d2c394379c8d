"""The trajectory across sessions and its deterioration flags."""

from __future__ import annotations

import time

from tests.memory.factory import make_turn
from xinyu.taxonomy import EMOTION_POLARITY


def test_trajectory_flags_a_falling_mood(store):
    t0 = time.time() - 1000
    for i in range(4):
        store.record_turn(make_turn(session="a", label="joy", intensity=0.6, created=t0 + i))
    for i in range(4):
        store.record_turn(
            make_turn(session="b", label="sadness", intensity=0.8, level="moderate", created=t0 + 10 + i)
        )
    traj = store.trajectory("u1")
    assert [p["emotion"] for p in traj["points"]] == ["joy"] * 4 + ["sadness"] * 4
    kinds = {f["kind"] for f in traj["flags"]}
    assert {"mood_falling", "risk_rising"} <= kinds
    assert [s["session_id"] for s in traj["sessions"]] == ["a", "b"]


def test_the_mood_sign_follows_the_taxonomys_polarity(store):
    """Negative emotions count below zero and joy above, as the taxonomy's polarity says (the set the trajectory
    used to keep of its own)."""
    negative = {e for e, p in EMOTION_POLARITY.items() if p == "negative"}
    positive = {e for e, p in EMOTION_POLARITY.items() if p == "positive"}
    assert negative == {"sadness", "anger", "fear", "disgust"} and positive == {"joy"}
    t0 = time.time() - 100
    for i, label in enumerate(["joy", "anger", "surprise", "neutral"]):
        store.record_turn(make_turn(label=label, intensity=0.5, created=t0 + i))
    assert [p["valence"] for p in store.trajectory("u1")["points"]] == [0.5, -0.5, 0.0, 0.0]


def test_a_turn_at_risk_is_the_lowest_mood_whatever_its_label(store):
    t0 = time.time() - 100
    store.record_turn(make_turn(label="joy", intensity=0.9, created=t0))
    store.record_turn(make_turn(label="joy", intensity=0.9, level="high", created=t0 + 1))
    store.record_turn(make_turn(label="sadness", intensity=0.6, level="low", created=t0 + 2))
    assert [p["valence"] for p in store.trajectory("u1")["points"]] == [0.9, -1.0, -0.6]
