"""The escalation queue and the alert outbox: the SQL of ``escalations`` and ``alerts``, each change audited.

What an escalation is and when one is made is :mod:`xinyu.safety.escalation`'s to say; this module stores it.
Every function runs in the caller's transaction (``conn``); an escalation's reasons carry cue kinds and figures,
never the person's words.
"""

from __future__ import annotations

import json
import time
import uuid

from sqlalchemy import Connection, bindparam, func, insert, select, update

from xinyu.memory.audit import write_audit
from xinyu.memory.database import Prepared
from xinyu.memory.db import Alert, Escalation

# built once, executed with parameter dicts (the turn's hot path)
_INSERT_ESCALATION = Prepared(insert(Escalation.__table__))
_INSERT_ALERT = Prepared(insert(Alert.__table__))
_ESCALATION_ID = Prepared(select(Escalation.id).where(Escalation.id == bindparam("eid")))


def escalation_exists(conn: Connection, *, escalation_id: str) -> bool:
    return _ESCALATION_ID.first(conn, {"eid": escalation_id}) is not None


def record_escalation(
    conn: Connection,
    *,
    escalation_id: str,
    user_id: str | None,
    session_id: str | None,
    turn_id: str | None,
    level: str,
    score: float,
    actions: list[str],
    reasons: list[dict],
    status: str,
    alert_url: str | None = None,
    alert_payload: dict | None = None,
    alert_id: str | None = None,
    delivered: float | None = None,
) -> bool:
    """Write an escalation, its alert (when ``alert_url`` and ``alert_payload`` are given; already sent when
    ``delivered`` says when) and its audit row; False, writing nothing, when its id is there already (from the
    crisis journal, for a turn answered as overdue): never twice."""
    if escalation_exists(conn, escalation_id=escalation_id):
        return False
    now = time.time()
    _INSERT_ESCALATION.rows(
        conn,
        {
            "id": escalation_id,
            "created": now,
            "user_id": user_id,
            "session_id": session_id,
            "turn_id": turn_id,
            "level": level,
            "score": score,
            "actions": json.dumps(actions),
            "reasons": json.dumps(reasons, ensure_ascii=False),
            "status": status,
            "updated": now,
        },
    )
    if alert_url and alert_payload is not None:
        _INSERT_ALERT.rows(
            conn,
            {
                "id": alert_id or uuid.uuid4().hex,
                "escalation_id": escalation_id,
                "url": alert_url,
                "payload": json.dumps(alert_payload, ensure_ascii=False),
                "attempts": 1 if delivered else 0,
                "next_attempt": now,
                "delivered": delivered,
            },
        )
    write_audit(
        conn,
        event="escalation",
        subject=escalation_id,
        data={"level": level, "score": score, "actions": actions},
    )
    return True


def mark_alerts_delivered(conn: Connection, *, escalation_id: str, delivered: float) -> None:
    """The escalation's alerts not yet sent were sent at ``delivered`` (by the crisis journal)."""
    conn.execute(
        update(Alert)
        .where(Alert.escalation_id == escalation_id, Alert.delivered.is_(None))
        .values(delivered=delivered)
    )


def handoff_queue(conn: Connection, *, status: str | None) -> list[dict]:
    """The escalations that call for a handoff, oldest first; only those in ``status`` unless it is None."""
    q = select(Escalation).where(Escalation.actions.like("%handoff%"))
    if status:
        q = q.where(Escalation.status == status)
    return [_decoded(r) for r in conn.execute(q.order_by(Escalation.created)).mappings()]


def get_escalation(conn: Connection, *, escalation_id: str) -> dict | None:
    r = conn.execute(select(Escalation).where(Escalation.id == escalation_id)).mappings().first()
    return _decoded(r) if r else None


def escalation_status(conn: Connection, *, escalation_id: str, lock: bool = False) -> str | None:
    """The escalation's status (None when there is no such escalation), its row locked for the rest of the
    transaction with ``lock``."""
    q = select(Escalation.status).where(Escalation.id == escalation_id)
    return conn.execute(q.with_for_update() if lock else q).scalar()


def set_escalation_status(
    conn: Connection, *, escalation_id: str, status: str, by: str, note: str | None
) -> None:
    """A queue entry changes status (acknowledged, resolved): who did it and their note, audited."""
    conn.execute(
        update(Escalation)
        .where(Escalation.id == escalation_id)
        .values(status=status, updated=time.time(), handled_by=by, note=note)
    )
    write_audit(conn, event=status, subject=escalation_id, data={"by": by, "note": note})


def due_alerts(conn: Connection, *, now: float, limit: int = 50) -> list[dict]:
    """The alerts not yet delivered whose next attempt is due at ``now``, the most overdue first."""
    q = (
        select(Alert)
        .where(Alert.delivered.is_(None), Alert.next_attempt <= now)
        .order_by(Alert.next_attempt)
        .limit(limit)
    )
    return [dict(r) for r in conn.execute(q).mappings()]


def pending_alerts(conn: Connection) -> int:
    """How many alerts are not yet delivered."""
    q = select(func.count()).select_from(Alert).where(Alert.delivered.is_(None))
    return int(conn.execute(q).scalar() or 0)


def record_alert_result(
    conn: Connection, *, alert_id: str, ok: bool, error: str | None, next_attempt: float
) -> None:
    """An attempt to send an alert: delivered now, or failed with ``error`` and tried again at ``next_attempt``;
    audited."""
    if ok:
        conn.execute(
            update(Alert)
            .where(Alert.id == alert_id)
            .values(delivered=time.time(), attempts=Alert.attempts + 1, last_error=None)
        )
        write_audit(conn, event="alert_delivered", subject=alert_id, data={})
    else:
        conn.execute(
            update(Alert)
            .where(Alert.id == alert_id)
            .values(attempts=Alert.attempts + 1, next_attempt=next_attempt, last_error=error)
        )
        write_audit(conn, event="alert_failed", subject=alert_id, data={"error": error})


def _decoded(r) -> dict:
    d = dict(r)
    d["actions"] = json.loads(d["actions"])
    d["reasons"] = json.loads(d["reasons"])
    return d
