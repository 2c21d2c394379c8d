"""``xinyu db`` and the stock ``alembic`` command on the memory's schema: SQLite, and PostgreSQL when
``XINYU_TEST_POSTGRES_URL`` names one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from xinyu.cli.main import app
from xinyu.memory import schema
from xinyu.memory.database import make_engine

ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("XINYU_TEST_POSTGRES_URL")
runner = CliRunner()


def _urls():
    yield "sqlite"
    if PG_URL:
        yield "postgresql"


@pytest.fixture(params=list(_urls()))
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'x.db'}"
    engine = make_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return PG_URL


def db(*args: str):
    return runner.invoke(app, ["db", *args])


def test_upgrade_current_downgrade_round_trip(url):
    head = schema.heads()
    res = db("current", "--url", url, "--json")
    assert res.exit_code == 1  # reachable, never migrated
    assert json.loads(res.stdout) == {
        "reachable": True,
        "current": [],
        "head": head,
        "error": None,
        "migrated": False,
    }
    assert db("upgrade", "--url", url).exit_code == 0
    res = db("current", "--url", url)
    assert res.exit_code == 0 and "up to date" in res.stdout
    assert db("downgrade", "0001", "--url", url).exit_code == 2  # refuses without --yes
    assert db("downgrade", "0001", "--url", url, "--yes").exit_code == 0
    engine = make_engine(url)
    try:
        assert schema.current(engine) == ["0001"]
        assert "heartbeats" not in inspect(engine).get_table_names()
        assert db("current", "--url", url).exit_code == 1
        assert db("upgrade", "--url", url).exit_code == 0
        assert schema.status(engine).migrated
        assert "heartbeats" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_history_lists_every_shipped_revision_oldest_first():
    res = db("history", "--json")
    revs = [json.loads(line) for line in res.stdout.splitlines()]
    assert revs[0]["down_revision"] is None
    assert [r["revision"] for r in revs][-1:] == schema.heads()
    assert all(r["doc"] for r in revs)


def test_upgrade_sql_prints_the_schema_without_touching_the_database(tmp_path):
    target = tmp_path / "never.db"
    res = db("upgrade", "--sql", "--url", f"sqlite:///{target}")
    assert res.exit_code == 0, res.output
    assert "CREATE TABLE turns" in res.stdout and "CREATE TABLE heartbeats" in res.stdout
    assert not target.exists()
    pg = db("upgrade", "--sql", "--url", "postgresql://nobody@127.0.0.1:1/none")
    assert pg.exit_code == 0 and "BYTEA" in pg.stdout  # PostgreSQL's types, and no connection tried


def test_an_unreachable_database_or_unknown_revision_exits_2_with_the_reason(tmp_path):
    res = db("current", "--url", "postgresql://nobody@127.0.0.1:1/none")
    assert res.exit_code == 2 and "cannot reach the database" in res.output
    res = db("upgrade", "no-such-revision", "--url", f"sqlite:///{tmp_path / 'x.db'}")
    assert res.exit_code == 2 and "no-such-revision" in res.output


def test_upgrade_waits_for_the_migration_lock(tmp_path):
    """While one process holds the lock (here: this test), an upgrade waits, then finds its work and does it."""
    engine = make_engine(tmp_path / "x.db", busy_timeout_s=20)
    done = threading.Event()
    try:
        with schema.locked(engine):
            worker = threading.Thread(target=lambda: (schema.upgrade(engine), done.set()))
            worker.start()
            worker.join(0.3)
            assert not done.is_set()  # still waiting for the lock
            assert schema.status(engine).current == []
        worker.join(20)
        assert done.is_set() and schema.status(engine).migrated
    finally:
        engine.dispose()


def test_the_stock_alembic_command_reads_xinyus_settings(tmp_path):
    env = {**os.environ, "XINYU_DATA_DIR": str(tmp_path), "XINYU_CONFIG": str(tmp_path / "absent.toml")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])

    def alembic(*args: str) -> subprocess.CompletedProcess:
        cmd = [sys.executable, "-m", "alembic", "-c", str(ROOT / "alembic.ini"), *args]
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=False)

    offline = alembic("upgrade", "head", "--sql")
    assert offline.returncode == 0, offline.stderr
    assert "CREATE TABLE users" in offline.stdout
    assert alembic("upgrade", "head").returncode == 0
    now = alembic("current")
    assert now.returncode == 0 and f"{schema.heads()[0]} (head)" in now.stdout
    engine = make_engine(tmp_path / "xinyu.db")
    try:
        assert schema.status(engine).migrated
    finally:
        engine.dispose()
