"""Escalation: what happens when a conversation reaches a risk level.

Per level, a list of actions (configurable, see :class:`xinyu.config.SafetySettings`):

``tag``         the turn is tagged with the level (always recorded)
``safe_reply``  the reply is replaced by a safe one with localized help lines
``alert``       a JSON alert is queued for the webhook; the outbox keeps it until a 2xx arrives, retrying with
                exponential backoff (capped), so an alert survives restarts and outages
``handoff``     a human-handoff queue entry, acknowledged and resolved by staff

Every escalation writes an audit record, and so does every change of a queue entry. State lives in one SQLite file
(``safety.db`` under the data directory), written in WAL mode.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from xinyu.safety.helplines import safe_reply
from xinyu.safety.levels import RiskLevel

ACTIONS = ("tag", "safe_reply", "alert", "handoff")
DEFAULT_POLICY: dict[str, list[str]] = {
    "none": [],
    "low": ["tag"],
    "moderate": ["tag", "safe_reply"],
    "high": ["tag", "safe_reply", "alert", "handoff"],
    "imminent": ["tag", "safe_reply", "alert", "handoff"],
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS escalations (
    id TEXT PRIMARY KEY, created REAL NOT NULL, user_id TEXT, session_id TEXT, turn_id TEXT,
    level TEXT NOT NULL, score REAL NOT NULL, actions TEXT NOT NULL, reasons TEXT NOT NULL,
    status TEXT NOT NULL, updated REAL NOT NULL, handled_by TEXT, note TEXT
);
CREATE TABLE IF NOT EXISTS alerts (
    id TEXT PRIMARY KEY, escalation_id TEXT NOT NULL, url TEXT NOT NULL, payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, next_attempt REAL NOT NULL, delivered REAL, last_error TEXT
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, event TEXT NOT NULL, subject TEXT, data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_due ON alerts (delivered, next_attempt);
CREATE INDEX IF NOT EXISTS escalations_status ON escalations (status, created);
"""


class PolicyError(ValueError):
    pass


def validate_policy(policy: dict[str, list[str]]) -> dict[str, list[str]]:
    out = {level: list(DEFAULT_POLICY[level]) for level in DEFAULT_POLICY}
    for level, actions in policy.items():
        RiskLevel.parse(level)
        bad = [a for a in actions if a not in ACTIONS]
        if bad:
            raise PolicyError(
                f"unknown escalation action(s) {bad} for level {level}; choose from {', '.join(ACTIONS)}"
            )
        out[level.lower()] = list(actions)
    return out


