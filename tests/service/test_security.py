"""The service as an attacker and an operator meet it: identity bound to keys, key rotation next to a running
service, bounded work per request, a crisis on a failure path, hostile input, deletion that deletes, concurrent
writers, and what is exposed. The storage tests run on SQLite, and on PostgreSQL when ``XINYU_TEST_POSTGRES_URL``
names one (``.ci/run`` starts one)."""

from __future__ import annotations

import base64
import json
import logging
import os
import sqlite3
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.respond.test_chat import WebhookReceiver
from xinyu.config import Settings
from xinyu.service.app import create_app

PG_URL = os.environ.get("XINYU_TEST_POSTGRES_URL")
REQUIRE = os.environ.get("XINYU_TEST_REQUIRE_SERVICES") == "1"
LOOPBACK = ("127.0.0.1", 50000)
REMOTE = ("203.0.113.7", 4000)
A, B, ADMIN = {"X-API-Key": "key-a"}, {"X-API-Key": "key-b"}, {"X-API-Key": "admin-key"}
KEYED = {"keys": ["key-a", "key-b"], "admin_keys": ["admin-key"]}
CRISIS = "我已经把安眠药攒够了，今晚就吃下去"


def _databases():
    yield "sqlite"
    if PG_URL or REQUIRE:
        yield "postgresql"


@pytest.fixture(params=list(_databases()))
def db_url(request, tmp_path):
    """A database URL: a SQLite file, or a clean PostgreSQL schema."""
    if request.param == "sqlite":
        return None  # the data directory's SQLite file
    if not PG_URL:
        pytest.fail("XINYU_TEST_REQUIRE_SERVICES=1 but XINYU_TEST_POSTGRES_URL is not set")
    from xinyu.memory.database import make_engine

    engine = make_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return PG_URL


def _client(tmp_path: Path, client=LOOPBACK, db: str | None = None, **settings) -> TestClient:
    storage = {**settings.pop("storage", {}), **({"url": db} if db else {})}
    app = create_app(Settings(data_dir=tmp_path / "var", storage=storage, **settings))
    return TestClient(app, client=client, raise_server_exceptions=False)


def _chat(c: TestClient, message: str, user="u1", session=None, headers=None, **extra):
    body = {"user_id": user, "message": message, **extra}
    if session:
        body["session_id"] = session
    return c.post("/v1/chat", json=body, headers=headers or {})


# -- 1. identity bound to keys --------------------------------------------------------------------------------
def test_a_client_key_never_reaches_another_keys_users(tmp_path, db_url):
    with _client(tmp_path, REMOTE, db_url, api=KEYED) as c:
        a = _chat(c, "最近工作压力好大", user="alice@example.com", headers=A)
        assert a.status_code == 200, a.text
        a = a.json()
        sid, tid = a["session_id"], a["turn_id"]
        # key b: every read, feedback and delete of a's alice is a 404, as if she did not exist
        assert c.get(f"/v1/sessions/{sid}", headers=B).status_code == 404
        assert c.get("/v1/users/alice@example.com/trajectory", headers=B).status_code == 404
        assert c.post("/v1/feedback", json={"turn_id": tid, "rating": 1}, headers=B).status_code == 404
        assert c.delete("/v1/users/alice@example.com", headers=B).status_code == 404
        # and what b writes under the same ids is b's own: another person, another session
        b = _chat(c, "今天还不错", user="alice@example.com", session=sid, headers=B)
        assert b.status_code == 200 and b.json()["session_id"] == sid
        assert c.get(f"/v1/sessions/{sid}", headers=A).json()["turns"] == 1
        assert [
            p["turn_id"] for p in c.get("/v1/users/alice@example.com/trajectory", headers=A).json()["points"]
        ] == [tid]
        mine = c.get(f"/v1/sessions/{sid}", headers=B).json()
        assert mine["turns"] == 1 and mine["user_id"] == "alice@example.com"
        assert mine["history"][0]["message"] == "今天还不错"
        # admins see both, each under its key's namespace
        stored = {
            json.loads(line)["user_id"] for line in c.get("/v1/admin/export", headers=ADMIN).text.splitlines()
        }
        assert len(stored) == 2 and all(u.endswith(".alice@example.com") for u in stored)
        # a session of another user of the same key is a conflict, not a secret
        assert _chat(c, "hi", user="bob", session=sid, headers=A).status_code == 409
        assert c.post("/v1/feedback", json={"turn_id": tid, "thumb": "up"}, headers=A).status_code == 200
        assert c.delete("/v1/users/alice@example.com", headers=A).json()["deleted"] is True
        assert c.get(f"/v1/sessions/{sid}", headers=B).json()["turns"] == 1  # b's alice stays


def test_another_keys_ids_cannot_be_probed_or_taken(tmp_path):
    """Whether b's id exists under a is not something a can learn, nor can a take it before b does."""
    with _client(tmp_path, REMOTE, api=KEYED) as c:
        assert _chat(c, "你好", user="42", session="s-1", headers=A).status_code == 200
        first = _chat(c, "你好", user="42", session="s-1", headers=B)
        assert first.status_code == 200 and first.json()["memory"]["turn_index"] == 0


def test_the_keys_of_one_client_app_share_its_users(tmp_path):
    api = {"clients": {"care-app": ["old-key", "new-key"]}, "keys": ["key-b"]}
    with _client(tmp_path, REMOTE, api=api) as c:
        a = _chat(c, "睡不着", user="u1", headers={"X-API-Key": "old-key"}).json()
        view = c.get(f"/v1/sessions/{a['session_id']}", headers={"Authorization": "Bearer new-key"})
        assert view.status_code == 200
        assert c.get(f"/v1/sessions/{a['session_id']}", headers=B).status_code == 404


