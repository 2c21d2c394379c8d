"""The handoff queue as staff work it: one entry per session in crisis, however many turns escalated in it, and
no escalation ever lost by grouping them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from xinyu.config import Settings
from xinyu.safety.escalation import group_by_session
from xinyu.service.app import create_app

CRISIS = "我已经把安眠药攒够了，今晚就吃下去"


def _entry(eid: str, session: str | None, created: float, level: str = "high", status: str = "open") -> dict:
    return {
        "id": eid,
        "user_id": "u",
        "session_id": session,
        "turn_id": eid,
        "created": created,
        "level": level,
        "score": 0.7,
        "status": status,
    }


def test_groups_keep_every_escalation_and_put_the_most_urgent_first():
    items = [
        _entry("a1", "s1", 1.0),
        _entry("b1", "s2", 2.0, "imminent", "acknowledged"),
        _entry("a2", "s1", 3.0, "imminent", "acknowledged"),
        _entry("c1", None, 4.0),
        _entry("c2", None, 5.0),
    ]
    groups = group_by_session(items)
    # s1 first: imminent like s2, but older; the two escalations without a session stay apart
    assert [(g["session_id"], g["ids"]) for g in groups] == [
        ("s1", ["a1", "a2"]),
        ("s2", ["b1"]),
        (None, ["c1"]),
        (None, ["c2"]),
    ]
    s1, s2 = groups[0], groups[1]
    assert s1["level"] == "imminent" and s1["status"] == "open" and (s1["first"], s1["last"]) == (1.0, 3.0)
    assert s2["status"] == "acknowledged"
    assert sorted(t["id"] for g in groups for t in g["turns"]) == sorted(i["id"] for i in items)


def test_follow_up_turns_of_a_crisis_are_one_queue_entry(tmp_path):
    app = create_app(Settings(data_dir=tmp_path / "var"))
    with TestClient(app, client=("127.0.0.1", 50000)) as c:

        def say(text: str, session: str | None = None) -> dict:
            body = {"user_id": "p1", "message": text, "locale": "zh-CN"}
            if session:
                body["session_id"] = session
            return c.post("/v1/chat", json=body).json()

        first = say(CRISIS)
        sid = first["session_id"]
        say("我真的撑不下去了", sid)
        flat = c.get("/v1/admin/escalations").json()["items"]
        assert len(flat) == 2  # every turn is still recorded
        groups = c.get("/v1/admin/escalations/sessions").json()["items"]
        assert len(groups) == 1 and groups[0]["ids"] == [e["id"] for e in flat]
        dash = c.get("/v1/admin/dashboard").json()
        assert dash["escalation_sessions"] == groups

        seen = groups[0]["ids"]
        r = c.post("/v1/admin/escalations/acknowledge", json={"ids": seen, "who": "nurse"})
        assert r.status_code == 200 and r.json()["changed"] == seen
        assert c.get("/v1/admin/escalations/sessions").json()["items"][0]["status"] == "acknowledged"

        # the person writes again after staff looked: the session is open again, the new turn in it
        say("没用的，什么都没用", sid)
        group = c.get("/v1/admin/escalations/sessions").json()["items"][0]
        assert group["status"] == "open" and len(group["ids"]) == 3
        # resolving what staff saw leaves the turn they did not see in the queue
        r = c.post("/v1/admin/escalations/resolve", json={"ids": seen, "who": "nurse"})
        assert r.json()["changed"] == seen
        left = c.get("/v1/admin/escalations/sessions").json()["items"]
        assert len(left) == 1 and left[0]["ids"] == group["ids"][2:] and left[0]["status"] == "open"

        assert c.post("/v1/admin/escalations/resolve", json={"ids": ["nope"]}).status_code == 404
        assert c.post("/v1/admin/escalations/resolve", json={"ids": []}).status_code == 422
