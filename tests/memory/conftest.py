"""The emotion memory's tests: a store on SQLite, and on PostgreSQL when ``XINYU_TEST_POSTGRES_URL`` names one
(``.ci/run`` starts one)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from xinyu.memory.crypto import KeyRing
from xinyu.memory.database import make_engine
from xinyu.memory.store import Store

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