def test_the_openai_endpoint_keeps_each_keys_users_apart_too(tmp_path):
    body = {"user": "carol", "messages": [{"role": "user", "content": "I feel so alone"}]}
    with _client(tmp_path, REMOTE, api=KEYED) as c:
        a = c.post("/v1/chat/completions", json=body, headers=A).json()["xinyu"]
        b = c.post("/v1/chat/completions", json=body, headers=B).json()["xinyu"]
        # the same derived session id, two conversations: each is the first turn of its own
        assert a["session_id"] == b["session_id"]
        assert c.get(f"/v1/sessions/{a['session_id']}", headers=A).json()["turns"] == 1
        assert c.get(f"/v1/sessions/{b['session_id']}", headers=B).json()["turns"] == 1
        del body["user"]  # no user: each key has a user of its own
        c.post("/v1/chat/completions", json=body, headers=A)
        assert c.get("/v1/users/openai-client/trajectory", headers=A).status_code == 200
        assert c.get("/v1/users/openai-client/trajectory", headers=B).status_code == 404


# -- 2. key rotation next to a running service ---------------------------------------------------------------
def test_key_rotation_next_to_a_running_service_loses_nothing(tmp_path):
    """The service keeps chatting while ``xinyu keys rotate`` runs beside it; after a restart every row reads."""
    import sys

    sessions: list[str] = []
    with _client(tmp_path, api={"rate_limit_per_minute": 100_000}) as c:
        first = _chat(c, "第一句：我好累").json()
        old_key = c.app.state.services.store.keys.current_id
        stop = threading.Event()
        codes: list[int] = []

        def keep_chatting() -> None:
            i = 0
            while not stop.is_set():
                r = _chat(c, f"第{i}句：还是睡不着", user=f"w{i % 3}", session=f"s-{i % 3}")
                codes.append(r.status_code)
                sessions.append(f"s-{i % 3}")
                i += 1

        worker = threading.Thread(target=keep_chatting)
        worker.start()
        time.sleep(0.5)
        env = {**os.environ, "XINYU_DATA_DIR": str(tmp_path / "var"), "XINYU_CONFIG": str(tmp_path / "none")}
        done = subprocess.run(
            [sys.executable, "-c", "from xinyu.cli.main import main; main()", "keys", "rotate"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        time.sleep(0.5)
        stop.set()
        worker.join()
        assert set(codes) == {200} and len(codes) > 5
        # the running service moved to the new key, and the old one went only once nothing needed it
        assert c.app.state.services.store.keys.current_id == out["key_id"] != old_key
        assert out["services_behind"] == {} and old_key in out["dropped"]
    keys = json.loads((tmp_path / "var" / "keys.json").read_text())["keys"]
    assert [k["id"] for k in keys] == [out["key_id"]]
    with _client(tmp_path) as c:  # a restart reads every row, old and new
        assert c.get(f"/v1/sessions/{first['session_id']}").status_code == 200
        for sid in set(sessions):
            r = c.get(f"/v1/sessions/{sid}")
            assert r.status_code == 200, r.text
        assert _chat(c, "我又来了", session=first["session_id"]).status_code == 200


def test_rotation_keeps_old_keys_while_a_service_still_seals_with_them(tmp_path):
    from xinyu.memory.crypto import KeyRing
    from xinyu.memory.database import make_engine
    from xinyu.memory.store import Store

    store = Store(make_engine(tmp_path / "m.db"), KeyRing.open(tmp_path / "keys.json"))
    store.heartbeat("stale-worker")  # a live service that never picks up the new key
    old = store.keys.current_id
    out = store.rotate_keys(wait_s=0.2)
    assert out["services_behind"] == {"stale-worker": old} and out["dropped"] == []
    assert old in KeyRing.open(tmp_path / "keys.json").ids  # still there to open what the worker seals
    store.close()


def test_the_key_file_can_live_outside_the_data_directory(tmp_path):
    secrets_dir = tmp_path / "secrets"
    with _client(tmp_path, storage={"key_file": str(secrets_dir / "xinyu-keys.json")}) as c:
        assert _chat(c, "你好").status_code == 200
    assert (secrets_dir / "xinyu-keys.json").is_file() and not (tmp_path / "var" / "keys.json").exists()
    assert oct((secrets_dir / "xinyu-keys.json").stat().st_mode & 0o777) == "0o600"


# -- 3. no request stalls the others -------------------------------------------------------------------------
def test_work_per_request_is_capped(tmp_path):
    with _client(tmp_path, api={"max_request_chars": 20_000, "max_body_bytes": 300_000}) as c:
        r = c.post("/v1/risk", json={"messages": ["我好难过" * 1000] * 20})
        assert r.status_code == 413 and "max_request_chars" in r.json()["detail"]
        r = c.post("/v1/analyze", json={"texts": ["压力好大" * 1000] * 10})
        assert r.status_code == 413
        r = c.post("/v1/analyze", json={"text": "x" * 400_000})
        assert r.status_code == 413 and "max_body_bytes" in r.json()["detail"]
        # a body without a length that grows past the cap
        chunks = (b'{"text": "' + b"y" * 100_000 for _ in range(1)), (b"y" * 100_000 for _ in range(4))
        r = c.post(
            "/v1/analyze",
            content=(part for gen in chunks for part in gen),
            headers={"content-type": "application/json"},
        )
        assert r.status_code == 413
        assert c.post("/v1/risk", json={"messages": ["我好难过"] * 20}).status_code == 200


def test_only_admins_choose_an_expensive_backend(tmp_path):
    with _client(tmp_path, REMOTE, api=KEYED) as c:
        r = c.post("/v1/analyze", json={"text": "好难过", "backend": "transformer"}, headers=A)
        assert r.status_code == 403 and "admin" in r.json()["detail"]
        assert (
            c.post("/v1/analyze", json={"text": "好难过", "backend": "lexicon"}, headers=A).status_code == 200
        )
        assert (
            c.post("/v1/analyze", json={"text": "好难过", "backend": "lexicon"}, headers=ADMIN).status_code
            == 200
        )


def test_a_held_sqlite_lock_is_a_503_with_a_reason_and_health_stays_up(tmp_path):
    with _client(tmp_path, storage={"busy_timeout_s": 0.3}) as c:
        assert _chat(c, "你好").status_code == 200
        other = sqlite3.connect(tmp_path / "var" / "xinyu.db", timeout=0.1)  # another process's writer
        other.execute("BEGIN IMMEDIATE")
        try:
            r = _chat(c, "工作好累")
            assert r.status_code == 503 and r.json()["reason"] == "storage_busy"
            assert r.headers["retry-after"]
            health = c.get("/healthz")
            assert health.status_code == 200 and health.json()["storage"]["reason"] == "busy"
            assert c.get("/readyz").status_code == 503
        finally:
            other.rollback()
            other.close()
        assert _chat(c, "好些了").status_code == 200
        assert c.get("/healthz").json()["storage"]["ok"] is True


def test_health_never_waits_for_the_database(tmp_path):
    """/healthz and /readyz answer from the health probe's last result, even while the database hangs."""
    with _client(tmp_path) as c:
        store = c.app.state.services.store
        hang = threading.Event()
        original = store.db.engine.connect

        def hanging_connect(*a, **kw):
            hang.wait(30)
            return original(*a, **kw)

        store.db.engine.connect = hanging_connect
        try:
            results = []
            t = threading.Thread(target=lambda: results.append(c.get("/healthz").status_code))
            t.start()
            t.join(10)
            assert results == [200]
            assert c.get("/readyz").status_code == 200  # the last probe's answer, not a wait
        finally:
            hang.set()
            store.db.engine.connect = original


# -- 4. a crisis on a failure path ----------------------------------------------------------------------------
def test_a_crisis_while_the_database_is_full_gets_help_lines_and_is_escalated(tmp_path):
    from sqlalchemy import event

    hook = WebhookReceiver()
    try:
        with _client(tmp_path, safety={"webhook_url": hook.url}) as c:
            assert _chat(c, "你好", session="s1").status_code == 200
            engine = c.app.state.services.store.engine
            full = threading.Event()

            @event.listens_for(engine, "before_cursor_execute")
            def _disk_full(_conn, _cursor, statement, *_args):
                # what SQLite says when the disk is full, for every write (reads still work)
                if full.is_set() and statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
                    raise sqlite3.OperationalError("database or disk is full")

            full.set()
            r = _chat(c, CRISIS, session="s1", locale="zh-CN")
            assert r.status_code == 503, r.text
            body = r.json()
            assert "12356" in body["reply"] and any("12356" in line for line in body["helplines"])
            assert body["stored"] is False and body["risk"]["level"] in {"high", "imminent"}
            assert body["risk"]["escalation"]["journaled"] is True
            # the alert goes out from the journal while the database is down
            alert = hook.wait(1)[0]
            assert alert["id"] == body["risk"]["escalation"]["id"] and "安眠药" not in json.dumps(alert)
            journal = (tmp_path / "var" / "crisis-journal.jsonl").read_text()
            assert body["risk"]["escalation"]["id"] in journal and "安眠药" not in journal
            # health says so; readiness refuses traffic
            deadline = time.time() + 10
            while c.get("/healthz").json()["storage"]["ok"] and time.time() < deadline:
                time.sleep(0.2)
            assert c.get("/healthz").json()["status"] == "degraded"
            assert c.get("/readyz").status_code == 503
            # an everyday message gets a plain 503, no help lines
            plain = _chat(c, "今天吃了火锅", session="s1")
            assert plain.status_code == 503 and "reply" not in plain.json()

            full.clear()  # space again
            deadline = time.time() + 15
            while c.get("/readyz").status_code != 200 and time.time() < deadline:
                time.sleep(0.2)
            assert c.get("/readyz").status_code == 200
            deadline = time.time() + 15
            queue = []
            while not queue and time.time() < deadline:
                queue = c.get("/v1/admin/escalations").json()["items"]
                time.sleep(0.2)
            assert [e["id"] for e in queue] == [body["risk"]["escalation"]["id"]]
            assert (tmp_path / "var" / "crisis-journal.jsonl").read_text() == ""
            time.sleep(1.5)
            assert len(hook.bodies) == 1  # delivered once, not again after the replay
    finally:
        hook.close()


def test_a_crisis_when_the_store_cannot_even_be_read_still_gets_help_lines(tmp_path):
    from xinyu.memory.database import StoreUnavailable

    with _client(tmp_path) as c:
        store = c.app.state.services.store

        def down(*_a, **_kw):
            raise StoreUnavailable("unavailable", "the database failed: OperationalError")

        store.session_for = down
        store.check_user = down
        c.app.state.services.escalations.add = down
        r = _chat(c, "I have saved up pills and I'm taking them all tonight", locale="en-US")
        assert r.status_code == 503
        assert "988" in r.json()["reply"] and r.json()["risk"]["escalation"]["journaled"] is True


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    return done.returncode == 0


def test_a_crisis_on_a_really_full_disk_gets_help_lines(tmp_path):
    """A real full file system (a small tmpfs, where this machine lets us mount one)."""
    disk = tmp_path / "disk"
    if os.geteuid() != 0 or not _mount_tmpfs(disk, "6m"):
        pytest.skip("mounting a tmpfs needs root (the SQLite-full test above covers the same path)")
    try:
        with _client(disk) as c:
            assert _chat(c, "你好", session="s1").status_code == 200
            # the WAL emptied first: a checkpoint (every second, in the background) leaves room in it that the
            # next writes would reuse, full disk or not
            assert c.app.state.services.store.scrub()
            with open(disk / "ballast", "wb") as fh:  # fill every byte that is left
                try:
                    while True:
                        fh.write(b"\0" * 65536)
                        fh.flush()
                except OSError:
                    pass
            r = _chat(c, CRISIS * 40, session="s1", locale="zh-CN")
            # the escalation could not be written; the journal's reserve made room for it (and the room it
            # freed may let the turn itself be stored: a 200, or a 503 when even that was not enough)
            assert r.status_code in (200, 503), r.text
            assert "12356" in r.json()["reply"]
            esc = r.json()["risk"]["escalation"]
            assert esc["journaled"] is True
            # journalled; the journal loop may already have replayed it into the database (emptying the file)
            journal = (disk / "var" / "crisis-journal.jsonl").read_text()
            replayed = {e["id"] for e in c.get("/v1/admin/escalations").json()["items"]}
            assert esc["id"] in journal or esc["id"] in replayed
            (disk / "ballast").unlink()
            deadline, queue = time.time() + 15, []
            while not queue and time.time() < deadline:  # replayed into the handoff queue once there is room
                queue = c.get("/v1/admin/escalations").json()["items"]
                time.sleep(0.2)
            assert [e["id"] for e in queue] == [esc["id"]]
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


# -- 5. hostile input ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "raw"),
    [
        ("/v1/chat", '{"user_id": "u1", "message": "\\ud800 我好难过 SECRET-TEXT"}'),
        ("/v1/analyze", '{"text": "SECRET-TEXT \\udfff"}'),
        ("/v1/chat/completions", '{"messages": [{"role": "user", "content": "SECRET-TEXT \\ud83d"}]}'),
        ("/v1/chat", '{"user_id": "u1", "message": "\\u0000\\u0000\\u0000"}'),
        ("/v1/feedback", '{"turn_id": "t1", "rating": NaN, "comment": "SECRET-TEXT"}'),
        ("/v1/feedback", '{"turn_id": "t1", "rating": 1e309}'),
        ("/v1/feedback", '{"turn_id": "t1", "rating": -Infinity}'),
        (
            "/v1/chat/completions",
            '{"messages": [{"role": "user", "content": "hi"}], "xinyu": {"locale": {}}}',
        ),
        ("/v1/chat", '{"user_id": "bnl\\n", "message": "SECRET-TEXT"}'),
        (
            "/v1/chat/completions",
            '{"user": "bnl\\n", "messages": [{"role": "user", "content": "SECRET-TEXT"}]}',
        ),
        ("/v1/chat", '{"user_id": "u1", "message": "hi", "locale": "zh-CN-' + "x" * 80 + '"}'),
        ("/v1/chat", '{"user_id": "u1", "message": "SECRET-TEXT", "session_id": "' + "s" * 129 + '"}'),
    ],
)
def test_bad_input_is_refused_without_echoing_or_logging_it(client, caplog, path, raw):
    with caplog.at_level(logging.DEBUG):
        r = client.post(path, content=raw.encode(), headers={"content-type": "application/json"})
    openai = path == "/v1/chat/completions"  # OpenAI's shape: a 400 with an error object
    assert r.status_code == (400 if openai else 422), r.text
    detail = r.json()["error"]["message"] if openai else r.json()["detail"]
    assert detail and "SECRET" not in r.text and "input" not in json.dumps(detail)
    assert "SECRET" not in caplog.text


def test_ids_of_128_characters_and_long_locales_are_served(tmp_path, db_url):
    with _client(tmp_path, db=db_url) as c:
        session = "s" * 128
        r = _chat(c, "你好", user="u" * 128, session=session, locale="zh-Hant-TW-u-ca-chinese")
        assert r.status_code == 200, r.text
        assert c.get(f"/v1/sessions/{session}").json()["locale"] == "zh-Hant-TW-u-ca-chinese"


@pytest.fixture
def client(tmp_path):
    with _client(tmp_path) as c:
        yield c


# -- 6. deletion that deletes --------------------------------------------------------------------------------
def _ciphertexts(store, user_id: str) -> list[bytes]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT message_enc, reply_enc FROM turns WHERE user_id = :u"), {"u": user_id}
        ).all()
        rows += conn.execute(
            text("SELECT summary_enc, summary_enc FROM users WHERE id = :u"), {"u": user_id}
        ).all()
        rows += conn.execute(
            text("SELECT core_words_enc, risk_enc FROM analyses WHERE user_id = :u"), {"u": user_id}
        ).all()
    return [bytes(b) for row in rows for b in row if b]