class EscalationStore:
    """The escalation queue, the alert outbox and the audit log, in one SQLite file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def _audit(self, event: str, subject: str | None, data: dict) -> None:
        self._db.execute(
            "INSERT INTO audit (at, event, subject, data) VALUES (?, ?, ?, ?)",
            (time.time(), event, subject, json.dumps(data, ensure_ascii=False)),
        )

    def add(self, record: dict, alert_url: str | None, alert_payload: dict | None) -> None:
        now = time.time()
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute(
                "INSERT INTO escalations VALUES (:id, :created, :user_id, :session_id, :turn_id, :level, :score,"
                " :actions, :reasons, :status, :created, NULL, NULL)",
                {
                    **record,
                    "created": now,
                    "actions": json.dumps(record["actions"]),
                    "reasons": json.dumps(record["reasons"], ensure_ascii=False),
                },
            )
            if alert_url and alert_payload is not None:
                self._db.execute(
                    "INSERT INTO alerts (id, escalation_id, url, payload, next_attempt) VALUES (?, ?, ?, ?, ?)",
                    (
                        uuid.uuid4().hex,
                        record["id"],
                        alert_url,
                        json.dumps(alert_payload, ensure_ascii=False),
                        now,
                    ),
                )
            self._audit(
                "escalation", record["id"], {k: record[k] for k in ("level", "score", "actions", "user_id")}
            )
            self._db.execute("COMMIT")

    def queue(self, status: str | None = "open") -> list[dict]:
        sql = "SELECT * FROM escalations WHERE actions LIKE '%handoff%'"
        args: tuple = ()
        if status:
            sql += " AND status = ?"
            args = (status,)
        rows = self._db.execute(sql + " ORDER BY created", args).fetchall()
        return [_row(r) for r in rows]

    def get(self, escalation_id: str) -> dict | None:
        r = self._db.execute("SELECT * FROM escalations WHERE id = ?", (escalation_id,)).fetchone()
        return _row(r) if r else None

    def transition(self, escalation_id: str, status: str, who: str, note: str | None = None) -> dict:
        allowed = {"acknowledged": {"open"}, "resolved": {"open", "acknowledged"}}
        if status not in allowed:
            raise PolicyError(f"unknown status {status!r}; use acknowledged or resolved")
        with self._lock:
            current = self.get(escalation_id)
            if current is None:
                raise KeyError(escalation_id)
            if current["status"] not in allowed[status]:
                raise PolicyError(
                    f"escalation {escalation_id} is {current['status']}; cannot mark it {status}"
                )
            self._db.execute("BEGIN")
            self._db.execute(
                "UPDATE escalations SET status = ?, updated = ?, handled_by = ?, note = ? WHERE id = ?",
                (status, time.time(), who, note, escalation_id),
            )
            self._audit(status, escalation_id, {"by": who, "note": note})
            self._db.execute("COMMIT")
        return self.get(escalation_id) or {}

    def due_alerts(self, now: float | None = None, limit: int = 50) -> list[dict]:
        rows = self._db.execute(
            "SELECT * FROM alerts WHERE delivered IS NULL AND next_attempt <= ? ORDER BY next_attempt LIMIT ?",
            (now if now is not None else time.time(), limit),
        ).fetchall()
        return [dict(r) for r in rows]

    def pending_alerts(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM alerts WHERE delivered IS NULL").fetchone()[0])

    def alert_result(self, alert_id: str, ok: bool, error: str | None, next_attempt: float) -> None:
        with self._lock:
            if ok:
                self._db.execute(
                    "UPDATE alerts SET delivered = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
                    (time.time(), alert_id),
                )
                self._audit("alert_delivered", alert_id, {})
            else:
                self._db.execute(
                    "UPDATE alerts SET attempts = attempts + 1, next_attempt = ?, last_error = ? WHERE id = ?",
                    (next_attempt, error, alert_id),
                )
                self._audit("alert_failed", alert_id, {"error": error})

    def audit_log(self, limit: int = 100) -> list[dict]:
        rows = self._db.execute("SELECT * FROM audit ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [{**dict(r), "data": json.loads(r["data"])} for r in rows]


def _row(r: sqlite3.Row) -> dict:
    d = dict(r)
    d["actions"] = json.loads(d["actions"])
    d["reasons"] = json.loads(d["reasons"])
    return d


@dataclass
class Escalation:
    id: str | None
    level: RiskLevel
    actions: list[str]
    tags: list[str] = field(default_factory=list)
    reply: str | None = None  # the safe reply, when the policy calls for one

    def to_dict(self) -> dict:
        return {"id": self.id, "level": self.level.name, "actions": self.actions, "tags": self.tags}


class Escalator:
    """Applies the policy to an assessment and records what it did."""

    def __init__(
        self,
        store: EscalationStore,
        policy: dict[str, list[str]] | None = None,
        webhook_url: str | None = None,
        helplines: dict[str, list[str]] | None = None,
    ) -> None:
        self.store = store
        self.policy = validate_policy(policy or {})
        self.webhook_url = webhook_url
        self.helplines = helplines

    def handle(
        self,
        assessment,
        user_id: str | None = None,
        session_id: str | None = None,
        turn_id: str | None = None,
        locale: str | None = None,
    ) -> Escalation:
        level = assessment.level
        actions = [a for a in self.policy[level.name] if a != "alert" or self.webhook_url]
        if not actions:
            return Escalation(None, level, [])
        eid = uuid.uuid4().hex
        reply = safe_reply(locale, assessment.language, self.helplines) if "safe_reply" in actions else None
        # the audit and the alert carry cue kinds and figures, never the user's words
        reasons = [
            {k: v for k, v in r.items() if k not in {"text", "start", "end"}}
            for r in assessment.reasons
            if not r.get("suppressed")
        ]
        record = {
            "id": eid,
            "user_id": user_id,
            "session_id": session_id,
            "turn_id": turn_id,
            "level": level.name,
            "score": assessment.score,
            "actions": actions,
            "reasons": reasons,
            "status": "open" if "handoff" in actions else "closed",
        }
        payload = None
        if "alert" in actions:
            payload = {k: record[k] for k in ("id", "user_id", "session_id", "turn_id", "level", "score")}
            payload["type"] = "xinyu.risk_escalation"
        self.store.add(record, self.webhook_url, payload)
        return Escalation(eid, level, actions, [f"risk:{level.name}"], reply)


class AlertDispatcher:
    """Delivers queued alerts; failures are retried with exponential backoff (base * 2^attempts, capped)."""

    def __init__(
        self,
        store: EscalationStore,
        post: Callable[[str, dict], int] | None = None,
        base_delay_s: float = 2.0,
        max_delay_s: float = 600.0,
        timeout_s: float = 5.0,
    ) -> None:
        self.store = store
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self.timeout_s = timeout_s
        self._post = post or self._http_post

    def _http_post(self, url: str, payload: dict) -> int:
        import httpx

        return httpx.post(url, json=payload, timeout=self.timeout_s).status_code

    def deliver_due(self, now: float | None = None) -> tuple[int, int]:
        """(delivered, failed) for the alerts due now."""
        ok = failed = 0
        for alert in self.store.due_alerts(now):
            try:
                status = self._post(alert["url"], json.loads(alert["payload"]))
                error = None if 200 <= status < 300 else f"HTTP {status}"
            except Exception as exc:  # noqa: BLE001 - any transport failure is retried later
                error = f"{type(exc).__name__}: {exc}"
            delay = min(self.max_delay_s, self.base_delay_s * 2 ** alert["attempts"])
            self.store.alert_result(alert["id"], error is None, error, time.time() + delay)
            if error is None:
                ok += 1
            else:
                failed += 1
        return ok, failed
