"""``Store``: the emotion memory on SQLAlchemy (SQLite in WAL mode by default, PostgreSQL by URL).

A turn is written in one transaction before the API answers, so a reply that reached the client is in the store
even if the process is killed right after. Text is sealed with :class:`~xinyu.memory.crypto.KeyRing` before it
reaches the database.

Every user has an owner (the API key or client app that created it, see :mod:`xinyu.service.security`); the
user row is created by an upsert and locked (``SELECT ... FOR UPDATE`` on server databases) while a turn updates
its summary, so concurrent turns neither collide on creation nor lose each other's updates. A write that cannot
get the database (SQLite's lock held by another process past ``busy_timeout_s``, a full disk, a server down)
raises :class:`StoreUnavailable`, and :attr:`Store.health` says so until a write succeeds again.

Deleting a user, and retention, leave no ciphertext behind in any file: SQLite runs with ``secure_delete`` and the
WAL is checkpointed and truncated after each deletion. The database file is created 0600 in a 0700 folder.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import hmac
import json
import logging
import os
import socket
import threading
import time
import weakref
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
    union,
    update,
)
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as SATimeoutError
from sqlalchemy.pool import StaticPool

from xinyu.memory.crypto import KeyRing, KeyRingError
from xinyu.memory.db import (
    USER_TABLES,
    Alert,
    Analysis,
    Audit,
    ChatSession,
    Escalation,
    Feedback,
    Heartbeat,
    RiskEvent,
    Turn,
    User,
)

log = logging.getLogger(__name__)

LEVELS = ["none", "low", "moderate", "high", "imminent"]
NEGATIVE = {"sadness", "anger", "fear", "disgust"}


_TABLES = {t.__tablename__: t for t in (Feedback, RiskEvent, Analysis, Turn, ChatSession, Escalation, User)}


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


#: what :func:`unavailable` translates: driver and SQLAlchemy errors, OS errors, a key the ring lacks
STORE_FAILURES = (SQLAlchemyError, DBAPIError, OSError, KeyRingError, StoreUnavailable)


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


#: the PostgreSQL advisory lock taken while migrating ("xinyu" in ASCII), so that of several workers starting on
#: an empty database one migrates and the others wait, then find nothing to do
MIGRATION_LOCK = 0x78696E7975


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision, one process at a time (PostgreSQL: an advisory lock;
    SQLite: its write lock, from the start of the transaction)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("xinyu.memory") / "migrations"))
    with engine.connect() as conn:
        conn = conn.execution_options(xinyu_write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


@dataclass
class TurnRecord:
    """Everything a turn stores; text fields are sealed on write."""

    turn_id: str
    session_id: str
    user_id: str
    locale: str | None
    message: str
    reply: str
    emotion: dict  # EmotionResult.model_dump()
    risk: dict  # RiskAssessment.to_dict() at conversation level
    state: dict  # ConversationRisk.state()
    strategy: str
    engine: str
    fallback: bool
    moderated: bool
    latency_ms: float
    topic: str | None = None
    escalation_id: str | None = None
    owner: str | None = None  # the API key or client app the user belongs to (set when the user is created)
    admin: bool = False  # the caller may write to any user's sessions
    created: float = field(default_factory=time.time)
    # further writes that belong with the turn (a deferred escalation record), run inside its transaction
    also: list[Callable[[Connection], None]] = field(default_factory=list)


class _SQL:
    """The turn's statements, built once: executing a prepared construct with a parameter dict skips the
    per-call statement building and cache-key work that ``insert(...).values(...)`` costs on the hot path."""

    update_user = update(User.__table__).where(User.id == bindparam("uid")).values(turns=User.turns + 1)
    session_full = select(ChatSession).where(ChatSession.id == bindparam("sid"))
    user_owner = select(User.owner).where(User.id == bindparam("uid"))
    update_session = update(ChatSession.__table__).where(ChatSession.id == bindparam("sid"))
    insert_turn = insert(Turn.__table__)
    insert_analysis = insert(Analysis.__table__)
    insert_risk_event = insert(RiskEvent.__table__)


def _claim(engine: Engine, table, returning: list, refresh: tuple[str, ...] = ("updated",)):
    """``INSERT ... ON CONFLICT (id) DO UPDATE SET <refresh> = excluded.<refresh> RETURNING ...`` in the engine's
    dialect: of several turns creating the same user or session at once, one inserts and every one gets the row,
    locked for the rest of its transaction (the update takes the row lock on a server database; SQLite has one
    writer), in one statement."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    stmt = dialect_insert(table)
    refreshed = {c: getattr(stmt.excluded, c) for c in refresh}
    return stmt.on_conflict_do_update(index_elements=["id"], set_=refreshed).returning(*returning)


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

    @classmethod
    def of(cls, where: Database | Engine | str | Path, busy_timeout_s: float = 3.0) -> Database:
        if isinstance(where, Database):
            return where
        if isinstance(where, Engine):
            return cls(where, busy_timeout_s)
        return cls(make_engine(where, busy_timeout_s), busy_timeout_s)

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
                conn = conn.execution_options(xinyu_write=True, xinyu_wait=wait - (time.monotonic() - start))
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