def _in_files(folder: Path, blobs: list[bytes]) -> list[str]:
    """Which files under ``folder`` still hold any 24-byte stretch of any of ``blobs``."""
    found = []
    for f in folder.rglob("*"):
        if not f.is_file():
            continue
        data = f.read_bytes()
        for blob in blobs:
            body = blob[12:]  # past the nonce: the ciphertext itself
            if any(body[i : i + 24] in data for i in range(0, max(1, len(body) - 24), 24)):
                found.append(f.name)
                break
    return found


def test_deleted_users_leave_no_ciphertext_in_any_file(tmp_path):
    with _client(tmp_path) as c:
        for i in range(12):
            _chat(c, f"第{i}次：我好难过，工作压力好大 {uuid.uuid4().hex}", user="gone", session="g")
        _chat(c, "你好", user="stays")
        store = c.app.state.services.store
        blobs = _ciphertexts(store, "gone")
        assert len(blobs) >= 12 * 3
        var = tmp_path / "var"
        assert _in_files(var, blobs)  # they are there before
        assert c.delete("/v1/users/gone").status_code == 200
        assert _in_files(var, blobs) == []
        assert _chat(c, "还在", user="stays").status_code == 200


def test_retention_deletes_idle_users_and_their_escalations_and_what_they_said(tmp_path):
    hook = WebhookReceiver()
    try:
        with _client(tmp_path, safety={"webhook_url": hook.url}) as c:
            crisis = _chat(c, CRISIS, user="old").json()
            _chat(c, "我又来了", user="new")
            store = c.app.state.services.store
            blobs = _ciphertexts(store, "old")
            past = time.time() - 40 * 86400
            with store.engine.begin() as conn:  # forty days pass for "old"
                conn.execute(text("UPDATE turns SET created = :t WHERE user_id = 'old'"), {"t": past})
                conn.execute(text("UPDATE escalations SET updated = :t WHERE user_id = 'old'"), {"t": past})
                conn.execute(text("UPDATE users SET updated = :t WHERE id = 'old'"), {"t": past})
            assert store.purge_older_than(30 * 86400) == 1
            assert sum(store.count_user_rows("old").values()) == 0
            with store.engine.connect() as conn:
                assert conn.execute(text("SELECT count(*) FROM alerts")).scalar() == 0
                assert conn.execute(text("SELECT count(*) FROM escalations")).scalar() == 0
            assert crisis["risk"]["escalation"]["id"]
            assert _in_files(tmp_path / "var", blobs) == []
            assert c.get("/v1/users/new/trajectory").status_code == 200
    finally:
        hook.close()


