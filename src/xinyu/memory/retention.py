"""Deleting a user (delete-my-data), retention, and leaving nothing deleted behind in any file.

Every row naming a user is deleted in every table (:data:`~xinyu.memory.db.USER_TABLES`), with the user's
escalations, their alerts and the audit rows that name them; the deletion itself is audited without the user's
id. SQLite runs with ``secure_delete``, and :func:`scrub` checkpoints and truncates the WAL after each deletion.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

from sqlalchemy import Connection, Engine, delete, func, select

from xinyu.memory.audit import write_audit
from xinyu.memory.database import STORE_FAILURES
from xinyu.memory.db import (
    USER_TABLES,
    Alert,
    Analysis,
    Audit,
    ChatSession,
    Escalation,
    Feedback,
    RiskEvent,
    Turn,
    User,
)

log = logging.getLogger(__name__)

_TABLES = {t.__tablename__: t for t in (Feedback, RiskEvent, Analysis, Turn, ChatSession, Escalation, User)}


def delete_user(conn: Connection, *, user_id: str, audit_key: bytes = b"") -> dict[str, int] | None:
    """Delete every row of the user in every table, in the caller's write transaction; rows deleted per table,
    or None if there was no such user (nor escalation of it). Audited as a digest keyed with ``audit_key``."""
    exists = conn.execute(select(User.id).where(User.id == user_id)).first() is not None
    esc_ids = [r[0] for r in conn.execute(select(Escalation.id).where(Escalation.user_id == user_id))]
    if not exists and not esc_ids:
        return None
    counts = _delete_users(conn, [user_id], esc_ids)
    digest = hmac.new(audit_key or b"xinyu", user_id.encode(), hashlib.sha256).hexdigest()[:16]
    write_audit(conn, event="user_deleted", subject=None, data={"user": digest, **counts})
    return counts


def _delete_users(conn: Connection, user_ids: list[str], esc_ids: list[str]) -> dict[str, int]:
    """Delete the users' rows in every table, and the escalations ``esc_ids`` with their alerts and the audit
    rows that name them."""
    counts: dict[str, int] = {}
    if esc_ids:
        alert_ids = [r[0] for r in conn.execute(select(Alert.id).where(Alert.escalation_id.in_(esc_ids)))]
        counts["alerts"] = conn.execute(delete(Alert).where(Alert.escalation_id.in_(esc_ids))).rowcount
        counts["audit"] = conn.execute(delete(Audit).where(Audit.subject.in_(esc_ids + alert_ids))).rowcount
        counts["escalations"] = conn.execute(delete(Escalation).where(Escalation.id.in_(esc_ids))).rowcount
    for name, column in USER_TABLES.items():
        table = _TABLES[name]
        n = (
            conn.execute(delete(table).where(getattr(table, column).in_(user_ids))).rowcount
            if user_ids
            else 0
        )
        counts[name] = counts.get(name, 0) + n
    return counts


def count_user_rows(conn: Connection, *, user_id: str) -> dict[str, int]:
    """Rows naming the user, per table (delete-my-data's check)."""
    return {
        name: int(
            conn.execute(
                select(func.count()).select_from(_TABLES[name]).where(getattr(_TABLES[name], col) == user_id)
            ).scalar()
            or 0
        )
        for name, col in USER_TABLES.items()
    }


def purge_older_than(conn: Connection, *, cutoff: float) -> tuple[int, bool]:
    """Retention, in the caller's write transaction: delete turns created before ``cutoff`` (with their
    analyses, risk events and feedback); users, with everything of theirs, idle since then; sessions left empty;
    escalations (open ones too) and their alerts not touched since then. Returns (turns deleted, whether anything
    was deleted)."""
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
    counts = _delete_users(conn, idle, esc_ids) if idle or esc_ids else {}
    if open_ids:
        log.warning("retention deleted %d open escalations untouched for the whole period", len(open_ids))
    deleted = bool(n or idle or esc_ids)
    if deleted:
        data = {"turns": n, "users": len(idle), "escalations": len(esc_ids), "open": len(open_ids)}
        data.update({f"rows.{k}": v for k, v in counts.items() if v})
        write_audit(conn, event="retention", subject=None, data=data)
    return n, deleted


def scrub(engine: Engine, *, busy_timeout_s: float, attempts: int = 5) -> bool:
    """Leave no deleted value in any file: with ``secure_delete`` the database file's pages were zeroed as rows
    went; this copies the WAL back into it and truncates the WAL to nothing (old page images in the WAL still hold
    what was deleted). A checkpoint needs a moment without readers; it is tried ``attempts`` times, never holding
    up writers. True when the WAL was truncated. A no-op for server databases, whose own storage (WAL archives,
    VACUUM) is the operator's to manage."""
    if engine.dialect.name != "sqlite":
        return True
    for _ in range(attempts):
        raw = engine.raw_connection()
        try:
            driver = raw.driver_connection
            # a pending checkpoint holds up new writers: wait for readers a moment only
            driver.execute("PRAGMA busy_timeout=100")
            busy = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            driver.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
            raw.info.pop("busy_ms", None)  # the next write sets its own
        except STORE_FAILURES as exc:
            log.warning("WAL checkpoint after a deletion failed: %s", type(exc).__name__)
            busy = (1,)
        finally:
            raw.close()
        if busy is None or not busy[0]:
            return True
        time.sleep(0.05)
    return False
