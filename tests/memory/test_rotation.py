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


def test_a_sessions_state_is_sealed_and_resealed_with_the_rest(store):
    rec = make_turn(message="第一句")
    rec.state["dialogue"] = {"request": "推荐一部电影 ZQXstate"}
    store.record_turn(rec)
    with store.engine.connect() as conn:
        row = conn.execute(text("SELECT state, key_id, state_enc FROM sessions")).one()
    assert (
        row.state is None and b"ZQXstate" not in bytes(row.state_enc) and row.key_id == store.keys.current_id
    )
    out = store.rotate_keys()
    assert out["reencrypted"]["sessions"] == 1
    got = store.session_for(rec.user_id, rec.session_id, rec.owner, True)
    assert got["state"]["dialogue"]["request"] == "推荐一部电影 ZQXstate"
    # a state written before states were sealed is read as it was
    with store.engine.begin() as conn:
        conn.execute(text("""UPDATE sessions SET state = '{"strategies": ["x"]}', state_enc = NULL"""))
    assert store.session_for(rec.user_id, rec.session_id, rec.owner, True)["state"] == {"strategies": ["x"]}