def test_state_files_are_private(tmp_path):
    with _client(tmp_path) as c:
        _chat(c, "你好")
    var = tmp_path / "var"
    assert oct(var.stat().st_mode & 0o777) == "0o700"
    for name in ("xinyu.db", "xinyu.db-wal", "keys.json", "crisis-journal.reserve"):
        if (var / name).exists():
            assert oct((var / name).stat().st_mode & 0o777) == "0o600", name
    assert (var / "xinyu.db").exists()


# -- 7. concurrent writers -----------------------------------------------------------------------------------
def test_concurrent_turns_neither_collide_nor_lose_updates(tmp_path, db_url):
    """Two service processes' stores on one database: 16 first turns of one new user at once, then many turns
    on one session at once; every turn is counted in the user's row, its summary and the session."""
    from xinyu.levels import RiskLevel
    from xinyu.memory.crypto import KeyRing
    from xinyu.memory.database import make_engine
    from xinyu.memory.store import Store
    from xinyu.memory.turns import TurnRecord
    from xinyu.schema import EmotionRecord, ReplyRecord, RiskRecord

    url = db_url or str(tmp_path / "shared.db")
    ring = KeyRing.generate()
    stores = [Store(make_engine(url), ring), Store(make_engine(url), ring)]

    def turn(i: int, session: str) -> None:
        stores[i % 2].record_turn(
            TurnRecord(
                turn_id=uuid.uuid4().hex,
                session_id=session,
                user_id="crowd",
                locale="zh-CN",
                message=f"第{i}句",
                reply=ReplyRecord(text="嗯", strategy="reflection", engine="local"),
                emotion=EmotionRecord(
                    language="zh",
                    label="sadness",
                    labels=["sadness"],
                    scores={"sadness": 1.0},
                    polarity="negative",
                    intensity=0.5,
                    core_words=[],
                    model="test",
                ),
                risk=RiskRecord(RiskLevel.NONE, 0.0, "zh"),
                state={},
                latency_ms=1.0,
                owner="key:a",
            )
        )

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda i: turn(i, f"first-{i}"), range(16)))
        list(pool.map(lambda i: turn(i, "one"), range(200)))
    total = 16 + 200
    with stores[0].engine.connect() as conn:
        assert conn.execute(text("SELECT turns FROM users WHERE id = 'crowd'")).scalar() == total
        assert conn.execute(text("SELECT turns FROM sessions WHERE id = 'one'")).scalar() == 200
        idx = [
            r[0] for r in conn.execute(text("SELECT idx FROM turns WHERE session_id = 'one' ORDER BY idx"))
        ]
    assert idx == list(range(200))
    assert stores[0].user_summary("crowd")["turns"] == total
    for s in stores:
        s.close()


