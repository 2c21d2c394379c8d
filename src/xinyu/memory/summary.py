"""A user's rolling summary, as the memory keeps it (sealed in ``users.summary_enc``): decayed emotion and topic
counts, the latest core words, the intensity of recent turns, the risk peak. Structured data only; the sentences a
reply is given about it are :mod:`xinyu.respond.summary`'s."""

from __future__ import annotations

from xinyu.levels import higher_level
from xinyu.schema import EmotionRecord


def update_summary(
    summary: dict | None, emotion: EmotionRecord, level: str, topic: str | None, window: int
) -> dict:
    """The summary after one more turn read as ``emotion`` at risk ``level`` (a level name) about ``topic``."""
    s = summary or {
        "turns": 0,
        "emotions": {},
        "topics": {},
        "words": [],
        "intensity": [],
        "peak_level": "none",
    }
    decay = 1.0 - 1.0 / max(window, 2)
    s["turns"] += 1
    s["emotions"] = {k: round(v * decay, 4) for k, v in s["emotions"].items() if v * decay >= 0.01}
    label = emotion.label
    s["emotions"][label] = round(s["emotions"].get(label, 0.0) + 1.0, 4)
    if topic:
        s["topics"] = {k: round(v * decay, 4) for k, v in s["topics"].items() if v * decay >= 0.01}
        s["topics"][topic] = round(s["topics"].get(topic, 0.0) + 1.0, 4)
    words = [w.word for w in emotion.core_words if w.word]
    s["words"] = ([w for w in words if w not in s["words"]] + s["words"])[:8]
    s["intensity"] = (s["intensity"] + [round(float(emotion.intensity), 3)])[-window:]
    s["peak_level"] = higher_level(s["peak_level"], level)
    s["last_level"] = level
    s["last_emotion"] = label
    return s
