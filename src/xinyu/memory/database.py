"""The memory's database: the engine (SQLite in WAL mode by default, PostgreSQL by URL), the schema's migrations,
the process's write lock, and :class:`Database`, through which every repository module of the memory writes.

A write that cannot get the database (SQLite's lock held by another process past ``busy_timeout_s``, a full disk,
a server down) raises :class:`StoreUnavailable`, and :attr:`Database.health` says so until a write succeeds again.
The database file is created 0600 in a 0700 folder.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import sqlite3
import threading
import time
import weakref
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, create_engine, event, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as SATimeoutError
from sqlalchemy.pool import StaticPool

from xinyu.memory.crypto import KeyRingError
from xinyu.memory.schema import MIGRATION_LOCK as MIGRATION_LOCK  # defined here before
from xinyu.memory.schema import upgrade


class StoreError(ValueError):
    """A request the store cannot honour (unknown session, turn of another user...)."""


class NotOwner(StoreError):
    """The user (or its session, turn) belongs to another API key: to that caller, it does not exist."""


class StoreUnavailable(RuntimeError):
    """The database cannot take the request now. ``reason``: ``busy`` (SQLite's write lock is held by another
    process past the busy timeout), ``unavailable`` (disk full, server down, any other database failure) or
    ``keys`` (a value names a key the key ring does not hold)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def unavailable(exc: BaseException) -> StoreUnavailable:
    """The :class:`StoreUnavailable` for a database or key failure (its text never quotes a row)."""
    if isinstance(exc, StoreUnavailable):
        return exc
    if isinstance(exc, KeyRingError):
        return StoreUnavailable("keys", str(exc))
    why = str(getattr(exc, "orig", None) or exc).lower()
    if isinstance(exc, SATimeoutError) or any(w in why for w in ("locked", "busy", "lock timeout")):
        return StoreUnavailable("busy", "the database is busy (its write lock is held); retry in a moment")
    if "full" in why or "no space" in why:
        return StoreUnavailable("unavailable", "the database cannot write: the disk is full")
    return StoreUnavailable("unavailable", f"the database failed: {type(exc).__name__}")


#: what :func:`unavailable` translates: driver and SQLAlchemy errors, OS errors, a key the ring lacks. SQLite's own
#: errors are named too: one raised outside a cursor call (a connection event, a hook) reaches us unwrapped on some
#: SQLAlchemy releases, and a crisis turn must still end in help lines, never a 500.
STORE_FAILURES = (SQLAlchemyError, DBAPIError, sqlite3.Error, OSError, KeyRingError, StoreUnavailable)


def private_file(path: Path) -> None:
    """``path`` exists with mode 0600 inside a 0700 folder (SQLite gives its -wal and -shm files the database
    file's mode)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)


def private_dir(path: Path) -> None:
    """Tighten a state folder to 0700 (it holds the database, its WAL and maybe the key file)."""
    with contextlib.suppress(OSError):
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o700)


def make_engine(url_or_path: str | Path, busy_timeout_s: float = 3.0) -> Engine:
    """An engine for a database URL, or a SQLite file path (WAL mode, foreign keys on, ``secure_delete``).

    SQLite: the driver's own transaction handling is off; a write transaction (a connection marked
    ``xinyu_write``, see :meth:`Database.writing`) begins with ``BEGIN IMMEDIATE``, so that the reads it makes are
    inside it and its write lock is taken at the start, also against other processes; reads run in autocommit. PostgreSQL: waits for a lock end after ``busy_timeout_s``, and so does waiting for a connection.
    """
    url = str(url_or_path)
    if "://" not in url:
        url = f"sqlite:///{url}" if url != ":memory:" else "sqlite://"
    if url.startswith("sqlite"):
        memory = url in {"sqlite://", "sqlite:///:memory:"}
        if not memory:
            private_file(Path(url[len("sqlite:///") :]))
        engine = create_engine(
            url,
            connect_args={"timeout": busy_timeout_s, "check_same_thread": False},
            poolclass=StaticPool if memory else None,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - runs inside the driver
            dbapi_conn.isolation_level = None  # transactions are begun below, not by the driver
            cur = dbapi_conn.cursor()
            if not memory:
                cur.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a committed transaction survives a killed process (not a power cut)
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            # deleted rows are overwritten with zeros, not left in free pages for anyone with the file
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:  # pragma: no cover - runs inside the driver
            options = conn.get_execution_options()
            if not options.get("xinyu_write"):
                return  # a read: each statement on its own, as SQLite's autocommit reads them (WAL: no waiting)
            # a write waits for the database's lock what is left of its wait after the process's lock
            ms = max(1, int(options.get("xinyu_wait", busy_timeout_s) * 1000))
            info = conn.connection.info
            if info.get("busy_ms") != ms:
                conn.exec_driver_sql(f"PRAGMA busy_timeout={ms}")
                info["busy_ms"] = ms
            pages = options.get("xinyu_checkpoint_pages")  # see Database.checkpoint_in_background
            if pages is not None and info.get("checkpoint_pages") != pages:
                conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={int(pages)}")
                info["checkpoint_pages"] = pages
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    ms = int(busy_timeout_s * 1000)
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        pool_timeout=busy_timeout_s,
        connect_args={"options": f"-c lock_timeout={ms}"},
    )


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision, one process at a time (see :mod:`xinyu.memory.schema`)."""
    upgrade(engine, "head")