def test_workers_migrating_an_empty_database_at_once(tmp_path, db_url):
    """Four processes start on an empty database together (serve --workers 4): one migrates, none fails."""
    import sys

    from xinyu.memory.database import make_engine

    url = db_url or str(tmp_path / "fresh.db")
    code = "import sys; from xinyu.memory.database import make_engine, migrate; migrate(make_engine(sys.argv[1]))"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, url], stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, errors
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0004"
    engine.dispose()


# -- 8. exposure -------------------------------------------------------------------------------------------------
def test_with_keys_every_page_and_the_metrics_need_one(tmp_path):
    api = {**KEYED, "metrics_token": "scrape-me"}
    with _client(tmp_path, REMOTE, api=api) as c:
        for path in ("/dashboard", "/review", "/docs", "/redoc", "/openapi.json", "/metrics"):
            r = c.get(path)
            assert r.status_code == 401, path
        assert c.get("/dashboard").headers["www-authenticate"].startswith("Basic")
        basic = "Basic " + base64.b64encode(b"staff:admin-key").decode()
        assert c.get("/dashboard", headers={"Authorization": basic}).status_code == 200
        assert c.get("/dashboard", headers=A).status_code == 403  # a client key is not staff
        assert (
            c.get("/docs", headers=A).status_code == 200
            and c.get("/openapi.json", headers=A).status_code == 200
        )
        assert c.get("/metrics", headers={"Authorization": "Bearer scrape-me"}).status_code == 200
        assert c.get("/metrics", headers=ADMIN).status_code == 200
        assert c.get("/metrics", headers=A).status_code == 403
        assert c.get("/v1/admin/dashboard", headers={"Authorization": "Bearer scrape-me"}).status_code == 401
        assert c.get("/healthz").status_code == 200 and c.get("/readyz").status_code == 200


