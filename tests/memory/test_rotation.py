"""Key rotation: every sealed row re-sealed under the new key, the old key dropped."""

from __future__ import annotations

from sqlalchemy import text

from tests.memory.factory import make_turn


def test_key_rotation_reseals_every_row(store):
    store.record_turn(make_turn(message="第一句"))
    rec = make_turn(message="第二句")
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
