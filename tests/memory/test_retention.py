"""Delete-my-data and retention: no row of the user left in any table, old turns purged."""

from __future__ import annotations

import time

from tests.memory.factory import make_turn


def test_delete_user_leaves_no_row(store):
    from xinyu.safety.escalation import EscalationStore, Escalator
    from xinyu.safety.risk import RiskAssessor

    rec = make_turn(level="high")
    store.record_turn(rec)
    store.record_turn(make_turn(user="u2", session="s2"))
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


def test_retention_purges_old_turns(store):
    store.record_turn(make_turn(session="old", created=time.time() - 40 * 86400))
    store.record_turn(make_turn(session="new"))
    assert store.purge_older_than(30 * 86400) == 1
    assert store.session_view("old") is None and len(store.session_view("new")["history"]) == 1