def claim(dialect: str, table, columns: list[str], returning: list, refresh: tuple[str, ...] = ("updated",)):
    """``INSERT (<columns>) ... ON CONFLICT (id) DO UPDATE SET <refresh> = excluded.<refresh> RETURNING ...`` in
    ``dialect`` (``sqlite`` or ``postgresql``), executed with a dict of ``columns``: of several turns creating the
    same user or session at once, one inserts and every one gets the row, locked for the rest of its transaction
    (the update takes the row lock on a server database; SQLite has one writer), in one statement.

    SQLAlchemy cannot cache an ``ON CONFLICT`` construct (it would compile it again on every execution, the
    largest part of a turn's SQL cost), so it is compiled here once, with named parameters, into a textual
    statement of the same SQL, whose parameters and result columns keep their types and which is cached like any
    other."""
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql as dialect_module
    else:
        from sqlalchemy.dialects import sqlite as dialect_module
    stmt = dialect_module.insert(table).values({c: bindparam(c) for c in columns})
    refreshed = {c: getattr(stmt.excluded, c) for c in refresh}
    stmt = stmt.on_conflict_do_update(index_elements=["id"], set_=refreshed).returning(*returning)
    sql = str(stmt.compile(dialect=dialect_module.dialect(paramstyle="named")))
    params = [bindparam(c, type_=table.c[c].type) for c in columns]
    return text(sql).bindparams(*params).columns(*returning)


class Prepared:
    """A statement built once, run on a turn's hot path with a dict of its parameters: :meth:`rows` and
    :meth:`first` give what it returns (rows whose values are read by column key, and ``_asdict()``).

    On SQLite it runs on the driver's cursor of the same connection, in the same transaction: for these one-row
    statements SQLAlchemy's execution (its context, result object and events) costs more than SQLite's own work.
    The SQL, the order of its parameters and their conversions are SQLAlchemy's, compiled once per set of parameter
    names, and a driver error comes out as the :class:`~sqlalchemy.exc.DBAPIError` SQLAlchemy would raise. Where
    SQLAlchemy must do more (a Python-side default, a value converted on the way in or out), where someone listens
    to its cursor events (tracing, a test's failure) or logs its SQL, and on other databases (where the round trip
    is the cost), it runs through SQLAlchemy as usual."""

    def __init__(self, statement) -> None:
        self.statement = statement
        self._plans: dict[tuple[str, ...], _Plan | None] = {}

    def rows(self, conn: Connection, params: dict[str, Any]) -> list:
        if conn.dialect.name == "sqlite" and not _watched(conn):
            names = tuple(params)
            if names not in self._plans:
                self._plans[names] = _Plan.of(self.statement, conn.dialect, params)
            plan = self._plans[names]
            if plan is not None:
                return plan.run(conn, params)
        result = conn.execute(self.statement, params)
        return result.all() if result.returns_rows else []

    def first(self, conn: Connection, params: dict[str, Any]) -> Any | None:
        rows = self.rows(conn, params)
        return rows[0] if rows else None


def _watched(conn: Connection) -> bool:
    """Someone listens to the cursor events of the connection's engine (or of every engine), or has SQLAlchemy
    log its statements. (The engine's events, not the connection's: a connection lives for one transaction,
    and its own events are built afresh on each one.)"""
    engine = conn.engine
    dispatch = engine.dispatch
    return bool(
        dispatch.before_cursor_execute
        or dispatch.after_cursor_execute
        or engine.logger.isEnabledFor(logging.INFO)
    )


