"""The emotion memory: schema, encryption at rest, delete-my-data, retention, key rotation -- on SQLite, and on
PostgreSQL when ``XINYU_TEST_POSTGRES_URL`` names one (``.ci/run`` starts one)."""

from __future__ import annotations

import json
import os
import time
import uuid

import pytest
from sqlalchemy import String, inspect, text

from xinyu.memory.crypto import KeyRing, KeyRingError, parse_key
from xinyu.memory.store import Store, TurnRecord, make_engine, migrate

PG_URL = os.environ.get("XINYU_TEST_POSTGRES_URL")
REQUIRE = os.environ.get("XINYU_TEST_REQUIRE_SERVICES") == "1"


def _backends():
    yield "sqlite"
    if PG_URL or REQUIRE:
        yield "postgresql"


@pytest.fixture(params=list(_backends()))
def store(request, tmp_path):
    if request.param == "sqlite":
        s = Store(make_engine(tmp_path / "m.db"), KeyRing.generate())
    else:
        if not PG_URL:
            pytest.fail("XINYU_TEST_REQUIRE_SERVICES=1 but XINYU_TEST_POSTGRES_URL is not set")
        engine = make_engine(PG_URL)
        with engine.begin() as conn:  # a clean schema per test
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        s = Store(engine, KeyRing.generate())
    yield s
    s.close()


def _turn(user="u1", session="s1", message="我好难过", level="none", created=None, **kw) -> TurnRecord:
    return TurnRecord(
        turn_id=uuid.uuid4().hex,
        session_id=session,
        user_id=user,
        locale="zh-CN",
        message=message,
        reply="我在这里陪你。",
        emotion={
            "language": "zh",
            "label": kw.pop("label", "sadness"),
            "labels": ["sadness"],
            "scores": {"sadness": 0.9, "neutral": 0.1},
            "polarity": "negative",
            "intensity": kw.pop("intensity", 0.7),
            "core_words": [{"word": "难过", "emotion": "sadness"}],
            "model": "test",
        },
        risk={"level": level, "score": 0.5, "reasons": [{"layer": "cue", "text": message}]},
        state={"risk": {}},
        strategy="reflection",
        engine="local",
        fallback=False,
        moderated=False,
        latency_ms=3.0,
        created=created or time.time(),
        **kw,
    )


def test_migrations_match_the_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from xinyu.memory.db import Base

    def compare_type(_ctx, _reflected_col, _model_col, reflected, model_type):
        # SQLite does not enforce VARCHAR lengths, and the 0002 widening is applied to server databases only
        sqlite = store.engine.dialect.name == "sqlite"
        if sqlite and isinstance(reflected, String) and isinstance(model_type, String):
            return reflected.length is None and model_type.length is not None  # VARCHAR(n) still VARCHAR(n)
        return None  # alembic's own comparison

    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": compare_type})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []
    migrate(store.engine)  # idempotent
    assert "turns" in inspect(store.engine).get_table_names()


def test_text_is_sealed_and_reads_back(store):
    marker = "MARKER" + uuid.uuid4().hex[:8]
    store.record_turn(_turn(message=f"我好难过 {marker}"))
    with store.engine.connect() as conn:
        for table in ("turns", "analyses", "users", "risk_events", "sessions"):
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                assert marker not in repr(row)
    view = store.session_view("s1")
    assert marker in view["history"][0]["message"] and view["history"][0]["core_words"][0]["word"] == "难过"


def test_session_of_another_user_is_refused(store):
    from xinyu.memory.store import StoreError

    store.record_turn(_turn(user="u1"))
    with pytest.raises(StoreError, match="another user"):
        store.record_turn(_turn(user="u2"))