def test_a_proxy_on_the_same_host_does_not_make_every_client_local(tmp_path):
    relayed = [
        {"X-Real-IP": "198.51.100.4"},
        {"Forwarded": "for=198.51.100.4"},
        {"X-Forwarded-For": "10.0.0.9"},
    ]
    with _client(tmp_path) as c:  # no keys: loopback only; the peer is the proxy on 127.0.0.1
        for headers in relayed:
            assert _chat(c, "hi", headers=headers).status_code == 403, headers
            assert c.get("/metrics", headers=headers).status_code == 403
        assert _chat(c, "hi").status_code == 200
    with _client(tmp_path, api={"trusted_proxies": ["127.0.0.1"]}) as c:
        assert _chat(c, "hi", headers={"X-Real-IP": "198.51.100.4"}).status_code == 403
        assert _chat(c, "hi", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 200
        assert _chat(c, "hi", headers={"X-Forwarded-For": "127.0.0.1, 198.51.100.4"}).status_code == 403
        # headers the proxy does not set are the client's own: never read
        forged = [
            {"X-Forwarded-For": "203.0.113.9", "Forwarded": "for=127.0.0.2"},
            {"X-Real-IP": "203.0.113.9", "X-Forwarded-For": "198.51.100.4"},
            {"X-Forwarded-For": "localhost"},
            {"X-Forwarded-For": "198.51.100.4", "X-Real-IP": "127.0.0.1"},
        ]
        for headers in forged:
            assert c.get("/v1/admin/audit", headers=headers).status_code == 403, headers
    with _client(tmp_path, api={"trusted_proxies": ["127.0.0.1"], "proxy_header": "x-real-ip"}) as c:
        assert _chat(c, "hi", headers={"X-Real-IP": "127.0.0.1"}).status_code == 200
        assert _chat(c, "hi", headers={"X-Real-IP": "198.51.100.4"}).status_code == 403
        assert _chat(c, "hi", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 403  # not its header


def test_clients_never_see_internal_urls_upstream_bodies_or_blocked_text(tmp_path):
    from xinyu.llm.fake import FakeOpenAIServer

    with FakeOpenAIServer(lambda m: "你可以每天吃舍曲林，自己加量就好") as server:
        server.fail_next = [400]  # a non-retryable upstream error first: its body must not reach the client
        llm = {"base_url": server.base_url, "model": "m", "timeout_s": 2, "max_retries": 0}
        with _client(tmp_path, reply={"engine": "llm"}, llm=llm) as c:
            first = _chat(c, "最近总是睡不着").json()
            second = _chat(c, "有什么建议吗", session=first["session_id"]).json()
    assert first["engine"]["fallback"] and first["engine"]["error"] == "http_status"
    assert server.base_url not in json.dumps(first) and "127.0.0.1" not in json.dumps(first["engine"])
    assert "injected failure" not in json.dumps(first)
    # the LLM's unsafe answer was blocked: the client learns the category, never the blocked words
    assert second["moderation"] == {"allowed": False, "categories": ["medical"]}
    assert "舍曲林" not in json.dumps(second, ensure_ascii=False)


# -- review: the edges --------------------------------------------------------------------------------------------
def test_odd_credentials_are_refused_not_crashed_on(tmp_path):
    odd = [
        "Basic éééé".encode("latin-1"),
        b"Basic !!!",
        b"Basic " + base64.b64encode(b"\xff\xfe"),
        b"Bearer",
        b"Negotiate x",
    ]
    with _client(tmp_path, REMOTE, api={**KEYED, "rate_limit_per_minute": 600}) as c:
        for auth in odd:
            r = c.get("/v1/users/u1/trajectory", headers={"Authorization": auth})
            assert r.status_code == 401, (auth, r.status_code)
        # an empty bearer does not hide a key sent the other way
        r = c.get("/v1/users/u1/trajectory", headers={"Authorization": "Bearer ", "X-API-Key": "key-a"})
        assert r.status_code == 404  # authenticated; there is no such user
        # guessing keys is limited per address
        codes = [
            c.post("/v1/risk", json={"text": "hi"}, headers={"X-API-Key": f"guess-{i}"}).status_code
            for i in range(80)
        ]
        assert 429 in codes and set(codes) <= {401, 429}


def test_a_turn_on_the_event_loop_never_waits_for_another_turn_of_its_session(tmp_path):
    """While a long turn of a session waits for the database (another process holds its lock), a short one of the
    same session goes to a thread, and the event loop answers /healthz before either of them is done."""
    with _client(tmp_path, storage={"busy_timeout_s": 2.0}) as c:
        assert _chat(c, "你好", session="s").status_code == 200
        other = sqlite3.connect(tmp_path / "var" / "xinyu.db", timeout=0.1)
        other.execute("BEGIN IMMEDIATE")
        done: list[str] = []

        def send(name: str, message: str) -> None:
            _chat(c, message, session="s")
            done.append(name)

        long = threading.Thread(target=send, args=("long", "我最近总是睡不着，" * 150))
        long.start()
        time.sleep(0.3)  # the long turn holds the session and waits for the database
        short = threading.Thread(target=send, args=("short", "还是睡不着"))
        short.start()
        time.sleep(0.3)
        assert c.get("/healthz").status_code == 200
        done.append("healthz")
        other.rollback()
        other.close()
        long.join(10)
        short.join(10)
        assert done[0] == "healthz"


def test_a_refused_chat_still_carries_help_lines_for_a_crisis(tmp_path):
    with _client(tmp_path) as c:
        bad_id = c.post("/v1/chat", json={"user_id": "bad id!", "message": CRISIS, "locale": "zh-CN"})
        assert bad_id.status_code == 422 and "12356" in bad_id.json()["reply"]
        assert bad_id.json()["detail"] and "安眠药" not in bad_id.text
        too_long = _chat(c, CRISIS + "。" + "我" * 6000)
        assert too_long.status_code == 422 and too_long.json()["helplines"]
        owner = _chat(c, "你好", user="owner").json()
        taken = _chat(c, CRISIS, user="other", session=owner["session_id"])
        assert taken.status_code == 409 and "12356" in taken.json()["reply"]
        moderate = c.post("/v1/chat", json={"user_id": "x y", "message": "我真的不想活了"})
        assert moderate.status_code == 422 and moderate.json()["helplines"]
        everyday = c.post("/v1/chat", json={"user_id": "x y", "message": "今天吃了火锅"})
        assert everyday.status_code == 422 and "helplines" not in everyday.json()


def test_a_crisis_is_escalated_before_a_failing_emotion_backend(tmp_path):
    from xinyu.emotion import EmotionBackendError

    with _client(tmp_path) as c:
        analyzer = c.app.state.services.chat.analyzer

        class Down:
            backend = analyzer.backend

            def analyze(self, text):
                raise EmotionBackendError("the emotion endpoint is down")

        c.app.state.services.chat.analyzer = Down()
        r = _chat(c, CRISIS, locale="zh-CN")
        assert r.status_code == 503 and "12356" in r.json()["reply"]
        assert len(c.get("/v1/admin/escalations").json()["items"]) == 1  # written before the analyzer ran


def test_a_blocked_reply_is_served_when_its_audit_cannot_be_written(tmp_path):
    from xinyu.memory.database import StoreUnavailable
    from xinyu.respond.engines import Reply

    with _client(tmp_path) as c:
        svc = c.app.state.services

        class Unsafe:
            name = "unsafe"

            def reply(self, ctx):
                return Reply("你就是抑郁症，吃舍曲林就好了", "unsafe")

        def audit_down(*_a, **_kw):
            raise StoreUnavailable("unavailable", "the database failed: OperationalError")

        svc.chat.engine = Unsafe()
        svc.store.audit = audit_down
        r = _chat(c, "今天有点累")
        assert r.status_code == 200 and r.json()["moderation"]["allowed"] is False


def test_the_crisis_journal_survives_torn_lines_short_writes_and_bad_records(tmp_path, monkeypatch):
    from xinyu.safety.journal import CrisisJournal

    journal = CrisisJournal(tmp_path, reserve_bytes=0)
    rec = {"id": "e1", "level": "high", "score": 0.8, "actions": ["handoff"], "reasons": [], "status": "open"}
    journal.add_escalation(rec, "http://hook", {"id": "e1"})
    with open(journal.path, "ab") as fh:  # a crash in the middle of the next line
        fh.write(b'{"type": "escalation", "record": {"id": "e2"')
    real_write = os.write
    monkeypatch.setattr(
        os, "write", lambda fd, data: real_write(fd, bytes(data)[:7])
    )  # a disk that takes 7 bytes
    journal.add_escalation({**rec, "id": "e3", "level": "imminent"}, None, None)
    monkeypatch.undo()
    assert [e["record"]["id"] for e in journal.pending()] == ["e1", "e3"]

    seen: list[str] = []

    def add(record, url, payload, alert_id, delivered):
        if record["id"] == "e1":  # meanwhile a new crisis is journalled: it must survive the replay
            journal.add_escalation({**rec, "id": "e4"}, None, None)
        if record["id"] == "e3":
            raise KeyError("a record the queue cannot take")
        seen.append(record["id"])
        return True

    assert journal.replay(add) == 1 and seen == ["e1"]
    assert [e["record"]["id"] for e in journal.pending()] == ["e4"]
    assert "e3" in journal.path.with_suffix(".rejected").read_text()


def _deliver(journal, post):
    """The journal's alerts sent as the service sends them (the alert dispatcher's send and backoff)."""
    from xinyu.safety.escalation import AlertDispatcher

    dispatcher = AlertDispatcher(None, post=post)
    return journal.deliver(dispatcher.send, dispatcher.delay)


def test_journalled_alerts_go_out_once_from_several_processes(tmp_path):
    from xinyu.safety.journal import CrisisJournal

    first, second = CrisisJournal(tmp_path, reserve_bytes=0), CrisisJournal(tmp_path, reserve_bytes=0)
    rec = {"id": "e1", "level": "high", "score": 0.8, "actions": ["alert"], "reasons": [], "status": "open"}
    first.add_escalation(rec, "http://hook", {"id": "e1"})
    posted: list[str] = []

    def slow_post(url, payload):
        # while the first process delivers, the second tries
        posted.append(payload["id"])
        assert _deliver(second, lambda u, p: posted.append(p["id"]) or 204) == (0, 0)
        return 204

    assert _deliver(first, slow_post) == (1, 0)
    assert _deliver(second, lambda u, p: posted.append(p["id"]) or 204) == (0, 0)  # already delivered
    assert posted == ["e1"]


def test_workers_starting_on_an_empty_directory_share_one_key(tmp_path):
    import sys

    code = (
        "import sys; from xinyu.memory.crypto import KeyRing; "
        "r = KeyRing.open(sys.argv[1]); print(r.current_id, r.encrypt('x', 'c')[0])"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(tmp_path / "keys.json")], stdout=subprocess.PIPE, text=True
        )
        for _ in range(6)
    ]
    ids = {p.communicate(timeout=60)[0].split()[0] for p in procs}
    stored = [k["id"] for k in json.loads((tmp_path / "keys.json").read_text())["keys"]]
    assert len(ids) == 1 and stored == list(ids)


