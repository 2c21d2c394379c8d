"""Heartbeats and keys: which service processes are alive and which key each seals with, which keys rows are
sealed with, and key rotation (re-sealing every value under the new key, dropping old keys once nothing needs them).

A running service follows the key file and seals with a new key within a second (its heartbeat says which key it
uses). Old keys leave the ring only when every live service has moved to the new key, turns it had sealed with the
old one before that have committed (``settle_s``) and been re-sealed, and no row names them; otherwise they stay,
retired, for ``xinyu keys prune``.
"""

from __future__ import annotations

import functools
import logging
import os
import socket
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, delete, select, union, update

from xinyu.memory.audit import write_audit
from xinyu.memory.crypto import KeyRing, KeyRingError, Sealer
from xinyu.memory.database import Database, claim
from xinyu.memory.db import Analysis, ChatSession, Feedback, Heartbeat, Turn, User

log = logging.getLogger(__name__)

#: the sealed columns: table, its key column, and (column, associated data) per sealed value
SEALED = [
    (Turn, "id", [("message_enc", "turns.message"), ("reply_enc", "turns.reply")]),
    (Analysis, "turn_id", [("core_words_enc", "analyses.core"), ("risk_enc", "analyses.risk")]),
    (User, "id", [("summary_enc", "users.summary")]),
    (ChatSession, "id", [("state_enc", "sessions.state")]),
    (Feedback, "id", [("comment_enc", "feedback.comment")]),
]


def process_id() -> str:
    """This process, as a heartbeat names it."""
    return f"{socket.gethostname()}:{os.getpid()}"[:128]


# -- heartbeats ------------------------------------------------------------------------------------------------
@functools.cache
def _claim_heartbeat(dialect: str) -> Any:
    return claim(
        dialect, Heartbeat.__table__, ["id", "at", "key_id"], [Heartbeat.id], refresh=("at", "key_id")
    )


def write_heartbeat(conn: Connection, *, process: str, key_id: str) -> None:
    """The process is alive now and seals with ``key_id``."""
    conn.execute(_claim_heartbeat(conn.dialect.name), {"id": process, "at": time.time(), "key_id": key_id})


def forget_heartbeat(conn: Connection, *, process: str) -> None:
    conn.execute(delete(Heartbeat).where(Heartbeat.id == process))


def live_services(conn: Connection, *, within_s: float = 15.0) -> dict[str, str | None]:
    """Process id -> the key id it seals with, for the services that wrote a heartbeat within ``within_s``."""
    rows = conn.execute(
        select(Heartbeat.id, Heartbeat.key_id).where(Heartbeat.at >= time.time() - within_s)
    ).all()
    return {r[0]: r[1] for r in rows}


# -- keys ------------------------------------------------------------------------------------------------------
def keys_in_use(conn: Connection) -> set[str]:
    """The ids of the keys some row is sealed with."""
    q = union(*[select(t.key_id.label("k")).where(t.key_id.is_not(None)).distinct() for t, _, _ in SEALED])
    return {r[0] for r in conn.execute(q)}


def reseal(
    db: Database, sealer: Sealer, *, batch: int = 500, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Re-encrypt every value not sealed with the current key under it, ``batch`` rows a transaction; returns
    rows per table, and under ``unreadable`` the rows no key in the ring opens (left as they are, and logged:
    restore the key that sealed them, then run this again)."""
    counts: dict[str, int] = {"unreadable": 0}
    for table, pk, cols in SEALED:
        n = 0
        after = None  # rows are walked in key order, so that a row left as it is is not read again
        key = getattr(table, pk)
        while True:
            # the key rows are sealed with and named by: one per batch (another process may rotate meanwhile;
            # reading a row it sealed reloads the ring, and the next batch then moves to its key)
            new = sealer.key()
            with db.writing() as conn:
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
                            plain = sealer.open(row[1], row[2 + i], aad)
                            values[col] = None if plain is None else sealer.seal(plain, aad, new)[1]
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


def wait_for_services(
    db: Database, *, key: str, wait_s: float = 30.0, every_s: float = 0.5
) -> dict[str, str | None]:
    """Wait until every live service seals with ``key``; returns those that still do not (empty: all do)."""
    end = time.monotonic() + wait_s
    while True:
        with db.reading() as conn:
            live = live_services(conn)
        behind = {p: k for p, k in live.items() if k != key}
        if not behind or time.monotonic() >= end:
            return behind
        time.sleep(every_s)


def drop_unused_keys(db: Database, keys: KeyRing, *, min_age_s: float) -> list[str]:
    """Remove from the ring the retired keys no row is sealed with, retired at least ``min_age_s`` ago; returns
    their ids."""
    with db.reading() as conn:
        used = keys_in_use(conn)
    retired = keys.retired
    now = time.time()
    unused = {
        k
        for k in keys.ids
        if k != keys.current_id and k not in used and now - retired.get(k, now) >= min_age_s
    }
    return keys.drop(unused)


def rotate_keys(
    db: Database,
    sealer: Sealer,
    *,
    batch: int = 500,
    wait_s: float = 30.0,
    settle_s: float,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Add a key, re-seal every value under it, and drop the old keys once nothing needs them (see the module's
    docstring); audited as ``keys_rotated``."""
    keys = sealer.keys
    new = keys.rotate()
    counts = reseal(db, sealer, batch=batch, progress=progress)
    behind = wait_for_services(db, key=new, wait_s=wait_s)
    dropped: list[str] = []
    if not behind:
        with db.reading() as conn:
            live = live_services(conn)
        if live:
            time.sleep(settle_s)
        for table, n in reseal(db, sealer, batch=batch, progress=progress).items():
            counts[table] += n
        dropped = drop_unused_keys(db, keys, min_age_s=0.0)
    with db.writing() as conn:
        write_audit(
            conn,
            event="keys_rotated",
            subject=new,
            data={**counts, "dropped": dropped, "behind": sorted(behind)},
        )
    return {
        "key_id": new,
        # another rotation at the same time may have superseded (and dropped) ``new``: what seals now
        "current": keys.current_id,
        "reencrypted": counts,
        "dropped": dropped,
        "kept": [k for k in keys.ids if k != keys.current_id],
        "services_behind": behind,
    }