@dataclass(frozen=True)
class _Plan:
    """A statement compiled for one set of parameter names, as SQLAlchemy would send it to the driver."""

    sql: str
    names: tuple[str, ...]  # the parameters in the order the SQL takes them
    constants: dict[str, Any]  # the values of the statement's own bound literals (``turns + 1``)
    convert: dict[str, Callable[[Any], Any]]  # SQLAlchemy's conversion of a parameter, where it has one
    row: type | None  # the row of what the statement returns; None when it returns nothing
    error: type[Exception]  # the driver's base error

    @classmethod
    def of(cls, statement, dialect, params: dict[str, Any]) -> _Plan | None:
        """The plan, or None where SQLAlchemy must run the statement itself."""
        compiled = statement.compile(dialect=dialect, column_keys=list(params))
        if (
            not dialect.positional
            or compiled.insert_prefetch
            or compiled.update_prefetch
            or compiled.literal_execute_params
            or compiled.post_compile_params
        ):
            return None
        columns = list(statement.exported_columns)
        types = [c.type.dialect_impl(dialect) for c in columns]
        if any(t.result_processor(dialect, None) is not None for t in types):
            return None
        names = tuple(compiled.positiontup or ())
        convert = {}
        for name in names:
            process = compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                convert[name] = process
        constants = {k: v for k, v in compiled.construct_params(params).items() if k not in params}
        row = namedtuple("Row", [c.key for c in columns]) if columns else None
        return cls(compiled.string, names, constants, convert, row, dialect.loaded_dbapi.Error)

    def run(self, conn: Connection, params: dict[str, Any]) -> list:
        values = []
        for name in self.names:
            value = params[name] if name in params else self.constants[name]
            process = self.convert.get(name)
            values.append(value if process is None else process(value))
        try:
            cursor = conn.connection.driver_connection.execute(self.sql, values)
            fetched = cursor.fetchall() if self.row is not None else []
        except self.error as exc:
            raise DBAPIError.instance(self.sql, values, exc, self.error, dialect=conn.dialect) from exc
        return [self.row._make(r) for r in fetched] if self.row is not None else []


@dataclass
class Health:
    """Whether the database took the last write; kept by every write and by the service's probe."""

    ok: bool = True
    reason: str | None = None  # busy, unavailable or keys (see StoreUnavailable)
    error: str | None = None
    since: float = field(default_factory=time.time)

    def record(self, failure: StoreUnavailable | None) -> None:
        ok = failure is None
        if ok != self.ok or (failure is not None and failure.reason != self.reason):
            self.since = time.time()
        self.ok = ok
        self.reason = None if ok else failure.reason
        self.error = None if ok else str(failure)

    def to_dict(self) -> dict:
        return {"ok": self.ok, "reason": self.reason, "error": self.error, "since": round(self.since, 3)}


class WouldWait(StoreUnavailable):
    """A write under :meth:`Database.short_waits` found the lock taken and wrote nothing in that block: the caller
    may run the same work again where it can wait (a worker thread)."""

    def __init__(self) -> None:
        super().__init__("busy", "the database is busy; retry where waiting is allowed")


#: set (see :meth:`Database.short_waits`) while a turn runs on the service's event loop: its locks are waited
#: for this long at most, so that a lock held by another process costs the loop a moment, not the busy timeout
_SHORT_WAITS: contextvars.ContextVar[dict | None] = contextvars.ContextVar("xinyu_short_waits", default=None)
SHORT_WAIT_S = 0.05


def _short_waits_apply() -> bool:
    state = _SHORT_WAITS.get()
    return state is not None and not state["wrote"]


def lock_wait_s() -> float:
    """How long this thread or task may wait for a lock: ``SHORT_WAIT_S`` under :meth:`Database.short_waits`
    before anything was written, else for ever (-1, as ``threading.Lock.acquire`` takes it)."""
    return SHORT_WAIT_S if _short_waits_apply() else -1


