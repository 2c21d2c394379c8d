"""Times in the memory: ``TIMESTAMP WITH TIME ZONE`` on PostgreSQL (revision 0003), epoch seconds on SQLite, floats
to Python on both; an upgrade from 0002 brings every stored time through unchanged, and the memory works on the
upgraded database."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, event, func, inspect, select, text

from tests.memory.factory import make_turn
from tests.memory.old_schema import DAY, write_rows_at_0002
from xinyu.memory import escalations, rotation, schema
from xinyu.memory.crypto import KeyRing
from xinyu.memory.db import Base, Timestamp, Turn
from xinyu.memory.store import Store
from xinyu.safety.escalation import EscalationStore

#: every time column the models declare: (table, column)
TIME_COLUMNS = {
    (table.name, column.name)
    for table in Base.metadata.sorted_tables
    for column in table.columns
    if isinstance(column.type, Timestamp)
}


def _stored(engine: Engine, times: dict) -> dict:
    """The same keys as ``times``, each read back through the models' tables (as the memory reads it)."""
    out = {}
    with engine.connect() as conn:
        for table, key, column in times:
            t = Base.metadata.tables[table]
            out[(table, key, column)] = conn.execute(select(t.c[column]).where(t.c.id == key)).scalar_one()
    return out


def _raw(engine: Engine, times: dict) -> dict:
    """The same keys as ``times``, each as the database holds it (epoch seconds, or on PostgreSQL after 0003 the
    seconds it says a timestamp is)."""
    out = {}
    with engine.connect() as conn:
        pg_time = engine.dialect.name == "postgresql" and schema.current(engine) != ["0002"]
        for table, key, column in times:
            value = f"extract(epoch FROM {column})" if pg_time else column
            row = conn.execute(text(f"SELECT {value} FROM {table} WHERE id = :k"), {"k": key}).scalar_one()
            out[(table, key, column)] = None if row is None else float(row)
    return out


def _pg_columns(engine: Engine) -> dict[tuple[str, str], tuple[str, str]]:
    """(table, column) -> (data type, nullable) of every column, from ``information_schema``."""
    q = text(
        "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
        "WHERE table_schema = current_schema()"
    )
    with engine.connect() as conn:
        return {(r[0], r[1]): (r[2], r[3]) for r in conn.execute(q)}


def _indexes(engine: Engine) -> dict[str, list]:
    found = inspect(engine)
    return {
        t: sorted((i["name"], i["column_names"]) for i in found.get_indexes(t))
        for t in found.get_table_names()
    }