class Store:
    def __init__(
        self,
        where: Database | Engine,
        keyring: KeyRing,
        summary_window: int = 20,
        busy_timeout_s: float = 3.0,
    ) -> None:
        self.db = Database.of(where, busy_timeout_s)
        self.engine = self.db.engine
        self.keys = keyring
        self.summary_window = summary_window
        self.sqlite = self.db.sqlite
        self.busy_timeout_s = self.db.busy_timeout_s
        # the store's transactions are its database's (one lock, one health record for the whole process)
        self.writing = self.db.writing
        self.reading = self.db.reading
        self._claim_user = _claim(
            self.engine, User.__table__, [User.turns, User.key_id, User.summary_enc, User.owner]
        )
        self._claim_heartbeat = _claim(
            self.engine, Heartbeat.__table__, [Heartbeat.id], refresh=("at", "key_id")
        )
        self._claim_session = _claim(
            self.engine,
            ChatSession.__table__,
            [ChatSession.user_id, ChatSession.turns, ChatSession.peak_level],
        )
        self.scrub_pending = False  # a deletion's WAL truncation is still to do (see scrub)
        migrate(self.engine)

    @property
    def health(self) -> Health:
        return self.db.health

    @classmethod
    def open(cls, url_or_path: str | Path, keyring: KeyRing) -> Store:
        return cls(make_engine(url_or_path), keyring)

    def close(self) -> None:
        self.engine.dispose()

    # -- ownership -------------------------------------------------------------------------------------------
    def user_owner(self, user_id: str, conn: Connection | None = None) -> tuple[bool, str | None]:
        """(whether the user exists, its owner)."""
        if conn is None:
            with self.reading() as own:
                return self.user_owner(user_id, own)
        row = conn.execute(_SQL.user_owner, {"uid": user_id}).first()
        return (False, None) if row is None else (True, row.owner)

    def check_user(
        self, user_id: str, owner: str | None, admin: bool, conn: Connection | None = None
    ) -> bool:
        """True if the user exists and ``owner`` may see it (admins see every user); False if it does not exist.
        Raises :class:`NotOwner` for a user of another owner."""
        exists, actual = self.user_owner(user_id, conn)
        if exists and not admin and actual != owner:
            raise NotOwner(f"no user {user_id}")
        return exists

    def session_for(self, user_id: str, session_id: str, owner: str | None, admin: bool) -> dict | None:
        """The stored session row (owner, locale, turn count, decoded risk state) a turn of ``user_id`` by ``owner``
        continues, or None for a new one, in one read. Raises :class:`NotOwner` when the user, or the session's user, belongs to
        another owner, and :class:`StoreError` when the session is another user's of the same owner."""
        with self.reading() as conn:
            self.check_user(user_id, owner, admin, conn)
            row = conn.execute(_SQL.session_full, {"sid": session_id}).mappings().first()
            if row is not None and row["user_id"] != user_id:
                try:
                    self.check_user(row["user_id"], owner, admin, conn)
                except NotOwner as exc:  # never name the other owner's user
                    raise NotOwner(f"no session {session_id}") from exc
                raise StoreError(f"session {session_id} belongs to another user")
        if row is None:
            return None
        out = dict(row)
        out["state"] = json.loads(out["state"]) if out["state"] else None
        return out

    def session_user(self, session_id: str) -> str | None:
        with self.reading() as conn:
            return conn.execute(select(ChatSession.user_id).where(ChatSession.id == session_id)).scalar()

    def turn_user(self, turn_id: str) -> str | None:
        with self.reading() as conn:
            return conn.execute(select(Turn.user_id).where(Turn.id == turn_id)).scalar()

    # -- health and heartbeats -------------------------------------------------------------------------------
    def heartbeat(self, process: str | None = None) -> None:
        """Write this process's heartbeat (the key it seals with): the service's write probe, every few seconds.
        Marks :attr:`health`."""
        self.keys.reload()
        with self.writing() as conn:
            conn.execute(
                self._claim_heartbeat,
                {"id": process or process_id(), "at": time.time(), "key_id": self.keys.current_id},
            )

    def forget_heartbeat(self, process: str | None = None) -> None:
        with contextlib.suppress(StoreUnavailable), self.writing() as conn:
            conn.execute(delete(Heartbeat).where(Heartbeat.id == (process or process_id())))

    def live_services(self, within_s: float = 15.0) -> dict[str, str | None]:
        """Process id -> the key id it seals with, for the services that wrote a heartbeat lately."""
        with self.reading() as conn:
            rows = conn.execute(
                select(Heartbeat.id, Heartbeat.key_id).where(Heartbeat.at >= time.time() - within_s)
            ).all()
        return {r[0]: r[1] for r in rows}

    # -- sealing ---------------------------------------------------------------------------------------------
    def _key(self) -> str:
        """The key to seal a row with: the current one, after a look at the key file (a ``stat`` at most every
        half second), so that a key rotated in by another process seals from then on."""
        self.keys.reload()
        return self.keys.current_id

    def _seal(self, plain: str, column: str, kid: str | None = None) -> tuple[str, bytes]:
        return self.keys.encrypt(plain, column, kid or self._key())

    def _open(self, kid: str | None, blob: bytes | None, column: str) -> str | None:
        if blob is None or kid is None:
            return None
        return self.keys.decrypt(kid, bytes(blob), column)

    # -- sessions --------------------------------------------------------------------------------------------
    def user_summary(self, user_id: str) -> dict | None:
        with self.reading() as conn:
            row = conn.execute(select(User.key_id, User.summary_enc).where(User.id == user_id)).first()
        if row is None or row.summary_enc is None:
            return None
        return self._summary(row.key_id, row.summary_enc)

    def record_turn(self, rec: TurnRecord) -> dict:
        """Write one turn (user, session, turn, analysis, risk event, summary) in one transaction; returns the
        user's updated summary. Raises :class:`NotOwner` when the user belongs to another owner (unless
        ``rec.admin``), :class:`StoreError` when the session belongs to another user."""
        kid = self._key()  # one key for the turn's and the analysis's values, which share a key_id
        _, message = self._seal(rec.message, "turns.message", kid)
        _, reply = self._seal(rec.reply, "turns.reply", kid)
        _, core = self._seal(
            json.dumps(rec.emotion.get("core_words", []), ensure_ascii=False), "analyses.core", kid
        )
        _, risk = self._seal(json.dumps(rec.risk, ensure_ascii=False), "analyses.risk", kid)
        em = rec.emotion
        level = rec.risk.get("level", "none")
        now = rec.created
        with self.writing() as conn:
            user = conn.execute(
                self._claim_user,
                {"id": rec.user_id, "created": now, "updated": now, "turns": 0, "owner": rec.owner},
            ).first()
            if not rec.admin and user.owner != rec.owner:
                raise NotOwner(f"no user {rec.user_id}")
            summary = None
            if user.summary_enc is not None:
                summary = self._summary(user.key_id, user.summary_enc)
            summary = update_summary(summary, em, level, rec.topic, self.summary_window)
            skid, sblob = self._seal(json.dumps(summary, ensure_ascii=False), "users.summary")
            conn.execute(
                _SQL.update_user, {"uid": rec.user_id, "updated": now, "key_id": skid, "summary_enc": sblob}
            )
            state = json.dumps(rec.state)
            sess = conn.execute(
                self._claim_session,
                {
                    "id": rec.session_id,
                    "user_id": rec.user_id,
                    "created": now,
                    "updated": now,
                    "locale": rec.locale,
                    "turns": 0,
                    "level": "none",
                    "peak_level": "none",
                },
            ).first()
            if sess.user_id != rec.user_id:
                raise StoreError(f"session {rec.session_id} belongs to another user")
            idx = sess.turns
            conn.execute(
                _SQL.update_session,
                {
                    "sid": rec.session_id,
                    "updated": now,
                    "turns": idx + 1,
                    "level": level,
                    "peak_level": max(sess.peak_level, level, key=LEVELS.index),
                    "state": state,
                },
            )
            conn.execute(
                _SQL.insert_turn,
                {
                    "id": rec.turn_id,
                    "session_id": rec.session_id,
                    "user_id": rec.user_id,
                    "idx": idx,
                    "created": now,
                    "key_id": kid,
                    "message_enc": message,
                    "reply_enc": reply,
                    "language": em.get("language", "und"),
                    "emotion": em.get("label", "neutral"),
                    "intensity": float(em.get("intensity", 0.0)),
                    "polarity": em.get("polarity", "neutral"),
                    "topic": rec.topic,
                    "risk_level": level,
                    "risk_score": float(rec.risk.get("score", 0.0)),
                    "strategy": rec.strategy,
                    "engine": rec.engine,
                    "fallback": rec.fallback,
                    "moderated": rec.moderated,
                    "latency_ms": rec.latency_ms,
                },
            )
            conn.execute(
                _SQL.insert_analysis,
                {
                    "turn_id": rec.turn_id,
                    "user_id": rec.user_id,
                    "scores": json.dumps(em.get("scores", {})),
                    "labels": json.dumps(em.get("labels", [])),
                    "model": str(em.get("model", ""))[:64],
                    "key_id": kid,
                    "core_words_enc": core,
                    "risk_enc": risk,
                },
            )
            if level != "none":
                themes = {}
                for r in rec.risk.get("reasons", []):
                    if r.get("layer") == "conversation":
                        themes = r.get("themes", {})
                conn.execute(
                    _SQL.insert_risk_event,
                    {
                        "turn_id": rec.turn_id,
                        "session_id": rec.session_id,
                        "user_id": rec.user_id,
                        "created": now,
                        "level": level,
                        "score": float(rec.risk.get("score", 0.0)),
                        "themes": json.dumps(themes),
                        "escalation_id": rec.escalation_id,
                    },
                )
            for write in rec.also:
                write(conn)
        return summary

    def _summary(self, kid: str | None, blob: bytes) -> dict | None:
        """A user's rolling summary; one that no key in the ring opens starts afresh (logged), rather than
        keeping the person from talking."""
        try:
            return json.loads(self._open(kid, blob, "users.summary") or "null")
        except (KeyRingError, ValueError) as exc:
            log.error("a user summary cannot be read (%s); starting a new one", type(exc).__name__)
            return None

    # -- reading ---------------------------------------------------------------------------------------------
    def session_view(self, session_id: str) -> dict | None:
        with self.reading() as conn:
            sess = conn.execute(select(ChatSession).where(ChatSession.id == session_id)).mappings().first()
            if sess is None:
                return None
            rows = conn.execute(
                select(Turn, Analysis.scores, Analysis.labels, Analysis.core_words_enc)
                .join(Analysis, Analysis.turn_id == Turn.id)
                .where(Turn.session_id == session_id)
                .order_by(Turn.idx)
            ).mappings()
            turns = [self._turn_view(r) for r in rows]
        out = {
            k: sess[k]
            for k in ("id", "user_id", "created", "updated", "locale", "turns", "level", "peak_level")
        }
        out["history"] = turns
        return out

    def _turn_view(self, r: Any) -> dict:
        kid = r["key_id"]
        return {
            "turn_id": r["id"],
            "index": r["idx"],
            "created": r["created"],
            "message": self._open(kid, r["message_enc"], "turns.message"),
            "reply": self._open(kid, r["reply_enc"], "turns.reply"),
            "language": r["language"],
            "emotion": r["emotion"],
            "intensity": r["intensity"],
            "polarity": r["polarity"],
            "scores": json.loads(r["scores"]),
            "labels": json.loads(r["labels"]),
            "core_words": json.loads(self._open(kid, r["core_words_enc"], "analyses.core") or "[]"),
            "topic": r["topic"],
            "risk_level": r["risk_level"],
            "risk_score": r["risk_score"],
            "strategy": r["strategy"],
            "engine": r["engine"],
            "fallback": r["fallback"],
            "moderated": r["moderated"],
        }

    def recent_turns(self, session_id: str, n: int = 6) -> list[tuple[str, str]]:
        """The last ``n`` (message, reply) pairs of a session, oldest first, decrypted."""
        with self.reading() as conn:
            rows = conn.execute(
                select(Turn.key_id, Turn.message_enc, Turn.reply_enc)
                .where(Turn.session_id == session_id)
                .order_by(Turn.idx.desc())
                .limit(n)
            ).all()
        return [
            (self._open(k, m, "turns.message") or "", self._open(k, r, "turns.reply") or "")
            for k, m, r in reversed(rows)
        ]

    def audit(self, event: str, subject: str | None, data: dict) -> None:
        with self.writing() as conn:
            conn.execute(
                insert(Audit).values(at=time.time(), event=event, subject=subject, data=json.dumps(data))
            )

    def trajectory(self, user_id: str, limit: int = 500) -> dict | None:
        """Emotion and intensity over time across sessions, with deterioration flags."""
        with self.reading() as conn:
            if conn.execute(select(User.id).where(User.id == user_id)).first() is None:
                return None
            rows = conn.execute(
                select(
                    Turn.id,
                    Turn.session_id,
                    Turn.created,
                    Turn.emotion,
                    Turn.intensity,
                    Turn.polarity,
                    Turn.risk_level,
                    Turn.risk_score,
                )
                .where(Turn.user_id == user_id)
                .order_by(Turn.created.desc())
                .limit(limit)
            ).mappings()
            points = [dict(r) for r in rows][::-1]
        for p in points:
            p["turn_id"] = p.pop("id")
            # signed mood: negative emotions below zero, joy above, scaled by intensity
            sign = -1.0 if p["emotion"] in NEGATIVE else (1.0 if p["emotion"] == "joy" else 0.0)
            p["valence"] = round(sign * max(p["intensity"], 0.1 if sign else 0.0), 4)
        sessions: dict[str, dict] = {}
        for p in points:
            s = sessions.setdefault(
                p["session_id"], {"session_id": p["session_id"], "start": p["created"], "turns": 0, "_v": []}
            )
            s["turns"] += 1
            s["_v"].append(p["valence"])
            s["peak_level"] = max(s.get("peak_level", "none"), p["risk_level"], key=LEVELS.index)
            s["end"] = p["created"]
        per_session = []
        for s in sessions.values():
            vals = s.pop("_v")
            s["mean_valence"] = round(sum(vals) / len(vals), 4)
            s["negative_share"] = round(sum(v < 0 for v in vals) / len(vals), 4)
            per_session.append(s)
        return {
            "user_id": user_id,
            "points": points,
            "sessions": per_session,
            "flags": deterioration_flags(points, per_session),
        }

    # -- feedback --------------------------------------------------------------------------------------------
    def add_feedback(
        self, turn_id: str, user_id: str | None, rating: int | None, thumb: str | None, comment: str | None
    ) -> int:
        with self.writing() as conn:
            owner = conn.execute(select(Turn.user_id).where(Turn.id == turn_id)).scalar()
            if owner is None:
                raise KeyError(turn_id)
            if user_id is not None and user_id != owner:
                raise StoreError(f"turn {turn_id} belongs to another user")
            kid = blob = None
            if comment:
                kid, blob = self._seal(comment, "feedback.comment")
            res = conn.execute(
                insert(Feedback).values(
                    turn_id=turn_id,
                    user_id=owner,
                    created=time.time(),
                    rating=rating,
                    thumb=thumb,
                    key_id=kid,
                    comment_enc=blob,
                )
            )
            return int(res.inserted_primary_key[0])

    # -- deletion and retention ------------------------------------------------------------------------------
    def delete_user(self, user_id: str, audit_key: bytes = b"") -> dict[str, int] | None:
        """Every row of the user in every table; None if there was no such user. Audited without the id. The
        deleted values are overwritten in the database file and its WAL (see :meth:`scrub`)."""
        with self.writing() as conn:
            exists = conn.execute(select(User.id).where(User.id == user_id)).first() is not None
            esc_ids = [r[0] for r in conn.execute(select(Escalation.id).where(Escalation.user_id == user_id))]
            if not exists and not esc_ids:
                return None
            counts = self._delete_users(conn, [user_id], esc_ids)
            digest = hmac.new(audit_key or b"xinyu", user_id.encode(), hashlib.sha256).hexdigest()[:16]
            conn.execute(
                insert(Audit).values(
                    at=time.time(),
                    event="user_deleted",
                    subject=None,
                    data=json.dumps({"user": digest, **counts}),
                )
            )
        self.scrub()
        return counts

    @staticmethod
    def _delete_users(conn: Connection, user_ids: list[str], esc_ids: list[str]) -> dict[str, int]:
        """Delete the users' rows in every table, and the escalations ``esc_ids`` with their alerts and the
        audit rows that name them."""
        counts: dict[str, int] = {}
        if esc_ids:
            alert_ids = [r[0] for r in conn.execute(select(Alert.id).where(Alert.escalation_id.in_(esc_ids)))]
            counts["alerts"] = conn.execute(delete(Alert).where(Alert.escalation_id.in_(esc_ids))).rowcount
            counts["audit"] = conn.execute(
                delete(Audit).where(Audit.subject.in_(esc_ids + alert_ids))
            ).rowcount
            counts["escalations"] = conn.execute(
                delete(Escalation).where(Escalation.id.in_(esc_ids))
            ).rowcount
        for name, column in USER_TABLES.items():
            table = _TABLES[name]
            n = (
                conn.execute(delete(table).where(getattr(table, column).in_(user_ids))).rowcount
                if user_ids
                else 0
            )
            counts[name] = counts.get(name, 0) + n
        return counts

    def scrub(self, attempts: int = 5) -> bool:
        """Leave no deleted value in any file: with ``secure_delete`` the database file's pages were zeroed as
        rows went; this copies the WAL back into it and truncates the WAL to nothing (old page images in the WAL
        still hold what was deleted). A checkpoint needs a moment without readers; it is tried a few times, never
        holding up writers, and otherwise left to :attr:`scrub_pending` (the service's health loop retries it).
        True when the WAL was truncated. A no-op for server databases, whose own storage (WAL archives, VACUUM) is
        the operator's to manage."""
        if not self.sqlite:
            return True
        for _ in range(attempts):
            raw = self.engine.raw_connection()
            try:
                driver = raw.driver_connection
                # a pending checkpoint holds up new writers: wait for readers a moment only
                driver.execute("PRAGMA busy_timeout=100")
                busy = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                driver.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_s * 1000)}")
                raw.info.pop("busy_ms", None)  # the next write sets its own
            except STORE_FAILURES as exc:
                log.warning("WAL checkpoint after a deletion failed: %s", type(exc).__name__)
                busy = (1,)
            finally:
                raw.close()
            if busy is None or not busy[0]:
                self.scrub_pending = False
                return True
            time.sleep(0.05)
        self.scrub_pending = True
        log.warning("the WAL could not be truncated after a deletion yet (readers held it); retrying later")
        return False

    def count_user_rows(self, user_id: str) -> dict[str, int]:
        """Rows naming the user, per table (delete-my-data's check)."""
        with self.reading() as conn:
            return {
                name: int(
                    conn.execute(
                        select(func.count())
                        .select_from(_TABLES[name])
                        .where(getattr(_TABLES[name], col) == user_id)
                    ).scalar()
                    or 0
                )
                for name, col in USER_TABLES.items()
            }

    def purge_older_than(self, seconds: float) -> int:
        """Retention: delete turns older than ``seconds`` (with their analyses, risk events and feedback);
        users, with everything of theirs, idle for as long; sessions left empty; escalations (open ones too)
        and their alerts not touched for as long. Returns the number of turns deleted."""
        cutoff = time.time() - seconds
        with self.writing() as conn:
            old = select(Turn.id).where(Turn.created < cutoff)
            for table in (Feedback, RiskEvent, Analysis):
                conn.execute(delete(table).where(table.turn_id.in_(old)))
            n = conn.execute(delete(Turn).where(Turn.created < cutoff)).rowcount
            conn.execute(
                delete(ChatSession).where(
                    ChatSession.updated < cutoff, ~ChatSession.id.in_(select(Turn.session_id).distinct())
                )
            )
            idle = [r[0] for r in conn.execute(select(User.id).where(User.updated < cutoff))]
            stale = select(Escalation.id).where(Escalation.updated < cutoff)
            if idle:
                stale = stale.union(select(Escalation.id).where(Escalation.user_id.in_(idle)))
            esc_ids = [r[0] for r in conn.execute(stale)]
            open_ids = (
                [
                    r[0]
                    for r in conn.execute(
                        select(Escalation.id).where(Escalation.id.in_(esc_ids), Escalation.status == "open")
                    )
                ]
                if esc_ids
                else []
            )
            counts = self._delete_users(conn, idle, esc_ids) if idle or esc_ids else {}
            if open_ids:
                log.warning(
                    "retention deleted %d open escalations untouched for the whole period", len(open_ids)
                )
            if n or idle or esc_ids:
                data = {"turns": n, "users": len(idle), "escalations": len(esc_ids), "open": len(open_ids)}
                data.update({f"rows.{k}": v for k, v in counts.items() if v})
                conn.execute(
                    insert(Audit).values(
                        at=time.time(), event="retention", subject=None, data=json.dumps(data)
                    )
                )
        if n or idle or esc_ids:
            self.scrub()
        return n

    # -- keys ------------------------------------------------------------------------------------------------
    _SEALED = [
        (Turn, "id", [("message_enc", "turns.message"), ("reply_enc", "turns.reply")]),
        (Analysis, "turn_id", [("core_words_enc", "analyses.core"), ("risk_enc", "analyses.risk")]),
        (User, "id", [("summary_enc", "users.summary")]),
        (Feedback, "id", [("comment_enc", "feedback.comment")]),
    ]

    def reseal(self, batch: int = 500, progress: Callable[[int], None] | None = None) -> dict[str, int]:
        """Re-encrypt every value not sealed with the current key under it; returns rows per table, and under
        ``unreadable`` the rows no key in the ring opens (left as they are, and logged: restore the key that
        sealed them, then run this again)."""
        counts: dict[str, int] = {"unreadable": 0}
        for table, pk, cols in self._SEALED:
            n = 0
            after = None  # rows are walked in key order, so that a row left as it is is not read again
            key = getattr(table, pk)
            while True:
                # the key rows are sealed with and named by: one per batch (another process may rotate meanwhile;
                # reading a row it sealed reloads the ring, and the next batch then moves to its key)
                new = self._key()
                with self.writing() as conn:
                    q = select(key, table.key_id, *[getattr(table, c) for c, _ in cols]).where(
                        table.key_id.is_not(None), table.key_id != new
                    )
                    if after is not None:
                        q = q.where(key > after)
                    rows = conn.execute(q.order_by(key).limit(batch).with_for_update()).all()
                    for row in rows:
                        values: dict[str, Any] = {"key_id": new}
                        try:
                            for i, (col, aad) in enumerate(cols):
                                plain = self._open(row[1], row[2 + i], aad)
                                values[col] = None if plain is None else self._seal(plain, aad, new)[1]
                        except KeyRingError:
                            counts["unreadable"] += 1
                            continue
                        conn.execute(update(table).where(key == row[0]).values(**values))
                        n += 1
                if rows:
                    after = rows[-1][0]
                if progress:
                    progress(len(rows))
                if len(rows) < batch:
                    break
            counts[table.__tablename__] = n
        if counts["unreadable"]:
            log.error(
                "%d rows are sealed with a key the ring does not hold; left as they are", counts["unreadable"]
            )
        return counts

    def keys_in_use(self) -> set[str]:
        """The ids of the keys some row is sealed with."""
        with self.reading() as conn:
            q = union(
                *[
                    select(t.key_id.label("k")).where(t.key_id.is_not(None)).distinct()
                    for t, _, _ in self._SEALED
                ]
            )
            return {r[0] for r in conn.execute(q)}

    def wait_for_services(
        self, key: str, wait_s: float = 30.0, every_s: float = 0.5
    ) -> dict[str, str | None]:
        """Wait until every live service seals with ``key``; returns those that still do not (empty: all do)."""
        end = time.monotonic() + wait_s
        while True:
            behind = {p: k for p, k in self.live_services().items() if k != key}
            if not behind or time.monotonic() >= end:
                return behind
            time.sleep(every_s)

    def rotate_keys(
        self,
        batch: int = 500,
        wait_s: float = 30.0,
        settle_s: float | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> dict:
        """Add a key, re-seal every value under it, and drop the old keys once nothing needs them.

        A running service follows the key file and seals with the new key within a second (its heartbeat says
        which key it uses). Old keys leave the ring only when every live service has moved to the new key, turns
        it had sealed with the old one before that have committed (``settle_s``: twice the busy timeout and a
        margin)
        and been re-sealed, and no row names them. Otherwise they stay, retired, for ``xinyu keys prune``.
        """
        new = self.keys.rotate()
        counts = self.reseal(batch, progress)
        behind = self.wait_for_services(new, wait_s)
        dropped: list[str] = []
        if not behind:
            if self.live_services():
                time.sleep(self.settle_s if settle_s is None else settle_s)
            for table, n in self.reseal(batch, progress).items():
                counts[table] += n
            dropped = self.drop_unused_keys(min_age_s=0.0)
        with self.writing() as conn:
            conn.execute(
                insert(Audit).values(
                    at=time.time(),
                    event="keys_rotated",
                    subject=new,
                    data=json.dumps({**counts, "dropped": dropped, "behind": sorted(behind)}),
                )
            )
        return {
            "key_id": new,
            # another rotation at the same time may have superseded (and dropped) ``new``: what seals now
            "current": self.keys.current_id,
            "reencrypted": counts,
            "dropped": dropped,
            "kept": [k for k in self.keys.ids if k != self.keys.current_id],
            "services_behind": behind,
        }

    @property
    def settle_s(self) -> float:
        """How long a turn may take from sealing its values to committing them: the process's write lock and
        the database's lock are each waited for ``busy_timeout_s`` at most, and a margin."""
        return 2 * self.busy_timeout_s + 2.0

    def drop_unused_keys(self, min_age_s: float | None = None) -> list[str]:
        """Remove from the ring the retired keys no row is sealed with, retired at least ``min_age_s`` ago
        (default :attr:`settle_s`: a turn sealed just before the key was retired may still be committing);
        returns their ids."""
        min_age = self.settle_s if min_age_s is None else min_age_s
        used = self.keys_in_use()
        retired = self.keys.retired
        now = time.time()
        unused = {
            k
            for k in self.keys.ids
            if k != self.keys.current_id and k not in used and now - retired.get(k, now) >= min_age
        }
        return self.keys.drop(unused)

    # -- export and dashboard --------------------------------------------------------------------------------
    def export_turns(self, since: float = 0.0, limit: int = 10_000) -> list[dict]:
        with self.reading() as conn:
            rows = conn.execute(
                select(Turn, Analysis.scores, Analysis.labels, Analysis.core_words_enc)
                .join(Analysis, Analysis.turn_id == Turn.id)
                .where(Turn.created >= since)
                .order_by(Turn.created)
                .limit(limit)
            ).mappings()
            out = []
            for r in rows:
                view = self._turn_view(r)
                view["session_id"] = r["session_id"]
                view["user_id"] = r["user_id"]
                out.append(view)
        return out

    def dashboard(self, days: int = 30) -> dict:
        since = time.time() - days * 86400
        with self.reading() as conn:
            emo = dict(
                conn.execute(
                    select(Turn.emotion, func.count()).where(Turn.created >= since).group_by(Turn.emotion)
                ).all()
            )
            rows = conn.execute(
                select(Turn.created, Turn.emotion, Turn.intensity, Turn.fallback, Turn.latency_ms).where(
                    Turn.created >= since
                )
            ).all()
            levels = dict(
                conn.execute(
                    select(RiskEvent.level, func.count())
                    .where(RiskEvent.created >= since)
                    .group_by(RiskEvent.level)
                ).all()
            )
            events = [
                dict(r)
                for r in conn.execute(
                    select(
                        RiskEvent.created,
                        RiskEvent.level,
                        RiskEvent.score,
                        RiskEvent.session_id,
                        RiskEvent.escalation_id,
                    )
                    .order_by(RiskEvent.created.desc())
                    .limit(50)
                ).mappings()
            ]
            fb = conn.execute(
                select(
                    func.count(Feedback.id),
                    func.avg(Feedback.rating),
                    func.sum(func.cast(Feedback.thumb == "up", type_=Turn.idx.type)),
                    func.sum(func.cast(Feedback.thumb == "down", type_=Turn.idx.type)),
                )
            ).first()
        trend: dict[str, Counter] = {}
        for created, emotion, _i, _f, _l in rows:
            day = time.strftime("%Y-%m-%d", time.gmtime(created))
            trend.setdefault(day, Counter())[emotion] += 1
        latencies = sorted(r[4] for r in rows)
        n = len(rows)
        return {
            "turns": n,
            "emotions": emo,
            "trend": [{"day": d, **c} for d, c in sorted(trend.items())],
            "risk_levels": levels,
            "risk_events": events,
            "fallback_rate": round(sum(1 for r in rows if r[3]) / n, 4) if n else 0.0,
            "latency_ms": {
                "p50": _pct(latencies, 0.5),
                "p95": _pct(latencies, 0.95),
                "p99": _pct(latencies, 0.99),
            },
            "feedback": {
                "count": int(fb[0] or 0),
                "mean_rating": round(float(fb[1]), 3) if fb[1] is not None else None,
                "thumbs_up": int(fb[2] or 0),
                "thumbs_down": int(fb[3] or 0),
            },
        }


def process_id() -> str:
    """This process, as a heartbeat names it."""
    return f"{socket.gethostname()}:{os.getpid()}"[:128]


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


def _pct(sorted_values: list[float], q: float) -> float | None:
    if not sorted_values:
        return None
    i = min(len(sorted_values) - 1, int(q * len(sorted_values)))
    return round(sorted_values[i], 2)


# ------------------------------------------------------------------------------------------------------------
def update_summary(summary: dict | None, emotion: dict, level: str, topic: str | None, window: int) -> dict:
    """The rolling per-user summary: decayed emotion counts, intensity trend, topics, words, risk peak."""
    s = summary or {
        "turns": 0,
        "emotions": {},
        "topics": {},
        "words": [],
        "intensity": [],
        "peak_level": "none",
    }
    decay = 1.0 - 1.0 / max(window, 2)
    s["turns"] += 1
    s["emotions"] = {k: round(v * decay, 4) for k, v in s["emotions"].items() if v * decay >= 0.01}
    label = emotion.get("label", "neutral")
    s["emotions"][label] = round(s["emotions"].get(label, 0.0) + 1.0, 4)
    if topic:
        s["topics"] = {k: round(v * decay, 4) for k, v in s["topics"].items() if v * decay >= 0.01}
        s["topics"][topic] = round(s["topics"].get(topic, 0.0) + 1.0, 4)
    words = [w["word"] for w in emotion.get("core_words", []) if isinstance(w, dict) and w.get("word")]
    s["words"] = ([w for w in words if w not in s["words"]] + s["words"])[:8]
    s["intensity"] = (s["intensity"] + [round(float(emotion.get("intensity", 0.0)), 3)])[-window:]
    s["peak_level"] = max(s["peak_level"], level, key=LEVELS.index)
    s["last_level"] = level
    s["last_emotion"] = label
    return s


def render_summary(summary: dict | None, language: str = "zh") -> str:
    """One or two sentences for a prompt (an empty string for a first-time user)."""
    if not summary or not summary.get("turns"):
        return ""
    names_zh = {
        "joy": "开心",
        "sadness": "难过",
        "anger": "生气",
        "fear": "担心或害怕",
        "surprise": "惊讶",
        "disgust": "反感",
        "neutral": "平静",
    }
    topics_zh = {
        "sleep": "睡眠",
        "work": "工作",
        "study": "学业",
        "relationship": "感情",
        "family": "家庭",
        "loneliness": "孤独",
        "health": "健康",
        "loss": "失去",
        "money": "经济",
    }
    emotions = sorted(summary["emotions"].items(), key=lambda kv: -kv[1])[:2]
    topics = sorted(summary.get("topics", {}).items(), key=lambda kv: -kv[1])[:2]
    ints = summary.get("intensity", [])
    half = len(ints) // 2
    trend = "steady"
    if half >= 2:
        a, b = sum(ints[:half]) / half, sum(ints[half:]) / (len(ints) - half)
        trend = "rising" if b - a > 0.1 else ("easing" if a - b > 0.1 else "steady")
    if language == "zh":
        trend_zh = {"rising": "情绪强度在上升", "easing": "情绪强度在缓和", "steady": "情绪强度平稳"}[trend]
        parts = [
            f"共 {summary['turns']} 轮对话",
            "近来多为" + "、".join(names_zh.get(e, e) for e, _ in emotions),
        ]
        if topics:
            parts.append("常谈到" + "、".join(topics_zh.get(t, t) for t, _ in topics))
        parts.append(trend_zh)
        if summary.get("peak_level") not in (None, "none", "low"):
            parts.append(f"曾出现 {summary['peak_level']} 级风险")
        return "；".join(parts) + "。"
    parts = [f"{summary['turns']} turns so far", "mostly " + " and ".join(e for e, _ in emotions)]
    if topics:
        parts.append("often about " + " and ".join(t for t, _ in topics))
    parts.append(f"intensity {trend}")
    if summary.get("peak_level") not in (None, "none", "low"):
        parts.append(f"risk reached {summary['peak_level']} before")
    return "; ".join(parts) + "."


def deterioration_flags(points: list[dict], sessions: list[dict]) -> list[dict]:
    """Signs that a person is getting worse: mood falling, negative share rising, risk climbing."""
    flags: list[dict] = []
    if len(points) >= 6:
        half = len(points) // 2
        early = [p["valence"] for p in points[:half]]
        late = [p["valence"] for p in points[half:]]
        drop = sum(early) / len(early) - sum(late) / len(late)
        if drop >= 0.2:
            flags.append(
                {"kind": "mood_falling", "detail": f"mean mood fell by {drop:.2f} (signed intensity)"}
            )
    if len(sessions) >= 3:
        last = sessions[-3:]
        vals = [s["mean_valence"] for s in last]
        if vals[0] > vals[1] > vals[2]:
            flags.append(
                {"kind": "worse_each_session", "detail": "mood lower in each of the last 3 sessions"}
            )
    if len(sessions) >= 2:
        a, b = LEVELS.index(sessions[-2]["peak_level"]), LEVELS.index(sessions[-1]["peak_level"])
        if b > a and b >= LEVELS.index("moderate"):
            flags.append(
                {
                    "kind": "risk_rising",
                    "detail": f"peak risk {sessions[-2]['peak_level']} -> {sessions[-1]['peak_level']}",
                }
            )
    recent = points[-5:]
    if (
        len(recent) == 5
        and sum(p["valence"] < 0 for p in recent) == 5
        and sum(p["intensity"] for p in recent) / 5 >= 0.5
    ):
        flags.append(
            {"kind": "sustained_distress", "detail": "the last 5 turns were all negative and intense"}
        )
    return flags
