"""The audit log: one writer, one JSON encoding, one shape per event -- and the rows each caller wrote before."""

from __future__ import annotations

import json

from sqlalchemy import text

from tests.memory.factory import make_turn
from xinyu.memory.audit import EVENTS
from xinyu.safety.escalation import AlertDispatcher, EscalationStore, Escalator
from xinyu.safety.risk import RiskAssessor

#: events whose data has these keys and no others (the rest add a count per table)
FIXED = set(EVENTS) - {"user_deleted", "retention", "keys_rotated"}
#: events the store wrote with ASCII escapes before the one writer: their data is ASCII, so unchanged
ASCII = {"reply_blocked", "user_deleted", "retention", "keys_rotated"}


def _every_event(store) -> None:
    escalations = EscalationStore(store.db)
    esc = Escalator(escalations, webhook_url="http://alerts.invalid/hook")
    rec = make_turn(level="high")
    store.record_turn(rec)
    crisis = RiskAssessor(use_model=False).assess("我买好了绳子，今晚就上吊")
    first = esc.handle(crisis, "u9", "s9", "t9")  # another user's: deleting u1 keeps their audit rows
    second = esc.handle(crisis, "u9", "s9")
    escalations.transition(first.id, "acknowledged", "李伟", "已联系，稍后回电")
    escalations.transition(second.id, "resolved", "staff-2")
    replies = iter([ConnectionError("连接失败"), 204, 204])

    def post(_url, _payload):
        reply = next(replies)
        if isinstance(reply, Exception):
            raise reply
        return reply

    dispatcher = AlertDispatcher(escalations, post=post, base_delay_s=0.0)
    dispatcher.deliver_due()
    dispatcher.deliver_due()
    record = {**first.record, "id": "from-journal"}
    assert escalations.restore(record, "http://alerts.invalid/hook", {"id": "from-journal"}, "j-1", 12.5)
    store.audit("reply_blocked", rec.turn_id, {"categories": ["medical"], "engine": "local"})
    store.record_turn(make_turn(user="u2", session="s2", created=1.0))
    store.purge_older_than(86400)
    store.rotate_keys(wait_s=0)
    store.delete_user("u1", b"audit-key")


def test_every_event_has_one_shape_and_one_encoding(store):
    _every_event(store)
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT event, subject, data FROM audit ORDER BY id")).all()
    assert {event for event, _, _ in rows} == set(EVENTS)
    for event, _subject, raw in rows:
        data = json.loads(raw)
        assert raw == json.dumps(data, ensure_ascii=False), event  # the one encoding
        assert set(EVENTS[event]) <= set(data), event
        if event in FIXED:
            assert tuple(data) == EVENTS[event], event
        if event in ASCII:
            assert raw == json.dumps(data), event  # what the store's own encoding wrote before


def test_the_escalation_events_keep_their_words_unescaped(store):
    escalations = EscalationStore(store.db)
    esc = Escalator(escalations, webhook_url="http://alerts.invalid/hook")
    out = esc.handle(RiskAssessor(use_model=False).assess("我买好了绳子，今晚就上吊"), "u1", "s1", "t1")
    escalations.transition(out.id, "acknowledged", "李伟", "已联系，稍后回电")
    log = escalations.audit_log()
    assert [e["event"] for e in log] == ["acknowledged", "escalation"]
    assert log[0]["data"] == {"by": "李伟", "note": "已联系，稍后回电"} and log[0]["subject"] == out.id
    assert set(log[1]["data"]) == {"level", "score", "actions"}
    with store.engine.connect() as conn:
        raw = conn.execute(text("SELECT data FROM audit WHERE event = 'acknowledged'")).scalar()
    assert raw == '{"by": "李伟", "note": "已联系，稍后回电"}'