def test_delete_user_leaves_no_row(store):
    from xinyu.safety.escalation import EscalationStore, Escalator
    from xinyu.safety.risk import RiskAssessor

    rec = _turn(level="high")
    store.record_turn(rec)
    store.record_turn(_turn(user="u2", session="s2"))
    store.add_feedback(rec.turn_id, "u1", 5, "up", "谢谢")
    esc = Escalator(EscalationStore(store.engine), webhook_url="http://127.0.0.1:9/hook")
    esc.handle(RiskAssessor(use_model=False).assess("我准备今晚跳楼"), "u1", "s1", rec.turn_id)
    assert sum(store.count_user_rows("u1").values()) >= 7
    counts = store.delete_user("u1")
    assert counts["turns"] == 1 and counts["escalations"] == 1 and counts["alerts"] == 1
    assert store.count_user_rows("u1") == dict.fromkeys(store.count_user_rows("u1"), 0)
    assert store.count_user_rows("u2")["turns"] == 1  # nobody else's rows
    assert store.delete_user("u1") is None
    assert store.trajectory("u1") is None


def test_trajectory_flags_a_falling_mood(store):
    t0 = time.time() - 1000
    for i in range(4):
        store.record_turn(_turn(session="a", label="joy", intensity=0.6, created=t0 + i))
    for i in range(4):
        store.record_turn(
            _turn(session="b", label="sadness", intensity=0.8, level="moderate", created=t0 + 10 + i)
        )
    traj = store.trajectory("u1")
    assert [p["emotion"] for p in traj["points"]] == ["joy"] * 4 + ["sadness"] * 4
    kinds = {f["kind"] for f in traj["flags"]}
    assert {"mood_falling", "risk_rising"} <= kinds
    assert [s["session_id"] for s in traj["sessions"]] == ["a", "b"]


def test_rolling_summary_follows_the_user(store):
    from xinyu.memory.store import render_summary

    for _ in range(3):
        store.record_turn(_turn(topic="sleep"))
    summary = store.user_summary("u1")
    assert summary["turns"] == 3 and summary["last_emotion"] == "sadness" and "难过" in summary["words"]
    assert "睡眠" in render_summary(summary, "zh") and "sleep" in render_summary(summary, "en")


def test_retention_purges_old_turns(store):
    store.record_turn(_turn(session="old", created=time.time() - 40 * 86400))
    store.record_turn(_turn(session="new"))
    assert store.purge_older_than(30 * 86400) == 1
    assert store.session_view("old") is None and len(store.session_view("new")["history"]) == 1


def test_key_rotation_reseals_every_row(store):
    store.record_turn(_turn(message="第一句"))
    rec = _turn(message="第二句")
    store.record_turn(rec)
    store.add_feedback(rec.turn_id, None, None, "down", "不太好")
    old = store.keys.current_id
    out = store.rotate_keys()
    counts = out["reencrypted"]
    assert counts["turns"] == 2 and counts["analyses"] == 2 and counts["feedback"] == 1
    assert out["dropped"] == [old] and old not in store.keys.ids
    with store.engine.connect() as conn:
        kids = {r[0] for r in conn.execute(text("SELECT key_id FROM turns"))}
    assert kids == {store.keys.current_id}
    assert [t["message"] for t in store.session_view("s1")["history"]] == ["第一句", "第二句"]


def test_keyring_file_and_env_key(tmp_path):
    ring = KeyRing.load(tmp_path)
    assert oct((tmp_path / "keys.json").stat().st_mode & 0o777) == "0o600"
    kid, blob = ring.encrypt("hello", "turns.message")
    assert KeyRing.load(tmp_path).decrypt(kid, blob, "turns.message") == "hello"
    with pytest.raises(KeyRingError, match="tampered or wrong column"):
        ring.decrypt(kid, blob, "turns.reply")
    env = KeyRing.load(tmp_path, "00" * 32)
    assert env.current_id != kid and env.decrypt(kid, blob, "turns.message") == "hello"
    with pytest.raises(KeyRingError, match="32 bytes"):
        parse_key("too-short")
    assert json.loads((tmp_path / "keys.json").read_text())["keys"][0]["id"] == kid
