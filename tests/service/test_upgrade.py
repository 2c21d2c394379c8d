"""The service started on a database an older release wrote (schema 0002, times as epoch seconds): it migrates the
schema, and conversations, the handoff queue, the dashboard, the export and retention carry on with the old rows.
On SQLite, and on PostgreSQL when ``XINYU_TEST_POSTGRES_URL`` names one (there the times become timestamps)."""

from __future__ import annotations

import json
import os
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.memory.old_schema import DAY, write_rows_at_0002
from xinyu.config import Settings
from xinyu.memory import schema
from xinyu.memory.crypto import KeyRing
from xinyu.memory.database import make_engine
from xinyu.service.app import create_app

PG_URL = os.environ.get("XINYU_TEST_POSTGRES_URL")
REQUIRE = os.environ.get("XINYU_TEST_REQUIRE_SERVICES") == "1"


def _databases():
    yield "sqlite"
    if PG_URL or REQUIRE:
        yield "postgresql"


@pytest.fixture(params=list(_databases()))
def old_database(request, tmp_path) -> tuple[str, dict]:
    """A database URL holding rows as 0002 wrote them, sealed with the key file of the service's data folder;
    and the times written."""
    var = tmp_path / "var"
    if request.param == "sqlite":
        url = f"sqlite:///{var / 'xinyu.db'}"
    else:
        if not PG_URL:
            pytest.fail("XINYU_TEST_REQUIRE_SERVICES=1 but XINYU_TEST_POSTGRES_URL is not set")
        url = PG_URL
    engine = make_engine(url)
    try:
        if request.param == "postgresql":
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        times = write_rows_at_0002(engine, KeyRing.open(var / "keys.json"), time.time())
    finally:
        engine.dispose()
    return url, times


def test_the_service_carries_on_with_a_database_of_schema_0002(tmp_path, old_database):
    url, times = old_database
    recent = times[("turns", "t-kept", "created")]
    app = create_app(Settings(data_dir=tmp_path / "var", storage={"url": url}))
    with TestClient(app, client=("127.0.0.1", 50000)) as c:
        assert c.get("/readyz").status_code == 200
        engine = c.app.state.services.store.engine
        assert schema.status(engine).migrated

        # the old conversation, read and continued
        history = c.get("/v1/sessions/s-kept").json()["history"]
        assert [(t["turn_id"], t["created"], t["message"]) for t in history] == [
            ("t-kept", recent, "kept: 我好累")
        ]
        said = c.post("/v1/chat", json={"user_id": "kept", "session_id": "s-kept", "message": "今天好一点了"})
        assert said.status_code == 200, said.text
        points = c.get("/v1/users/kept/trajectory").json()["points"]
        assert [p["turn_id"] for p in points] == ["t-kept", said.json()["turn_id"]]
        assert points[0]["created"] == recent < points[1]["created"]

        # staff: the handoff queue and the dashboard, with the old escalation's times as they were written
        queue = c.get("/v1/admin/escalations").json()["items"]
        assert [(e["id"], e["created"]) for e in queue] == [
            ("e-kept", times[("escalations", "e-kept", "created")])
        ]
        dash = c.get("/v1/admin/dashboard", params={"days": 30}).json()
        assert dash["turns"] == 2 and dash["risk_events"][0]["created"] == recent
        assert [e["id"] for e in dash["escalation_queue"]] == ["e-kept"]
        since = recent - 1
        exported = [
            json.loads(line) for line in c.get("/v1/admin/export", params={"since": since}).text.splitlines()
        ]
        assert [r["turn_id"] for r in exported][0] == "t-kept" and len(exported) == 2

        # retention: the person idle for 40 days goes
        assert c.app.state.services.store.purge_older_than(30 * DAY) == 1
        assert c.get("/v1/users/old/trajectory").status_code == 404
        assert c.get("/v1/users/kept/trajectory").status_code == 200
