"""A database as revision 0002 left it, times as epoch seconds, for the tests of upgrading one that holds rows.

Two people: ``old``, whose one turn was 40 days ago (retention takes them), and ``kept``, whose turn two days ago
was at high risk, with its feedback, an open handoff and an alert still due. Every time is a whole number of
microseconds (the resolution of ``TIMESTAMP WITH TIME ZONE``), so that it must come back exactly.
"""

from __future__ import annotations

import json

from sqlalchemy import Engine, MetaData, insert

from xinyu.memory import schema
from xinyu.memory.crypto import KeyRing
from xinyu.memory.db import Base, Timestamp

DAY = 86400.0

#: (table, the row's id, column) -> the time written there (every table's key is ``id``)
Times = dict[tuple[str, str | int, str], float | None]


def write_rows_at_0002(engine: Engine, keys: KeyRing, now: float) -> Times:
    """Migrate ``engine``'s empty database to 0002 and write the two people's rows through its tables as they
    are there (reflected: every time column a number), sealing text with ``keys``; returns every time written."""
    schema.upgrade(engine, "0002")
    old, recent = now - 40 * DAY, now - 2 * DAY
    meta = MetaData()
    with engine.begin() as conn:
        meta.reflect(conn)
        t = meta.tables
        kid = keys.current_id

        def sealed(text: str, column: str) -> bytes:
            return keys.encrypt(text, column, kid)[1]

        times: Times = {}

        def row(table: str, **values) -> None:
            for column in _TIME_COLUMNS[table]:
                if values.get(column) is not None:
                    values[column] = round(values[column], 6)
            key = conn.execute(insert(t[table]).values(**values)).inserted_primary_key[0]
            for column in _TIME_COLUMNS[table]:
                times[(table, key, column)] = values.get(column)

        row("users", id="old", created=old - 100.25, updated=old, turns=1)
        row("users", id="kept", created=recent - 3600.5, updated=recent, turns=1)
        row("sessions", id="s-old", user_id="old", created=old - 100.25, updated=old, **_session("none"))
        row(
            "sessions",
            id="s-kept",
            user_id="kept",
            created=recent - 3600.5,
            updated=recent,
            **_session("high"),
        )
        for tid, sid, uid, created, level in (
            ("t-old", "s-old", "old", old, "none"),
            ("t-kept", "s-kept", "kept", recent, "high"),
        ):
            row(
                "turns",
                id=tid,
                session_id=sid,
                user_id=uid,
                created=created,
                key_id=kid,
                message_enc=sealed(f"{uid}: 我好累", "turns.message"),
                reply_enc=sealed("我在这里。", "turns.reply"),
                risk_level=level,
                risk_score=0.8 if level == "high" else 0.1,
                **_TURN,
            )
            conn.execute(
                insert(t["analyses"]).values(
                    turn_id=tid,
                    user_id=uid,
                    scores=json.dumps({"sadness": 0.9}),
                    labels=json.dumps(["sadness"]),
                    model="old",
                    key_id=kid,
                    core_words_enc=sealed("[]", "analyses.core"),
                    risk_enc=sealed("{}", "analyses.risk"),
                )
            )
        row(
            "risk_events",
            turn_id="t-kept",
            session_id="s-kept",
            user_id="kept",
            created=recent,
            level="high",
            score=0.8,
            themes="{}",
            escalation_id="e-kept",
        )
        row("feedback", turn_id="t-kept", user_id="kept", created=recent + 1.000001, rating=5, thumb="up")
        for eid, uid, created, status in (
            ("e-kept", "kept", recent + 0.5, "open"),
            ("e-old", "old", old, "resolved"),
        ):
            row(
                "escalations",
                id=eid,
                created=created,
                user_id=uid,
                session_id=f"s-{uid}",
                turn_id=f"t-{uid}",
                level="high",
                score=0.8,
                actions=json.dumps(["handoff", "alert"]),
                reasons="[]",
                status=status,
                updated=created + 7.000002,
            )
        hook = "http://127.0.0.1:9/hook"
        row(
            "alerts",
            id="a-due",
            escalation_id="e-kept",
            url=hook,
            payload="{}",
            attempts=1,
            next_attempt=recent + 60.5,
        )
        row(
            "alerts",
            id="a-sent",
            escalation_id="e-old",
            url=hook,
            payload="{}",
            attempts=1,
            next_attempt=old,
            delivered=old + 0.75,
        )
        row("audit", at=recent + 0.5, event="escalation", subject="e-kept", data="{}")
        row("heartbeats", id="host:1", at=old, key_id=kid)  # a process that stopped long ago
    return times


#: the time columns of every table (numbers in 0002), as the models declare them
_TIME_COLUMNS: dict[str, tuple[str, ...]] = {
    table.name: tuple(c.name for c in table.columns if isinstance(c.type, Timestamp))
    for table in Base.metadata.sorted_tables
}

_TURN = {
    "idx": 0,
    "language": "zh",
    "emotion": "sadness",
    "intensity": 0.6,
    "polarity": "negative",
    "strategy": "reflection",
    "engine": "local",
    "fallback": False,
    "moderated": False,
    "latency_ms": 3.0,
}


def _session(level: str) -> dict:
    return {"locale": "zh-CN", "turns": 1, "level": level, "peak_level": level}