class Database:
    """An engine with the process's write lock, a busy timeout and a :class:`Health` record. The service gives one
    instance to everything that writes to its database (the memory, the escalation queue), so that a failure seen
    by one is seen by all; :meth:`of` wraps a bare engine in an instance of its own."""

    def __init__(self, engine: Engine, busy_timeout_s: float = 3.0) -> None:
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        self.busy_timeout_s = busy_timeout_s
        self.health = Health()
        self.lock = write_lock(engine)
        self.contended_until = 0.0  # monotonic time until which short waits are not worth trying
        self.checkpoint_pages: int | None = None  # SQLite's WAL autocheckpoint for writes; None: its default

    @classmethod
    def of(cls, where: Database | Engine | str | Path, busy_timeout_s: float = 3.0) -> Database:
        if isinstance(where, Database):
            return where
        if isinstance(where, Engine):
            return cls(where, busy_timeout_s)
        return cls(make_engine(where, busy_timeout_s), busy_timeout_s)

    def checkpoint_in_background(self) -> None:
        """SQLite: from now on, this process's writes leave copying the WAL into the database file to
        :meth:`checkpoint`, which the caller must run every so often (the service does, every second, in a
        thread). SQLite's own checkpoint runs inside the commit that takes the WAL past 1,000 pages, copying
        them and syncing the file twice: milliseconds on the event loop, where the service runs its turns."""
        if self.sqlite:
            self.checkpoint_pages = 0

    def checkpoint(self) -> None:
        """SQLite: copy what the WAL holds into the database file, as far as no reader still needs it (PASSIVE:
        it waits for no one and holds up no one). A no-op elsewhere."""
        if not self.sqlite:
            return
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except STORE_FAILURES as exc:
            raise unavailable(exc) from exc

    @property
    def contended(self) -> bool:
        """A short wait failed within the last second (another process or thread is writing a lot)."""
        return time.monotonic() < self.contended_until

    @staticmethod
    @contextlib.contextmanager
    def short_waits():
        """Within this block (this thread or task), SQLite writes wait ``SHORT_WAIT_S`` at most for a lock. One
        that finds it taken raises :class:`WouldWait` if nothing was written in the block yet (so the block can
        run again elsewhere), else :class:`StoreUnavailable` like any busy database."""
        token = _SHORT_WAITS.set({"wrote": False})
        try:
            yield
        finally:
            _SHORT_WAITS.reset(token)

    def _busy(self, short: dict | None) -> StoreUnavailable:
        if short is not None:  # a short wait missed: run again where waiting is allowed; not a failure
            self.contended_until = time.monotonic() + 1.0
            return WouldWait()
        failure = StoreUnavailable("busy", "the database is busy (another write is taking long); retry")
        self.health.record(failure)
        return failure

    @contextlib.contextmanager
    def writing(self):
        """A write transaction: the process's SQLite write lock, then the database's (``BEGIN IMMEDIATE``), both
        within one wait of ``busy_timeout_s``. Failures come out as :class:`StoreUnavailable` and mark :attr:`health`;
        a commit marks it healthy again. ``StoreError`` (a refused request) passes through untouched.

        Under :meth:`short_waits`, until the block's first commit, both locks are waited for ``SHORT_WAIT_S`` at
        most and a miss is :class:`WouldWait`; after a commit the block waits as long as anyone (it cannot be run
        again without writing twice)."""
        short = _SHORT_WAITS.get() if self.sqlite and _short_waits_apply() else None
        wait = SHORT_WAIT_S if short is not None else self.busy_timeout_s
        start = time.monotonic()
        if not self.lock.acquire(timeout=wait):
            raise self._busy(short)
        try:
            with self.engine.connect() as conn:
                # one wait for both locks: the process's, then the database's for what is left
                conn = conn.execution_options(
                    xinyu_write=True,
                    xinyu_wait=wait - (time.monotonic() - start),
                    xinyu_checkpoint_pages=self.checkpoint_pages,
                )
                with conn.begin():
                    yield conn
        except StoreError:
            raise
        except STORE_FAILURES as exc:
            failure = unavailable(exc)
            if failure.reason == "busy":
                raise self._busy(short) from exc
            self.health.record(failure)
            raise failure from exc
        else:
            state = _SHORT_WAITS.get()
            if state is not None:
                state["wrote"] = True
            if not self.health.ok:
                self.health.record(None)
        finally:
            self.lock.release()

    @contextlib.contextmanager
    def reading(self):
        """A read connection; database and key failures come out as :class:`StoreUnavailable`."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except StoreError:
            raise
        except STORE_FAILURES as exc:
            raise unavailable(exc) from exc


_LOCKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


def write_lock(engine: Engine):
    """One lock per SQLite engine, shared by every writer in the process (SQLite has one writer: serialising
    in-process beats retrying on "database is locked"); a no-op for server databases."""
    if engine.dialect.name != "sqlite":
        return _NullLock()
    with _LOCKS_GUARD:
        lock = _LOCKS.get(engine)
        if lock is None:
            lock = _LOCKS[engine] = threading.RLock()
        return lock


class _NullLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        return True

    def release(self) -> None:
        return None
