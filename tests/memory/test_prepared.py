"""Prepared statements (the turn's hot path): the same rows and errors as SQLAlchemy's own execution, straight on
SQLite's driver unless someone watches SQLAlchemy's cursor."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, bindparam, event, insert, select, update
from sqlalchemy.exc import IntegrityError

from xinyu.memory.database import Prepared, claim
from xinyu.memory.db import User

INSERT_USER = Prepared(insert(User.__table__))
USER = Prepared(select(User).where(User.id == bindparam("uid")))
BUMP = Prepared(update(User.__table__).where(User.id == bindparam("uid")).values(turns=User.turns + 1))


def _user(uid: str, **extra) -> dict:
    return {"id": uid, "created": 1.5, "updated": 2.5, "turns": 0, "owner": "key-a", **extra}


def test_rows_are_what_sqlalchemy_reads(store):
    with store.db.writing() as conn:
        INSERT_USER.rows(conn, _user("u1", key_id="k1", summary_enc=b"\x00\xffsealed"))
        BUMP.rows(conn, {"uid": "u1"})  # a literal of the statement's own (turns + 1)
        BUMP.rows(conn, {"uid": "u1"})
    with store.db.reading() as conn:
        row = USER.first(conn, {"uid": "u1"})
        expected = conn.execute(select(User).where(User.id == "u1")).mappings().first()
        assert USER.first(conn, {"uid": "nobody"}) is None
    assert row._asdict() == dict(expected)
    assert row.turns == 2 and row.summary_enc == b"\x00\xffsealed" and row.owner == "key-a"


def test_an_upsert_returns_the_row_it_claimed(store):
    upsert = Prepared(
        claim(
            store.engine.dialect.name,
            User.__table__,
            ["id", "created", "updated", "turns", "owner"],
            [User.turns, User.owner],
        )
    )
    with store.db.writing() as conn:
        first = upsert.first(conn, _user("u2"))
        BUMP.rows(conn, {"uid": "u2"})
        again = upsert.first(conn, _user("u2", owner="key-b"))
    assert (first.turns, first.owner) == (0, "key-a")
    assert (again.turns, again.owner) == (1, "key-a")  # the row there, not the values sent


def test_a_driver_error_is_sqlalchemys(store):
    with store.db.writing() as conn:
        INSERT_USER.rows(conn, _user("u3"))
    with pytest.raises(IntegrityError), store.engine.connect() as conn, conn.begin():
        INSERT_USER.rows(conn, _user("u3"))


def test_sqlite_runs_them_on_the_driver(tmp_path, monkeypatch):
    from xinyu.memory.database import make_engine, migrate

    engine = make_engine(tmp_path / "p.db")
    migrate(engine)

    def no_sqlalchemy(*_args, **_kwargs):
        raise AssertionError("ran through SQLAlchemy")

    with engine.connect() as conn, conn.begin():
        monkeypatch.setattr(Connection, "execute", no_sqlalchemy)
        INSERT_USER.rows(conn, _user("u4"))
        assert USER.first(conn, {"uid": "u4"}).owner == "key-a"


def test_a_cursor_listener_sees_every_statement(store):
    seen: list[str] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def _seen(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement.split()[0])

    try:
        with store.db.writing() as conn:
            INSERT_USER.rows(conn, _user("u5"))
            assert USER.first(conn, {"uid": "u5"}).owner == "key-a"
    finally:
        event.remove(store.engine, "before_cursor_execute", _seen)
    assert seen[-2:] == ["INSERT", "SELECT"]