def test_an_upgrade_from_0002_keeps_every_time_and_a_downgrade_gives_them_back(empty_engine):
    times = write_rows_at_0002(empty_engine, KeyRing.generate(), time.time())
    assert {(table, column) for table, _, column in times} == TIME_COLUMNS  # every time column has a value
    pg = empty_engine.dialect.name == "postgresql"
    before = _pg_columns(empty_engine) if pg else {}
    indexes = _indexes(empty_engine)

    schema.upgrade(empty_engine)
    assert schema.current(empty_engine) == schema.heads()
    assert _stored(empty_engine, times) == times  # to the microsecond, and a NULL stays NULL
    assert _raw(empty_engine, times) == times
    assert _indexes(empty_engine) == indexes
    if pg:
        after = _pg_columns(empty_engine)
        assert {c for c, (kind, _) in after.items() if kind == "timestamp with time zone"} == TIME_COLUMNS
        # (later revisions add columns of their own: the ones there before keep their nullability)
        assert {c: null for c, (_, null) in after.items() if c in before} == {
            c: null for c, (_, null) in before.items()
        }
        # what an operator sees: times, in any zone, and queries in them
        with empty_engine.connect() as conn:
            utc = "to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
            shown = conn.execute(text(f"SELECT {utc} FROM turns WHERE id = 't-old'")).scalar_one()
            recent = conn.execute(
                text("SELECT id FROM turns WHERE created > now() - interval '30 days'")
            ).all()
        old = times[("turns", "t-old", "created")]
        assert shown == datetime.fromtimestamp(old, UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        assert recent == [("t-kept",)]

    schema.downgrade(empty_engine, "0002")
    assert _raw(empty_engine, times) == times
    assert _indexes(empty_engine) == indexes
    if pg:
        assert _pg_columns(empty_engine) == before  # double precision again, nullable as it was


def test_times_read_back_as_floats_to_the_microsecond(store):
    now = time.time()  # finer than a microsecond
    rec = make_turn(created=now)
    store.record_turn(rec)
    with store.engine.connect() as conn:
        created = conn.execute(select(Turn.created)).scalar_one()
        first, last = conn.execute(select(func.min(Turn.created), func.max(Turn.created))).one()
        since = conn.execute(select(func.count()).where(Turn.created >= now - 1e-3)).scalar_one()
    assert all(isinstance(v, float) for v in (created, first, last))
    assert abs(created - now) < 1e-6 and first == last == created
    assert since == 1
    assert store.session_view("s1")["created"] == created


def test_a_server_in_another_time_zone_gives_the_same_times(empty_engine):
    if empty_engine.dialect.name != "postgresql":
        pytest.skip("SQLite keeps numbers, in no time zone")
    empty_engine.dispose()

    @event.listens_for(empty_engine, "connect")
    def _zone(dbapi_conn, _record) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute("SET TIME ZONE 'America/St_Johns'")  # UTC-03:30, half an hour off any whole hour
        dbapi_conn.commit()

    store = Store(empty_engine, KeyRing.generate())
    now = round(time.time(), 6)
    store.record_turn(make_turn(created=now))
    with store.reading() as conn:
        assert conn.execute(text("SHOW TIME ZONE")).scalar() == "America/St_Johns"
        assert conn.execute(select(Turn.created)).scalar_one() == now
    assert [t["created"] for t in store.export_turns(since=now - 1)] == [now]
    assert store.dashboard(1)["trend"][0]["day"] == time.strftime("%Y-%m-%d", time.gmtime(now))
    store.close()


def test_the_memory_works_on_a_database_upgraded_from_0002(empty_engine):
    now = time.time()
    keys = KeyRing.generate()
    times = write_rows_at_0002(empty_engine, keys, now)
    recent = times[("turns", "t-kept", "created")]
    store = Store(empty_engine, keys)  # migrates to the newest revision, as a service starting does
    queue = EscalationStore(store.db)

    # turns: an old conversation read back and continued
    view = store.session_view("s-kept")
    assert view["created"] == times[("sessions", "s-kept", "created")]
    assert [(t["message"], t["created"]) for t in view["history"]] == [("kept: 我好累", recent)]
    store.record_turn(make_turn(user="kept", session="s-kept", created=now))
    assert store.session_view("s-kept")["turns"] == 2
    trajectory = store.trajectory("kept")
    assert [p["turn_id"] for p in trajectory["points"]][0] == "t-kept"
    assert trajectory["sessions"][0]["start"] == recent and abs(trajectory["sessions"][0]["end"] - now) < 1e-6
    assert [t["turn_id"] for t in store.export_turns(since=now - 30 * DAY)][0] == "t-kept"

    # analytics: only the last 30 days, the day of each turn
    dash = store.dashboard(30)
    assert dash["turns"] == 2 and dash["risk_levels"] == {"high": 1}
    assert dash["risk_events"][0]["created"] == recent
    days = {time.strftime("%Y-%m-%d", time.gmtime(t)) for t in (recent, now)}
    assert {d["day"] for d in dash["trend"]} == days
    assert dash["feedback"]["count"] == 1

    # escalations: the open handoff, its alert due, delivered now
    open_ = queue.queue("open")
    assert [(e["id"], e["created"]) for e in open_] == [
        ("e-kept", times[("escalations", "e-kept", "created")])
    ]
    due = queue.due_alerts(now)
    assert [(a["id"], a["next_attempt"], a["delivered"]) for a in due] == [
        ("a-due", times[("alerts", "a-due", "next_attempt")], None)
    ]
    queue.alert_result("a-due", True, None, now + 60)
    assert queue.pending_alerts() == 0 and queue.due_alerts(now + 3600) == []
    with store.reading() as conn:
        assert (
            escalations.get_escalation(conn, escalation_id="e-old")["updated"]
            == times[("escalations", "e-old", "updated")]
        )

    # heartbeats: the process that stopped 40 days ago is not alive
    store.heartbeat("here:2")
    assert list(store.live_services()) == ["here:2"]
    with store.reading() as conn:
        assert rotation.live_services(conn, within_s=41 * DAY).keys() == {"here:2", "host:1"}

    # retention: the person idle for 40 days goes, with their escalation and its alert
    assert store.purge_older_than(30 * DAY) == 1
    assert store.trajectory("old") is None and queue.get("e-old") is None
    assert store.session_view("s-kept")["turns"] == 2 and queue.get("e-kept")["status"] == "open"
    store.close()


def test_the_upgrade_sql_for_postgresql_turns_times_into_timestamps(capsys):
    schema.sql("postgresql://nobody@127.0.0.1:1/none", "0003", down_from=None)
    out = capsys.readouterr().out
    assert "ALTER COLUMN created TYPE timestamp with time zone USING to_timestamp(created)" in out
    assert "ALTER COLUMN delivered TYPE timestamp with time zone USING to_timestamp(delivered)" in out


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_the_column_type_is_a_timestamp_with_time_zone_only_on_postgresql(dialect):
    from sqlalchemy.dialects import postgresql, sqlite

    d = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect()}[dialect]
    shown = Timestamp().compile(dialect=d)
    assert shown == ("TIMESTAMP WITH TIME ZONE" if dialect == "postgresql" else "FLOAT")
