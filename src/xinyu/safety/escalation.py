"""Escalation: what happens when a conversation reaches a risk level.

Per level, a list of actions (configurable, see :class:`xinyu.config.SafetySettings`):

``tag``         the turn is tagged with the level (always recorded)
``helplines``   localized help lines are added under the reply (at most once every few turns of a session)
``safe_reply``  the reply is replaced by a safe one with localized help lines
``alert``       a JSON alert is queued for the webhook; the outbox keeps it until a 2xx arrives, retrying with
                exponential backoff (capped), so an alert survives restarts and outages
``handoff``     a human-handoff queue entry, acknowledged and resolved by staff

Every escalation writes an audit record, and so does every change of a queue entry. State lives in the emotion
memory's database (:mod:`xinyu.memory`), SQLite in WAL mode by default.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine

from xinyu.levels import RiskLevel, higher_level
from xinyu.memory import escalations as rows
from xinyu.memory.audit import audit_log, write_audit
from xinyu.memory.database import STORE_FAILURES, Database, StoreUnavailable, WouldWait, migrate, unavailable
from xinyu.safety.helplines import safe_reply
from xinyu.safety.journal import CrisisJournal

log = logging.getLogger(__name__)

ACTIONS = ("tag", "helplines", "safe_reply", "alert", "handoff")
DEFERRABLE = frozenset(
    {"tag", "helplines"}
)  # actions that may be recorded with the turn rather than before it
DEFAULT_POLICY: dict[str, list[str]] = {
    "none": [],
    "low": ["tag"],
    "moderate": ["tag", "helplines"],
    "high": ["tag", "safe_reply", "alert", "handoff"],
    "imminent": ["tag", "safe_reply", "alert", "handoff"],
}


#: the statuses a queue entry may move to, and from which
_ALLOWED: dict[str, frozenset[str]] = {
    "acknowledged": frozenset({"open"}),
    "resolved": frozenset({"open", "acknowledged"}),
}


class PolicyError(ValueError):
    pass


def group_by_session(items: list[dict]) -> list[dict]:
    """Queue entries as staff work them: one per session, with the turns that escalated in it. A person in crisis
    who keeps talking escalates on every turn; staff answer the person, not each turn. Nothing is dropped: every
    escalation is in its session's ``turns``, and a session is ``open`` while any of its escalations is. An
    escalation without a session is a group of its own. The most urgent first (level, then the oldest)."""
    groups: dict[str, dict] = {}
    for item in sorted(items, key=lambda e: e["created"]):
        key = item.get("session_id") or f"escalation:{item['id']}"
        group = groups.setdefault(
            key,
            {
                "session_id": item.get("session_id"),
                "user_id": item.get("user_id"),
                "level": item["level"],
                "first": item["created"],
                "turns": [],
            },
        )
        group["level"] = higher_level(group["level"], item["level"])
        group["last"] = item["created"]
        group["turns"].append(
            {k: item.get(k) for k in ("id", "turn_id", "created", "level", "score", "status", "handled_by")}
        )
    out = list(groups.values())
    for group in out:
        statuses = {t["status"] for t in group["turns"]}
        group["status"] = next(s for s in ("open", "acknowledged", "resolved", "closed") if s in statuses)
        group["ids"] = [t["id"] for t in group["turns"]]
    return sorted(out, key=lambda g: (-RiskLevel.parse(g["level"]), g["first"]))


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
    """The escalation queue, the alert outbox and the audit log: tables of the emotion memory's database, written
    and read through :mod:`xinyu.memory.escalations` and :mod:`xinyu.memory.audit`.

    Takes a :class:`~xinyu.memory.database.Database` or an engine (the service shares the memory's), a database
    URL or a SQLite file path.
    """

    def __init__(self, where: Database | Engine | Path | str) -> None:
        self._owns = not isinstance(where, (Database, Engine))
        self.db = Database.of(where)
        self.engine = self.db.engine
        if self._owns:
            migrate(self.engine)

    def close(self) -> None:
        if self._owns:
            self.engine.dispose()

    def add(
        self,
        record: dict,
        alert_url: str | None,
        alert_payload: dict | None,
        conn: Connection | None = None,
        alert_id: str | None = None,
        delivered: float | None = None,
    ) -> None:
        """Write an escalation (with its alert and audit rows) in its own transaction, or in ``conn``'s when
        given (the caller then holds the write lock). An escalation already there is not written again."""
        if conn is None:
            with self.db.writing() as own:
                self.add(record, alert_url, alert_payload, own, alert_id, delivered)
            return
        rows.record_escalation(
            conn,
            escalation_id=record["id"],
            user_id=record.get("user_id"),
            session_id=record.get("session_id"),
            turn_id=record.get("turn_id"),
            level=record["level"],
            score=record["score"],
            actions=record["actions"],
            reasons=record["reasons"],
            status=record["status"],
            alert_url=alert_url,
            alert_payload=alert_payload,
            alert_id=alert_id,
            delivered=delivered,
        )

    def restore(
        self,
        record: dict,
        alert_url: str | None,
        alert_payload: dict | None,
        alert_id: str | None = None,
        delivered: float | None = None,
    ) -> bool:
        """Add an escalation from the crisis journal unless its id is already here; True when added."""
        with self.db.writing() as conn:
            if rows.escalation_exists(conn, escalation_id=record["id"]):
                if delivered:  # the journal sent its alert: the outbox must not send it again
                    rows.mark_alerts_delivered(conn, escalation_id=record["id"], delivered=delivered)
                return False
            self.add(record, alert_url, alert_payload, conn, alert_id, delivered)
            write_audit(
                conn,
                event="journal_replayed",
                subject=record["id"],
                data={"alert_delivered": bool(delivered)},
            )
        return True

    def queue(self, status: str | None = "open") -> list[dict]:
        with self.db.reading() as conn:
            return rows.handoff_queue(conn, status=status)

    def by_session(self) -> list[dict]:
        """The handoff queue (open and acknowledged) as staff work it: one entry per session, see
        :func:`group_by_session`."""
        return group_by_session(self.queue("open") + self.queue("acknowledged"))

    def transition_many(self, ids: list[str], status: str, who: str, note: str | None = None) -> dict:
        """Mark the escalations ``ids`` (those of one session, as staff saw them) ``status`` in one transaction.
        Those already there or past it are left as they are; an escalation not in ``ids`` (a turn that came in
        after staff looked) is never touched, so it stays in the queue. Raises ``KeyError`` for an unknown id."""
        allowed = _ALLOWED.get(status)
        if allowed is None:
            raise PolicyError(f"unknown status {status!r}; use acknowledged or resolved")
        changed: list[str] = []
        with self.db.writing() as conn:
            for eid in dict.fromkeys(ids):
                current = rows.escalation_status(conn, escalation_id=eid, lock=True)
                if current is None:
                    raise KeyError(eid)
                if current in allowed:
                    rows.set_escalation_status(conn, escalation_id=eid, status=status, by=who, note=note)
                    changed.append(eid)
        return {"changed": changed, "unchanged": [i for i in dict.fromkeys(ids) if i not in changed]}

    def get(self, escalation_id: str) -> dict | None:
        with self.db.reading() as conn:
            return rows.get_escalation(conn, escalation_id=escalation_id)

    def transition(self, escalation_id: str, status: str, who: str, note: str | None = None) -> dict:
        if status not in _ALLOWED:
            raise PolicyError(f"unknown status {status!r}; use acknowledged or resolved")
        with self.db.writing() as conn:
            current = rows.escalation_status(conn, escalation_id=escalation_id, lock=True)
            if current is None:
                raise KeyError(escalation_id)
            if current not in _ALLOWED[status]:
                raise PolicyError(f"escalation {escalation_id} is {current}; cannot mark it {status}")
            rows.set_escalation_status(conn, escalation_id=escalation_id, status=status, by=who, note=note)
        return self.get(escalation_id) or {}

    def due_alerts(self, now: float | None = None, limit: int = 50) -> list[dict]:
        with self.db.reading() as conn:
            return rows.due_alerts(conn, now=now if now is not None else time.time(), limit=limit)

    def pending_alerts(self) -> int:
        with self.db.reading() as conn:
            return rows.pending_alerts(conn)

    def alert_result(self, alert_id: str, ok: bool, error: str | None, next_attempt: float) -> None:
        with self.db.writing() as conn:
            rows.record_alert_result(conn, alert_id=alert_id, ok=ok, error=error, next_attempt=next_attempt)

    def audit_log(self, limit: int = 100) -> list[dict]:
        with self.db.reading() as conn:
            return audit_log(conn, limit=limit)


@dataclass
class Escalation:
    id: str | None
    level: RiskLevel
    actions: list[str]
    tags: list[str] = field(default_factory=list)
    reply: str | None = None  # the safe reply, when the policy calls for one
    # set when the caller asked to defer a record with nothing urgent in it: writes it in the caller's transaction
    pending: Callable[[Connection], None] | None = None
    # what was (or is to be) written, for the crisis journal when the database does not take it
    record: dict | None = None
    alert_payload: dict | None = None
    journaled: bool = False  # the database failed and the escalation went to the crisis journal
    failure: StoreUnavailable | None = None  # why the database did not take it

    def to_dict(self) -> dict:
        out = {"id": self.id, "level": self.level.name, "actions": self.actions, "tags": self.tags}
        if self.journaled:
            out["journaled"] = True
        return out


class Escalator:
    """Applies the policy to an assessment and records what it did."""

    def __init__(
        self,
        store: EscalationStore,
        policy: dict[str, list[str]] | None = None,
        webhook_url: str | None = None,
        helplines: dict[str, list[str]] | None = None,
        journal: CrisisJournal | None = None,
    ) -> None:
        self.store = store
        self.policy = validate_policy(policy or {})
        self.webhook_url = webhook_url
        self.helplines = helplines
        self.journal = journal

    def journal_pending(self, escalation: Escalation) -> bool:
        """Journal a deferred escalation whose turn could not be stored; True when it is on disk."""
        if escalation.record is None or escalation.journaled:
            return escalation.journaled
        escalation.journaled = self._journal(escalation.record, escalation.alert_payload)
        return escalation.journaled

    def _journal(self, record: dict, payload: dict | None) -> bool:
        if self.journal is None:
            log.critical(
                "escalation %s at level %s could not be stored and no crisis journal is set",
                record["id"],
                record["level"],
            )
            return False
        return self.journal.add_escalation(record, self.webhook_url, payload)

    def decide(
        self,
        assessment,
        user_id: str | None = None,
        session_id: str | None = None,
        turn_id: str | None = None,
        locale: str | None = None,
        eid: str | None = None,
    ) -> Escalation:
        """What the policy calls for, with the record and alert it would write (under id ``eid``, or a new one);
        nothing is written."""
        level = assessment.level
        actions = [a for a in self.policy[level.name] if a != "alert" or self.webhook_url]
        # someone else the speaker is worried about is at risk, more than the speaker: the team is told as it
        # would be for the speaker at that level, and the reply stays the conversation's (no safe reply: the
        # person typing is not the one in danger; they are the one who can act)
        other = getattr(assessment, "other", RiskLevel.NONE)
        subject = "self"
        if other >= RiskLevel.HIGH and other > level and not {"alert", "handoff"} & set(actions):
            level, subject = other, "other"
            actions = [
                a for a in self.policy[level.name] if a != "safe_reply" and (a != "alert" or self.webhook_url)
            ]
        if not actions:
            return Escalation(None, level, [])
        eid = eid or uuid.uuid4().hex
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
            "reasons": reasons if subject == "self" else [*reasons, {"layer": "concern", "subject": "other"}],
            "status": "open" if "handoff" in actions else "closed",
        }
        payload = None
        if "alert" in actions:
            payload = {k: record[k] for k in ("id", "user_id", "session_id", "turn_id", "level", "score")}
            payload["type"] = "xinyu.risk_escalation"
            payload["subject"] = subject  # "other": someone the person is worried about is the one at risk
        return Escalation(
            eid,
            level,
            actions,
            [f"risk:{level.name}" if subject == "self" else f"concern:{level.name}"],
            reply,
            record=record,
            alert_payload=payload,
        )

    def handle(
        self,
        assessment,
        user_id: str | None = None,
        session_id: str | None = None,
        turn_id: str | None = None,
        locale: str | None = None,
        defer: bool = False,
        eid: str | None = None,
    ) -> Escalation:
        """Apply the policy. With ``defer``, an escalation whose actions are all in :data:`DEFERRABLE` is not
        written here but handed back as ``pending``, for the caller to write in the same transaction as the turn
        it belongs to; anything urgent (a safe reply, an alert, a handoff) is always written at once."""
        out = self.decide(assessment, user_id, session_id, turn_id, locale, eid)
        if out.record is None:
            return out
        record, payload = out.record, out.alert_payload
        if defer and set(out.actions) <= DEFERRABLE:
            out.pending = lambda conn: self.store.add(record, self.webhook_url, payload, conn)
            return out
        try:
            self.store.add(record, self.webhook_url, payload)
        except WouldWait:
            raise  # nothing written: the whole turn runs again where it may wait for the lock
        except STORE_FAILURES as exc:
            # the person still gets the safe reply; the escalation goes where the database does not matter
            log.error("escalation %s not stored (%s); journalling it", out.id, type(exc).__name__)
            out.failure = unavailable(exc)
            out.journaled = self._journal(record, payload)
        return out

    def journal_only(
        self,
        assessment,
        user_id: str | None,
        session_id: str | None,
        locale: str | None = None,
        turn_id: str | None = None,
    ) -> Escalation:
        """Journal what the policy calls for, without touching the database: for a turn that did not finish in
        time (the database hangs). Its id is the turn's, so that if the turn writes its own escalation after all,
        the two are one."""
        out = self.decide(assessment, user_id, session_id, turn_id, locale, eid=turn_id)
        if out.record is not None:
            out.journaled = self._journal(out.record, out.alert_payload)
        return out


class AlertDispatcher:
    """Delivers queued alerts; failures are retried with exponential backoff (base * 2^attempts, capped)."""

    def __init__(
        self,
        store: EscalationStore,
        post: Callable[[str, dict], int] | None = None,
        base_delay_s: float = 2.0,
        max_delay_s: float = 600.0,
        timeout_s: float = 5.0,
        journal: CrisisJournal | None = None,
    ) -> None:
        self.store = store
        self.journal = journal
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self.timeout_s = timeout_s
        self.post = post or self._http_post

    def _http_post(self, url: str, payload: dict) -> int:
        import httpx

        return httpx.post(url, json=payload, timeout=self.timeout_s).status_code

    def send(self, url: str, payload: dict) -> str | None:
        """Post one alert: None when it was taken (a 2xx), else why not (retried later)."""
        try:
            status = self.post(url, payload)
        except Exception as exc:  # noqa: BLE001 - any transport failure is retried later
            return f"{type(exc).__name__}: {exc}"
        return None if 200 <= status < 300 else f"HTTP {status}"

    def delay(self, attempts: int) -> float:
        """Seconds before the next try of an alert that failed ``attempts`` times."""
        return min(self.max_delay_s, self.base_delay_s * 2**attempts)

    def deliver_due(self, now: float | None = None) -> tuple[int, int]:
        """(delivered, failed) for the alerts due now. Escalations in the crisis journal go into the database
        first; while it cannot take them, their alerts are sent straight from the journal."""
        ok = failed = 0
        if self.journal is not None and self.journal.has_lines():
            try:
                self.journal.replay(self.store.restore)
            except STORE_FAILURES as exc:
                log.warning(
                    "crisis journal not replayed (%s); sending its alerts from the file", type(exc).__name__
                )
                return self.journal.deliver(self.send, self.delay)
        for alert in self.store.due_alerts(now):
            error = self.send(alert["url"], json.loads(alert["payload"]))
            self.store.alert_result(
                alert["id"], error is None, error, time.time() + self.delay(alert["attempts"])
            )
            if error is None:
                ok += 1
            else:
                failed += 1
        return ok, failed
