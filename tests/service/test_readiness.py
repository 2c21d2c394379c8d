"""Liveness and readiness: the process stays up (``/healthz`` 200 JSON) while its database is down or a model it
was configured with did not load, and ``/readyz`` says 503 with the reasons until it can serve."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from xinyu.config import Settings
from xinyu.memory import store as store_mod
from xinyu.memory.crypto import KeyRing
from xinyu.memory.database import StoreUnavailable, make_engine
from xinyu.memory.store import Store
from xinyu.service.app import create_app

LOOPBACK = ("127.0.0.1", 50000)
DOWN = "postgresql://xinyu@127.0.0.1:1/none"  # nothing listens on port 1


def _client(tmp_path: Path, **settings) -> TestClient:
    app = create_app(Settings(data_dir=tmp_path / "var", **settings))
    return TestClient(app, client=LOOPBACK, raise_server_exceptions=False)


def test_a_database_down_at_start_leaves_the_process_alive_and_not_ready(tmp_path):
    with _client(tmp_path, storage={"url": DOWN}) as c:
        health = c.get("/healthz")
        assert health.status_code == 200 and health.headers["content-type"] == "application/json"
        assert health.json()["status"] == "degraded"
        assert health.json()["storage"]["reason"] == "unavailable"
        ready = c.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["ready"] is False and ready.json()["reasons"] == ["storage: unavailable"]
        turn = c.post("/v1/chat", json={"user_id": "u1", "message": "今天好累"})
        assert turn.status_code == 503 and turn.headers["content-type"] == "application/json"


def test_ready_with_a_working_database_and_models(tmp_path):
    with _client(tmp_path) as c:
        ready = c.get("/readyz")
        assert ready.status_code == 200
        assert ready.json() == {"ready": True, "reasons": [], "storage": ready.json()["storage"]}
        assert ready.json()["storage"]["ok"] is True


def test_a_risk_model_that_did_not_load_is_not_ready(tmp_path):
    with _client(tmp_path, safety={"risk_model": str(tmp_path / "no-model")}) as c:
        assert c.get("/healthz").status_code == 200
        ready = c.get("/readyz")
        assert ready.status_code == 503 and ready.json()["reasons"] == ["risk_model: not loaded"]
    with _client(tmp_path, safety={"risk_model": "off"}) as c:  # cues only, as configured: ready
        assert c.get("/readyz").status_code == 200


def test_the_store_migrates_once_the_database_answers(tmp_path, monkeypatch):
    real = store_mod.migrate
    calls = []

    def flaky(engine):
        calls.append(engine)
        if len(calls) == 1:
            raise OperationalError("connect", {}, Exception("connection refused"))
        real(engine)

    monkeypatch.setattr(store_mod, "migrate", flaky)
    engine = make_engine(tmp_path / "m.db")
    with pytest.raises(StoreUnavailable):  # without waiting, the caller learns at once
        Store(engine, KeyRing.generate())
    calls.clear()
    store = Store(engine, KeyRing.generate(), wait_for_database=True)
    try:
        assert store.health.ok is False and store.health.reason == "unavailable"
        store.heartbeat()  # the service's probe: migrates, then writes
        assert store.health.ok is True and store.schema_ready and len(calls) == 2
        store.heartbeat()
        assert len(calls) == 2  # migrated once
    finally:
        store.close()