def test_concurrent_rotations_keep_every_key(tmp_path):
    from xinyu.memory.crypto import KeyRing

    a, b = KeyRing.open(tmp_path / "keys.json"), KeyRing.open(tmp_path / "keys.json")
    new_a = a.rotate()
    new_b = b.rotate()  # b's ring had not seen a's key: it must not write it away
    stored = [k["id"] for k in json.loads((tmp_path / "keys.json").read_text())["keys"]]
    assert new_a in stored and new_b in stored and stored[-1] == new_b


def test_two_rotations_at_once_beside_a_chatting_service_leave_every_row_readable(tmp_path):
    from xinyu.memory.crypto import KeyRing
    from xinyu.memory.database import make_engine
    from xinyu.memory.store import Store

    with _client(tmp_path, api={"rate_limit_per_minute": 100_000}) as c:
        stop = threading.Event()

        def keep_chatting() -> None:
            i = 0
            while not stop.is_set():
                _chat(c, f"第{i}句：还是睡不着", user=f"w{i % 3}", session=f"s-{i % 3}")
                i += 1

        worker = threading.Thread(target=keep_chatting)
        worker.start()

        def rotate() -> None:
            # another process: its own engine and key ring over the same files
            cli = Store(
                make_engine(tmp_path / "var" / "xinyu.db"), KeyRing.open(tmp_path / "var" / "keys.json")
            )
            cli.rotate_keys(batch=7, wait_s=10, settle_s=0.5)
            cli.close()

        rotations = [threading.Thread(target=rotate) for _ in range(2)]
        for t in rotations:
            t.start()
        for t in rotations:
            t.join()
        stop.set()
        worker.join()
    with _client(tmp_path) as c:  # a restart: every row opens with the key its row names
        for i in range(3):
            r = c.get(f"/v1/sessions/s-{i}")
            assert r.status_code == 200, r.text
        store = c.app.state.services.store
        assert store.reseal()["unreadable"] == 0


