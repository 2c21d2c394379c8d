"""The audit log: the one writer of ``audit`` rows, and its reader.

Every row is ``at`` (when), ``event``, ``subject`` (the escalation, alert, turn or key it is about; None for
events about no one row) and ``data``, a JSON object encoded one way (UTF-8 text as it is, ``ensure_ascii=False``).
Data never holds what a person wrote; a deleted user appears only as a keyed digest. The events and the keys of
their data:

====================  ============  ==============================================================================
event                 subject       data
====================  ============  ==============================================================================
``escalation``        escalation    ``level``, ``score``, ``actions``
``journal_replayed``  escalation    ``alert_delivered``
``acknowledged``      escalation    ``by``, ``note``
``resolved``          escalation    ``by``, ``note``
``alert_delivered``   alert         (nothing)
``alert_failed``      alert         ``error``
``reply_blocked``     turn          ``categories``, ``engine``
``user_deleted``      (none)        ``user`` (a digest), then rows deleted per table
``retention``         (none)        ``turns``, ``users``, ``escalations``, ``open``, then ``rows.<table>``
``keys_rotated``      new key id    rows re-sealed per table, ``unreadable``, ``dropped``, ``behind``
====================  ============  ==============================================================================
"""

from __future__ import annotations

import json
import time

from sqlalchemy import Connection, insert, select

from xinyu.memory.database import Prepared
from xinyu.memory.db import Audit

#: the events and the keys their data always holds (see the table above)
EVENTS: dict[str, tuple[str, ...]] = {
    "escalation": ("level", "score", "actions"),
    "journal_replayed": ("alert_delivered",),
    "acknowledged": ("by", "note"),
    "resolved": ("by", "note"),
    "alert_delivered": (),
    "alert_failed": ("error",),
    "reply_blocked": ("categories", "engine"),
    "user_deleted": ("user",),
    "retention": ("turns", "users", "escalations", "open"),
    "keys_rotated": ("unreadable", "dropped", "behind"),
}

# built once, executed with a parameter dict (an escalation's audit row is on the turn's hot path)
_INSERT = Prepared(insert(Audit.__table__))


def encode(data: dict) -> str:
    """The stored form of an event's data."""
    return json.dumps(data, ensure_ascii=False)


def write_audit(conn: Connection, *, event: str, subject: str | None, data: dict) -> None:
    """Add one row to the audit log, in the caller's transaction."""
    _INSERT.rows(conn, {"at": time.time(), "event": event, "subject": subject, "data": encode(data)})


def audit_log(conn: Connection, *, limit: int = 100) -> list[dict]:
    """The newest ``limit`` rows, newest first, their data decoded."""
    rows = conn.execute(select(Audit).order_by(Audit.id.desc()).limit(limit)).mappings()
    return [{**dict(r), "data": json.loads(r["data"])} for r in rows]
