"""``Store``: the emotion memory as the chat service, the API and ``xinyu keys`` use it.

A facade over the memory's modules, which own the tables and every SQL statement: :mod:`~xinyu.memory.database`
(engine, migrations, write lock, health), :mod:`~xinyu.memory.turns` (users, sessions, turns),
:mod:`~xinyu.memory.feedback`, :mod:`~xinyu.memory.audit`, :mod:`~xinyu.memory.retention` (delete-my-data,
retention), :mod:`~xinyu.memory.rotation` (heartbeats, key rotation) and :mod:`~xinyu.memory.analytics` (dashboard,
trajectory). Each method here is one transaction of its :class:`Database`.

A turn is written in one transaction before the API answers, so a reply that reached the client is in the store
even if the process is killed right after. Text is sealed with :class:`~xinyu.memory.crypto.KeyRing` before it
reaches the database. A write that cannot get the database raises :class:`StoreUnavailable`, and
:attr:`Store.health` says so until a write succeeds again. Deleting a user, and retention, leave no ciphertext
behind in any file.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from xinyu.memory import analytics, audit, feedback, retention, rotation, turns
from xinyu.memory.analytics import deterioration_flags
from xinyu.memory.crypto import KeyRing, Sealer
from xinyu.memory.database import (
    MIGRATION_LOCK,
    SHORT_WAIT_S,
    STORE_FAILURES,
    Database,
    Health,
    NotOwner,
    StoreError,
    StoreUnavailable,
    WouldWait,
    lock_wait_s,
    make_engine,
    migrate,
    private_dir,
    private_file,
    unavailable,
    write_lock,
)
from xinyu.memory.rotation import process_id
from xinyu.memory.summary import update_summary
from xinyu.memory.turns import TurnRecord

# what this module held before the memory was split into its modules (moved to xinyu.memory.database, .turns,
# .summary, .analytics and .rotation); kept so existing imports work
__all__ = [
    "MIGRATION_LOCK",
    "SHORT_WAIT_S",
    "STORE_FAILURES",
    "Database",
    "Health",
    "NotOwner",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "TurnRecord",
    "WouldWait",
    "deterioration_flags",
    "lock_wait_s",
    "make_engine",
    "migrate",
    "private_dir",
    "private_file",
    "process_id",
    "unavailable",
    "update_summary",
    "write_lock",
]

if TYPE_CHECKING:
    from xinyu.config import Settings

log = logging.getLogger(__name__)


class Store:
    def __init__(
        self,
        where: Database | Engine,
        keyring: KeyRing,
        summary_window: int = 20,
        busy_timeout_s: float = 3.0,
        wait_for_database: bool = False,
    ) -> None:
        """Migrates the schema to the newest revision. With ``wait_for_database`` (the service), a database that
        cannot be reached yet is not an error: :attr:`health` says so, and :meth:`heartbeat` migrates once it
        answers, so that the process stays up (alive, not ready) while the database is down."""
        self.db = Database.of(where, busy_timeout_s)
        self.engine = self.db.engine
        self.keys = keyring
        self.sealer = Sealer(keyring)
        self.summary_window = summary_window
        self.sqlite = self.db.sqlite
        self.busy_timeout_s = self.db.busy_timeout_s
        # the store's transactions are its database's (one lock, one health record for the whole process)
        self.writing = self.db.writing
        self.reading = self.db.reading
        self.scrub_pending = False  # a deletion's WAL truncation is still to do (see scrub)
        self.schema_ready = False
        try:
            self.ensure_schema()
        except StoreUnavailable:
            if not wait_for_database:
                raise

    @property
    def health(self) -> Health:
        return self.db.health

    @classmethod
    def open(cls, url_or_path: str | Path, keyring: KeyRing) -> Store:
        return cls(make_engine(url_or_path), keyring)

    @classmethod
    def from_settings(cls, settings: Settings, wait_for_database: bool = False) -> Store:
        """The store a service (or ``xinyu keys``) of ``settings`` uses: its data folder created private (0700),
        its key ring (``storage.key``, else the key file), its database with ``storage.busy_timeout_s``."""
        settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        private_dir(settings.data_dir)
        key = settings.storage.key.get_secret_value() if settings.storage.key else None
        keys = KeyRing.open(settings.key_file, key)
        busy = settings.storage.busy_timeout_s
        database = Database(make_engine(settings.database_url, busy), busy)
        return cls(database, keys, wait_for_database=wait_for_database)

    def close(self) -> None:
        self.engine.dispose()

    # -- ownership -------------------------------------------------------------------------------------------
    def user_owner(self, user_id: str, conn: Connection | None = None) -> tuple[bool, str | None]:
        """(whether the user exists, its owner)."""
        if conn is None:
            with self.reading() as own:
                return turns.user_owner(own, user_id=user_id)
        return turns.user_owner(conn, user_id=user_id)

    def check_user(
        self, user_id: str, owner: str | None, admin: bool, conn: Connection | None = None
    ) -> bool:
        """True if the user exists and ``owner`` may see it (admins see every user); False if it does not exist.
        Raises :class:`NotOwner` for a user of another owner."""
        if conn is None:
            with self.reading() as own:
                return turns.check_user(own, user_id=user_id, owner=owner, admin=admin)
        return turns.check_user(conn, user_id=user_id, owner=owner, admin=admin)

    def session_for(self, user_id: str, session_id: str, owner: str | None, admin: bool) -> dict | None:
        """The stored session row (owner, locale, turn count, decoded risk state) a turn of ``user_id`` by ``owner``
        continues, or None for a new one, in one read (see :func:`xinyu.memory.turns.session_for`)."""
        with self.reading() as conn:
            return turns.session_for(
                conn, user_id=user_id, session_id=session_id, owner=owner, admin=admin, sealer=self.sealer
            )

    def session_user(self, session_id: str) -> str | None:
        with self.reading() as conn:
            return turns.session_user(conn, session_id=session_id)

    def turn_user(self, turn_id: str) -> str | None:
        with self.reading() as conn:
            return turns.turn_user(conn, turn_id=turn_id)

    # -- health and heartbeats -------------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Migrate the schema unless done already; a database that fails marks :attr:`health` and raises
        :class:`StoreUnavailable`."""
        if self.schema_ready:
            return
        try:
            migrate(self.engine)
        except STORE_FAILURES as exc:
            failure = unavailable(exc)
            self.health.record(failure)
            raise failure from exc
        self.schema_ready = True

    def heartbeat(self, process: str | None = None) -> None:
        """Write this process's heartbeat (the key it seals with): the service's write probe, every few seconds.
        Marks :attr:`health`; migrates first where the database could not be reached before."""
        self.ensure_schema()
        self.keys.reload()
        with self.writing() as conn:
            rotation.write_heartbeat(conn, process=process or process_id(), key_id=self.keys.current_id)

    def forget_heartbeat(self, process: str | None = None) -> None:
        with contextlib.suppress(StoreUnavailable), self.writing() as conn:
            rotation.forget_heartbeat(conn, process=process or process_id())

    def live_services(self, within_s: float = 15.0) -> dict[str, str | None]:
        """Process id -> the key id it seals with, for the services that wrote a heartbeat lately."""
        with self.reading() as conn:
            return rotation.live_services(conn, within_s=within_s)

    # -- turns -----------------------------------------------------------------------------------------------
    def user_summary(self, user_id: str) -> dict | None:
        with self.reading() as conn:
            return turns.user_summary(conn, user_id=user_id, sealer=self.sealer)

    def record_turn(self, rec: TurnRecord) -> dict:
        """Write one turn (user, session, turn, analysis, risk event, summary) in one transaction; returns the
        user's updated summary. Raises :class:`NotOwner` when the user belongs to another owner (unless
        ``rec.admin``), :class:`StoreError` when the session belongs to another user."""
        sealed = turns.seal_turn(self.sealer, rec)
        with self.writing() as conn:
            return turns.record_turn(
                conn, record=rec, sealed=sealed, sealer=self.sealer, summary_window=self.summary_window
            )

    def session_view(self, session_id: str) -> dict | None:
        with self.reading() as conn:
            return turns.session_view(conn, session_id=session_id, sealer=self.sealer)

    def recent_turns(self, session_id: str, n: int = 6) -> list[tuple[str, str]]:
        """The last ``n`` (message, reply) pairs of a session, oldest first, decrypted."""
        with self.reading() as conn:
            return turns.recent_turns(conn, session_id=session_id, n=n, sealer=self.sealer)

    def audit(self, event: str, subject: str | None, data: dict) -> None:
        with self.writing() as conn:
            audit.write_audit(conn, event=event, subject=subject, data=data)

    def trajectory(self, user_id: str, limit: int = 500) -> dict | None:
        """Emotion and intensity over time across sessions, with deterioration flags."""
        with self.reading() as conn:
            return analytics.trajectory(conn, user_id=user_id, limit=limit)

    # -- feedback --------------------------------------------------------------------------------------------
    def add_feedback(
        self, turn_id: str, user_id: str | None, rating: int | None, thumb: str | None, comment: str | None
    ) -> int:
        with self.writing() as conn:
            return feedback.add_feedback(
                conn,
                turn_id=turn_id,
                user_id=user_id,
                rating=rating,
                thumb=thumb,
                comment=comment,
                sealer=self.sealer,
            )

    # -- deletion and retention ------------------------------------------------------------------------------
    def delete_user(self, user_id: str, audit_key: bytes = b"") -> dict[str, int] | None:
        """Every row of the user in every table; None if there was no such user. Audited without the id. The
        deleted values are overwritten in the database file and its WAL (see :meth:`scrub`)."""
        with self.writing() as conn:
            counts = retention.delete_user(conn, user_id=user_id, audit_key=audit_key)
        if counts is not None:
            self.scrub()
        return counts

    def scrub(self, attempts: int = 5) -> bool:
        """Leave no deleted value in any file (see :func:`xinyu.memory.retention.scrub`); what could not be done
        yet is left to :attr:`scrub_pending` (the service's health loop retries it). True when the WAL was
        truncated."""
        if retention.scrub(self.engine, busy_timeout_s=self.busy_timeout_s, attempts=attempts):
            self.scrub_pending = False
            return True
        self.scrub_pending = True
        log.warning("the WAL could not be truncated after a deletion yet (readers held it); retrying later")
        return False

    def count_user_rows(self, user_id: str) -> dict[str, int]:
        """Rows naming the user, per table (delete-my-data's check)."""
        with self.reading() as conn:
            return retention.count_user_rows(conn, user_id=user_id)

    def purge_older_than(self, seconds: float) -> int:
        """Retention: delete turns older than ``seconds`` (with their analyses, risk events and feedback);
        users, with everything of theirs, idle for as long; sessions left empty; escalations (open ones too)
        and their alerts not touched for as long. Returns the number of turns deleted."""
        cutoff = time.time() - seconds
        with self.writing() as conn:
            n, deleted = retention.purge_older_than(conn, cutoff=cutoff)
        if deleted:
            self.scrub()
        return n

    # -- keys ------------------------------------------------------------------------------------------------
    def reseal(self, batch: int = 500, progress: Callable[[int], None] | None = None) -> dict[str, int]:
        """Re-encrypt every value not sealed with the current key under it (see
        :func:`xinyu.memory.rotation.reseal`)."""
        return rotation.reseal(self.db, self.sealer, batch=batch, progress=progress)

    def keys_in_use(self) -> set[str]:
        """The ids of the keys some row is sealed with."""
        with self.reading() as conn:
            return rotation.keys_in_use(conn)

    def wait_for_services(
        self, key: str, wait_s: float = 30.0, every_s: float = 0.5
    ) -> dict[str, str | None]:
        """Wait until every live service seals with ``key``; returns those that still do not (empty: all do)."""
        return rotation.wait_for_services(self.db, key=key, wait_s=wait_s, every_s=every_s)

    def rotate_keys(
        self,
        batch: int = 500,
        wait_s: float = 30.0,
        settle_s: float | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> dict:
        """Add a key, re-seal every value under it, and drop the old keys once nothing needs them (see
        :mod:`xinyu.memory.rotation`; ``settle_s`` defaults to :attr:`settle_s`)."""
        return rotation.rotate_keys(
            self.db,
            self.sealer,
            batch=batch,
            wait_s=wait_s,
            settle_s=self.settle_s if settle_s is None else settle_s,
            progress=progress,
        )

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
        return rotation.drop_unused_keys(self.db, self.keys, min_age_s=min_age)

    # -- export and dashboard --------------------------------------------------------------------------------
    def export_turns(self, since: float = 0.0, limit: int = 10_000) -> list[dict]:
        with self.reading() as conn:
            return turns.export_turns(conn, since=since, limit=limit, sealer=self.sealer)

    def dashboard(self, days: int = 30) -> dict:
        with self.reading() as conn:
            return analytics.dashboard(conn, days=days)