def test_a_hanging_database_gets_a_crisis_its_help_lines_in_time(tmp_path, monkeypatch):
    """A database that hangs (a stalled network, a stopped server) neither errs nor answers: the turn is cut off
    at the deadline, the person gets the help lines, the escalation is journalled and its alert sent, and
    readiness says the storage is stalled. When the database answers again, the late turn writes nothing: one
    crisis, one escalation, one alert."""
    from xinyu.respond.chat import ChatService
    from xinyu.service.app import Status

    monkeypatch.setattr(ChatService, "cpu_bound", property(lambda self: False))  # as with PostgreSQL
    monkeypatch.setattr(Status, "STALE_S", 1.5)
    hook = WebhookReceiver()
    hang = threading.Event()
    try:
        settings = {"api": {"turn_deadline_s": 1.0}, "safety": {"webhook_url": hook.url}}
        with _client(tmp_path, **settings) as c:
            assert _chat(c, "你好", session="s1").status_code == 200
            store = c.app.state.services.store
            real_session_for, real_heartbeat = store.session_for, store.heartbeat

            def stalled(real):
                def call(*a, **kw):
                    hang.wait(30)
                    return real(*a, **kw)

                return call

            monkeypatch.setattr(store, "session_for", stalled(real_session_for))
            monkeypatch.setattr(store, "heartbeat", stalled(real_heartbeat))
            r = _chat(c, CRISIS, session="s1", locale="zh-CN")
            assert r.status_code == 503 and r.json()["reason"] == "timeout"
            assert "12356" in r.json()["reply"] and r.json()["risk"]["escalation"]["journaled"] is True
            alert = hook.wait(1)[0]
            assert alert["id"] == r.json()["risk"]["escalation"]["id"]
            deadline = time.time() + 10
            while c.get("/readyz").status_code == 200 and time.time() < deadline:
                time.sleep(0.2)
            ready = c.get("/readyz")
            assert ready.status_code == 503 and ready.json()["storage"]["reason"] == "stalled"
            hang.set()  # the database answers again
            deadline, queue = time.time() + 15, []
            while not queue and time.time() < deadline:
                queue = c.get("/v1/admin/escalations").json()["items"]
                time.sleep(0.2)
            time.sleep(2.0)  # time for a second escalation or alert, were there one
            assert len(c.get("/v1/admin/escalations").json()["items"]) == 1
            assert len(hook.bodies) == 1
            assert c.get("/v1/sessions/s1").json()["turns"] == 1  # the late turn stored nothing
    finally:
        hang.set()
        hook.close()


def test_a_crisis_no_disk_takes_is_held_alerted_and_written_later(tmp_path, monkeypatch):
    from xinyu.safety.journal import CrisisJournal

    journal = CrisisJournal(tmp_path, reserve_bytes=0)
    real_open = os.open

    def full(path, *a, **kw):
        if str(path) == str(journal.path):
            raise OSError(28, "No space left on device")
        return real_open(path, *a, **kw)

    monkeypatch.setattr(os, "open", full)
    rec = {
        "id": "e1",
        "level": "imminent",
        "score": 0.9,
        "actions": ["alert"],
        "reasons": [],
        "status": "open",
    }
    assert journal.add_escalation(rec, "http://hook", {"id": "e1"}) is False
    sent: list[str] = []
    assert _deliver(journal, lambda url, payload: sent.append(payload["id"]) or 204) == (1, 0)
    assert len(journal) == 1 and journal.flush_held() == 2  # the escalation and its delivery, still held
    monkeypatch.undo()  # room again
    assert journal.flush_held() == 0
    assert [e["record"]["id"] for e in journal.pending()] == ["e1"] and journal.pending()[0]["delivered"]
    assert _deliver(journal, lambda url, payload: sent.append(payload["id"]) or 204) == (0, 0)
    assert sent == ["e1"]


def test_an_alert_sent_from_the_journal_is_not_sent_again_by_the_queue(tmp_path):
    from xinyu.safety.escalation import AlertDispatcher, EscalationStore
    from xinyu.safety.journal import CrisisJournal

    journal = CrisisJournal(tmp_path, reserve_bytes=0)
    store = EscalationStore(tmp_path / "q.db")
    sent: list[str] = []
    post = lambda url, payload: sent.append(payload["id"]) or 204  # noqa: E731
    rec = {
        "id": "e1",
        "level": "high",
        "score": 0.8,
        "actions": ["alert", "handoff"],
        "reasons": [],
        "status": "open",
    }
    journal.add_escalation(rec, "http://hook", {"id": "e1"})
    assert _deliver(journal, post) == (1, 0)  # while the database was down
    dispatcher = AlertDispatcher(store, post=post, journal=journal)
    dispatcher.deliver_due()  # back: the journal moves in, its alert marked sent
    dispatcher.deliver_due()
    assert sent == ["e1"] and [e["id"] for e in store.queue()] == ["e1"] and not journal.has_lines()


def test_a_crisis_in_a_body_that_is_not_valid_json_still_gets_help_lines(client):
    half_emoji = '{"user_id": "u1", "message": "' + CRISIS + ' \\ud83d"}'
    r = client.post(
        "/v1/chat",
        content=half_emoji.encode(),  # a JSON escape of half an emoji
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 422 and "12356" in r.json()["reply"]
    plain = json.dumps({"user_id": "u1", "message": CRISIS}, ensure_ascii=False).encode()
    r = client.post("/v1/chat", content=plain, headers={"content-type": "text/plain"})
    assert r.status_code == 422 and r.json()["helplines"]


def test_the_journal_reserve_comes_back_once_there_is_room(tmp_path):
    with _client(tmp_path) as c:
        journal = c.app.state.services.journal
        assert journal.reserve.exists()
        assert journal._release_reserve()  # a full disk took it
        deadline = time.time() + 10
        while not journal.reserve.exists() and time.time() < deadline:
            time.sleep(0.2)
        assert journal.reserve.stat().st_size == journal.reserve_bytes


def test_text_of_control_characters_only_is_empty_everywhere(client):
    assert client.post("/v1/analyze", json={"text": "\x00\x00"}).status_code == 422
    assert client.post("/v1/analyze", json={"texts": ["好", "\x00"]}).status_code == 422
    assert client.post("/v1/risk", json={"text": "\x00\x01"}).status_code == 422
