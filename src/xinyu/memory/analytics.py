"""What the memory's rows say taken together: the dashboard's figures, a user's emotional trajectory across
sessions, and the signs that a person is getting worse. Reads only; labels, scores and levels, never text."""

from __future__ import annotations

import time
from collections import Counter

from sqlalchemy import Connection, func, select

from xinyu.levels import RiskLevel, higher_level
from xinyu.memory.db import Feedback, RiskEvent, Turn, User
from xinyu.taxonomy import EMOTION_POLARITY

#: the sign of an emotion's mood: below zero for the negative emotions, above for the positive ones
_SIGN = {"negative": -1.0, "positive": 1.0}


def dashboard(conn: Connection, *, days: int = 30) -> dict:
    """Turns, emotions per day, risk levels and events, fallbacks, latency and feedback of the last ``days``."""
    since = time.time() - days * 86400
    emo = dict(
        conn.execute(
            select(Turn.emotion, func.count()).where(Turn.created >= since).group_by(Turn.emotion)
        ).all()
    )
    rows = conn.execute(
        select(Turn.created, Turn.emotion, Turn.intensity, Turn.fallback, Turn.latency_ms).where(
            Turn.created >= since
        )
    ).all()
    levels = dict(
        conn.execute(
            select(RiskEvent.level, func.count()).where(RiskEvent.created >= since).group_by(RiskEvent.level)
        ).all()
    )
    events = [
        dict(r)
        for r in conn.execute(
            select(
                RiskEvent.created,
                RiskEvent.level,
                RiskEvent.score,
                RiskEvent.session_id,
                RiskEvent.escalation_id,
            )
            .order_by(RiskEvent.created.desc())
            .limit(50)
        ).mappings()
    ]
    fb = conn.execute(
        select(
            func.count(Feedback.id),
            func.avg(Feedback.rating),
            func.sum(func.cast(Feedback.thumb == "up", type_=Turn.idx.type)),
            func.sum(func.cast(Feedback.thumb == "down", type_=Turn.idx.type)),
        )
    ).first()
    trend: dict[str, Counter] = {}
    for created, emotion, _i, _f, _l in rows:
        day = time.strftime("%Y-%m-%d", time.gmtime(created))
        trend.setdefault(day, Counter())[emotion] += 1
    latencies = sorted(r[4] for r in rows)
    n = len(rows)
    return {
        "turns": n,
        "emotions": emo,
        "trend": [{"day": d, **c} for d, c in sorted(trend.items())],
        "risk_levels": levels,
        "risk_events": events,
        "fallback_rate": round(sum(1 for r in rows if r[3]) / n, 4) if n else 0.0,
        "latency_ms": {
            "p50": _pct(latencies, 0.5),
            "p95": _pct(latencies, 0.95),
            "p99": _pct(latencies, 0.99),
        },
        "feedback": {
            "count": int(fb[0] or 0),
            "mean_rating": round(float(fb[1]), 3) if fb[1] is not None else None,
            "thumbs_up": int(fb[2] or 0),
            "thumbs_down": int(fb[3] or 0),
        },
    }


def trajectory(conn: Connection, *, user_id: str, limit: int = 500) -> dict | None:
    """Emotion and intensity over time across sessions, with deterioration flags; None for an unknown user."""
    if conn.execute(select(User.id).where(User.id == user_id)).first() is None:
        return None
    rows = conn.execute(
        select(
            Turn.id,
            Turn.session_id,
            Turn.created,
            Turn.emotion,
            Turn.intensity,
            Turn.polarity,
            Turn.risk_level,
            Turn.risk_score,
        )
        .where(Turn.user_id == user_id)
        .order_by(Turn.created.desc())
        .limit(limit)
    ).mappings()
    points = [dict(r) for r in rows][::-1]
    for p in points:
        p["turn_id"] = p.pop("id")
        # signed mood: negative emotions below zero, positive ones above, scaled by intensity; a turn at moderate
        # risk or above is the lowest mood whatever its label (a farewell can read as joy)
        sign = _SIGN.get(EMOTION_POLARITY.get(p["emotion"], "neutral"), 0.0)
        p["valence"] = round(sign * max(p["intensity"], 0.1 if sign else 0.0), 4)
        if RiskLevel.parse(p["risk_level"]) >= RiskLevel.MODERATE:
            p["valence"] = -1.0
    sessions: dict[str, dict] = {}
    for p in points:
        s = sessions.setdefault(
            p["session_id"], {"session_id": p["session_id"], "start": p["created"], "turns": 0, "_v": []}
        )
        s["turns"] += 1
        s["_v"].append(p["valence"])
        s["peak_level"] = higher_level(s.get("peak_level", "none"), p["risk_level"])
        s["end"] = p["created"]
    per_session = []
    for s in sessions.values():
        vals = s.pop("_v")
        s["mean_valence"] = round(sum(vals) / len(vals), 4)
        s["negative_share"] = round(sum(v < 0 for v in vals) / len(vals), 4)
        per_session.append(s)
    return {
        "user_id": user_id,
        "points": points,
        "sessions": per_session,
        "flags": deterioration_flags(points, per_session),
    }


def deterioration_flags(points: list[dict], sessions: list[dict]) -> list[dict]:
    """Signs that a person is getting worse: mood falling, negative share rising, risk climbing."""
    flags: list[dict] = []
    if len(points) >= 6:
        half = len(points) // 2
        early = [p["valence"] for p in points[:half]]
        late = [p["valence"] for p in points[half:]]
        drop = sum(early) / len(early) - sum(late) / len(late)
        if drop >= 0.2:
            flags.append(
                {"kind": "mood_falling", "detail": f"mean mood fell by {drop:.2f} (signed intensity)"}
            )
    if len(sessions) >= 3:
        last = sessions[-3:]
        vals = [s["mean_valence"] for s in last]
        if vals[0] > vals[1] > vals[2]:
            flags.append(
                {"kind": "worse_each_session", "detail": "mood lower in each of the last 3 sessions"}
            )
    if len(sessions) >= 2:
        a, b = RiskLevel.parse(sessions[-2]["peak_level"]), RiskLevel.parse(sessions[-1]["peak_level"])
        if b > a and b >= RiskLevel.MODERATE:
            flags.append(
                {
                    "kind": "risk_rising",
                    "detail": f"peak risk {sessions[-2]['peak_level']} -> {sessions[-1]['peak_level']}",
                }
            )
    recent = points[-5:]
    if (
        len(recent) == 5
        and sum(p["valence"] < 0 for p in recent) == 5
        and sum(p["intensity"] for p in recent) / 5 >= 0.5
    ):
        flags.append(
            {"kind": "sustained_distress", "detail": "the last 5 turns were all negative and intense"}
        )
    return flags


def _pct(sorted_values: list[float], q: float) -> float | None:
    if not sorted_values:
        return None
    i = min(len(sorted_values) - 1, int(q * len(sorted_values)))
    return round(sorted_values[i], 2)
