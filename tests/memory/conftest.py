"""The emotion memory's tests: a store on SQLite, and on PostgreSQL when ``XINYU_TEST_POSTGRES_URL`` names one
(``.ci/run`` starts one)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

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
def empty_engine(request, tmp_path) -> Iterator[Engine]:
    """An engine on an empty database that was never migrated: a new SQLite file, or a clean PostgreSQL schema."""
    if request.param == "sqlite":
        engine = make_engine(tmp_path / "m.db")
    else:
        if not PG_URL:
            pytest.fail("XINYU_TEST_REQUIRE_SERVICES=1 but XINYU_TEST_POSTGRES_URL is not set")
        engine = make_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    yield engine
    engine.dispose()


@pytest.fixture
def store(empty_engine):
    s = Store(empty_engine, KeyRing.generate())
    yield s
    s.close()
