"""Users, sessions and turns: who owns a user, a session's stored state, writing a turn (user, session, turn,
analysis, risk event and rolling summary in the caller's transaction), and reading conversations back.

Every user has an owner (the API key or client app that created it, see :mod:`xinyu.service.security`); the user
row is claimed by an upsert and so locked while a turn updates its summary, so concurrent turns neither collide on
creation nor lose each other's updates. Text is sealed (:class:`~xinyu.memory.crypto.Sealer`) before it reaches
the database.
"""

from __future__ import annotations

import functools
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from xinyu.levels import higher_level
from xinyu.memory.crypto import KeyRingError, Sealer
from xinyu.memory.database import NotOwner, Prepared, StoreError, claim
from xinyu.memory.db import Analysis, ChatSession, RiskEvent, Turn, User
from xinyu.memory.summary import update_summary
from xinyu.schema import EmotionRecord, ReplyRecord, RiskRecord

log = logging.getLogger(__name__)


@dataclass
class TurnRecord:
    """Everything a turn stores; the message, the reply's text, the core words and the risk are sealed on
    write."""

    turn_id: str
    session_id: str
    user_id: str
    locale: str | None
    message: str
    reply: ReplyRecord
    emotion: EmotionRecord
    risk: RiskRecord  # at conversation level
    state: dict  # the session's state for the next turn (ConversationRisk.state(), strategies, phrases used)
    latency_ms: float
    topic: str | None = None
    escalation_id: str | None = None
    owner: str | None = None  # the API key or client app the user belongs to (set when the user is created)
    admin: bool = False  # the caller may write to any user's sessions
    created: float = field(default_factory=time.time)
    # further writes that belong with the turn (a deferred escalation record), run inside its transaction
    also: list[Callable[[Connection], None]] = field(default_factory=list)


@dataclass(frozen=True)
class SealedTurn:
    """A turn's sealed values, all under one key (the turn's and the analysis's rows share a ``key_id``)."""

    key_id: str
    message: bytes
    reply: bytes
    core_words: bytes
    risk: bytes
    state: bytes  # the session's state for the next turn


class _SQL:
    """The turn's statements, built once and run with a parameter dict (:class:`Prepared`): no statement
    building, cache-key work or, on SQLite, SQLAlchemy execution on the hot path."""

    update_user = Prepared(
        update(User.__table__).where(User.id == bindparam("uid")).values(turns=User.turns + 1)
    )
    session_full = Prepared(select(ChatSession).where(ChatSession.id == bindparam("sid")))
    user_owner = Prepared(select(User.owner).where(User.id == bindparam("uid")))
    update_session = Prepared(update(ChatSession.__table__).where(ChatSession.id == bindparam("sid")))
    insert_turn = Prepared(insert(Turn.__table__))
    insert_analysis = Prepared(insert(Analysis.__table__))
    insert_risk_event = Prepared(insert(RiskEvent.__table__))


@functools.cache
def _claims(dialect: str) -> tuple[Prepared, Prepared]:
    """The upserts that claim a turn's user and session rows, per SQL dialect."""
    user = claim(
        dialect,
        User.__table__,
        ["id", "created", "updated", "turns", "owner"],
        [User.turns, User.key_id, User.summary_enc, User.owner],
    )
    session = claim(
        dialect,
        ChatSession.__table__,
        ["id", "user_id", "created", "updated", "locale", "turns", "level", "peak_level"],
        [ChatSession.user_id, ChatSession.turns, ChatSession.peak_level],
    )
    return Prepared(user), Prepared(session)


# -- ownership -------------------------------------------------------------------------------------------------
def user_owner(conn: Connection, *, user_id: str) -> tuple[bool, str | None]:
    """(whether the user exists, its owner)."""
    row = _SQL.user_owner.first(conn, {"uid": user_id})
    return (False, None) if row is None else (True, row.owner)


def check_user(conn: Connection, *, user_id: str, owner: str | None, admin: bool) -> bool:
    """True if the user exists and ``owner`` may see it (admins see every user); False if it does not exist.
    Raises :class:`NotOwner` for a user of another owner."""
    exists, actual = user_owner(conn, user_id=user_id)
    if exists and not admin and actual != owner:
        raise NotOwner(f"no user {user_id}")
    return exists


def session_for(
    conn: Connection, *, user_id: str, session_id: str, owner: str | None, admin: bool, sealer: Sealer
) -> dict | None:
    """The stored session row (owner, locale, turn count, decoded state) a turn of ``user_id`` by ``owner``
    continues, or None for a new one. Raises :class:`NotOwner` when the user, or the session's user, belongs to
    another owner, and :class:`StoreError` when the session is another user's of the same owner."""
    check_user(conn, user_id=user_id, owner=owner, admin=admin)
    row = _SQL.session_full.first(conn, {"sid": session_id})
    if row is not None and row.user_id != user_id:
        try:
            check_user(conn, user_id=row.user_id, owner=owner, admin=admin)
        except NotOwner as exc:  # never name the other owner's user
            raise NotOwner(f"no session {session_id}") from exc
        raise StoreError(f"session {session_id} belongs to another user")
    if row is None:
        return None
    out = row._asdict()
    out["state"] = open_state(sealer, out.pop("key_id"), out.pop("state_enc"), out["state"])
    return out


def open_state(sealer: Sealer, kid: str | None, blob: bytes | None, plain: str | None) -> dict | None:
    """A session's state: sealed, or as written before states were sealed. One that no key in the ring opens
    starts afresh (logged) rather than keeping the person from talking; the session's risk level and its
    escalations are kept in their own rows."""
    if blob is None:
        return json.loads(plain) if plain else None
    try:
        return json.loads(sealer.open(kid, blob, "sessions.state") or "null")
    except (KeyRingError, ValueError) as exc:
        log.error("a session's state cannot be read (%s); starting it afresh", type(exc).__name__)
        return None


def user_exists(conn: Connection, *, user_id: str) -> bool:
    return conn.execute(select(User.id).where(User.id == user_id)).first() is not None


def session_user(conn: Connection, *, session_id: str) -> str | None:
    return conn.execute(select(ChatSession.user_id).where(ChatSession.id == session_id)).scalar()


def turn_user(conn: Connection, *, turn_id: str) -> str | None:
    return conn.execute(select(Turn.user_id).where(Turn.id == turn_id)).scalar()


# -- the rolling summary ---------------------------------------------------------------------------------------
def user_summary(conn: Connection, *, user_id: str, sealer: Sealer) -> dict | None:
    """The user's rolling summary (see :mod:`xinyu.memory.summary`), or None."""
    row = conn.execute(select(User.key_id, User.summary_enc).where(User.id == user_id)).first()
    if row is None or row.summary_enc is None:
        return None
    return open_summary(sealer, row.key_id, row.summary_enc)


def open_summary(sealer: Sealer, kid: str | None, blob: bytes) -> dict | None:
    """A user's sealed summary; one that no key in the ring opens starts afresh (logged), rather than keeping the
    person from talking."""
    try:
        return json.loads(sealer.open(kid, blob, "users.summary") or "null")
    except (KeyRingError, ValueError) as exc:
        log.error("a user summary cannot be read (%s); starting a new one", type(exc).__name__)
        return None


# -- writing a turn --------------------------------------------------------------------------------------------
def seal_turn(sealer: Sealer, record: TurnRecord) -> SealedTurn:
    """Seal the turn's text under one key, before its transaction (sealing takes no lock)."""
    kid = sealer.key()
    _, message = sealer.seal(record.message, "turns.message", kid)
    _, reply = sealer.seal(record.reply.text, "turns.reply", kid)
    core_words = json.dumps([w.model_dump() for w in record.emotion.core_words], ensure_ascii=False)
    _, core = sealer.seal(core_words, "analyses.core", kid)
    _, risk = sealer.seal(json.dumps(record.risk.to_dict(), ensure_ascii=False), "analyses.risk", kid)
    _, state = sealer.seal(json.dumps(record.state, ensure_ascii=False), "sessions.state", kid)
    return SealedTurn(kid, message, reply, core, risk, state)


def record_turn(
    conn: Connection, *, record: TurnRecord, sealed: SealedTurn, sealer: Sealer, summary_window: int
) -> dict:
    """Write one turn (user, session, turn, analysis, risk event, summary, and ``record.also``) in the caller's
    write transaction; returns the user's updated summary. Raises :class:`NotOwner` when the user belongs to
    another owner (unless ``record.admin``), :class:`StoreError` when the session belongs to another user."""
    rec, em, reply = record, record.emotion, record.reply
    level = rec.risk.level.name
    now = rec.created
    claim_user, claim_session = _claims(conn.dialect.name)
    user = claim_user.first(
        conn, {"id": rec.user_id, "created": now, "updated": now, "turns": 0, "owner": rec.owner}
    )
    if not rec.admin and user.owner != rec.owner:
        raise NotOwner(f"no user {rec.user_id}")
    summary = None
    if user.summary_enc is not None:
        summary = open_summary(sealer, user.key_id, user.summary_enc)
    summary = update_summary(summary, em, level, rec.topic, summary_window)
    skid, sblob = sealer.seal(json.dumps(summary, ensure_ascii=False), "users.summary")
    _SQL.update_user.rows(conn, {"uid": rec.user_id, "updated": now, "key_id": skid, "summary_enc": sblob})
    sess = claim_session.first(
        conn,
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
    )
    if sess.user_id != rec.user_id:
        raise StoreError(f"session {rec.session_id} belongs to another user")
    idx = sess.turns
    _SQL.update_session.rows(
        conn,
        {
            "sid": rec.session_id,
            "updated": now,
            "turns": idx + 1,
            "level": level,
            "peak_level": higher_level(sess.peak_level, level),
            "state": None,
            "key_id": sealed.key_id,
            "state_enc": sealed.state,
        },
    )
    _SQL.insert_turn.rows(
        conn,
        {
            "id": rec.turn_id,
            "session_id": rec.session_id,
            "user_id": rec.user_id,
            "idx": idx,
            "created": now,
            "key_id": sealed.key_id,
            "message_enc": sealed.message,
            "reply_enc": sealed.reply,
            "language": em.language,
            "emotion": em.label,
            "intensity": float(em.intensity),
            "polarity": em.polarity,
            "topic": rec.topic,
            "risk_level": level,
            "risk_score": float(rec.risk.score),
            "strategy": reply.strategy,
            "engine": reply.engine,
            "fallback": reply.fallback,
            "moderated": reply.moderated,
            "latency_ms": rec.latency_ms,
        },
    )
    _SQL.insert_analysis.rows(
        conn,
        {
            "turn_id": rec.turn_id,
            "user_id": rec.user_id,
            "scores": json.dumps(em.scores),
            "labels": json.dumps(em.labels),
            "model": str(em.model)[:64],
            "key_id": sealed.key_id,
            "core_words_enc": sealed.core_words,
            "risk_enc": sealed.risk,
        },
    )
    if level != "none":
        _SQL.insert_risk_event.rows(
            conn,
            {
                "turn_id": rec.turn_id,
                "session_id": rec.session_id,
                "user_id": rec.user_id,
                "created": now,
                "level": level,
                "score": float(rec.risk.score),
                "themes": json.dumps(rec.risk.themes),
                "escalation_id": rec.escalation_id,
            },
        )
    for write in rec.also:
        write(conn)
    return summary


# -- reading conversations -------------------------------------------------------------------------------------
def session_view(conn: Connection, *, session_id: str, sealer: Sealer) -> dict | None:
    """A session and its turns, oldest first, decrypted; None for an unknown session."""
    sess = conn.execute(select(ChatSession).where(ChatSession.id == session_id)).mappings().first()
    if sess is None:
        return None
    rows = conn.execute(
        select(Turn, Analysis.scores, Analysis.labels, Analysis.core_words_enc)
        .join(Analysis, Analysis.turn_id == Turn.id)
        .where(Turn.session_id == session_id)
        .order_by(Turn.idx)
    ).mappings()
    turns = [turn_view(r, sealer) for r in rows]
    out = {
        k: sess[k] for k in ("id", "user_id", "created", "updated", "locale", "turns", "level", "peak_level")
    }
    out["history"] = turns
    return out


def turn_view(r: Any, sealer: Sealer) -> dict:
    """One turn's row (joined with its analysis) as the API shows it, decrypted."""
    kid = r["key_id"]
    return {
        "turn_id": r["id"],
        "index": r["idx"],
        "created": r["created"],
        "message": sealer.open(kid, r["message_enc"], "turns.message"),
        "reply": sealer.open(kid, r["reply_enc"], "turns.reply"),
        "language": r["language"],
        "emotion": r["emotion"],
        "intensity": r["intensity"],
        "polarity": r["polarity"],
        "scores": json.loads(r["scores"]),
        "labels": json.loads(r["labels"]),
        "core_words": json.loads(sealer.open(kid, r["core_words_enc"], "analyses.core") or "[]"),
        "topic": r["topic"],
        "risk_level": r["risk_level"],
        "risk_score": r["risk_score"],
        "strategy": r["strategy"],
        "engine": r["engine"],
        "fallback": r["fallback"],
        "moderated": r["moderated"],
    }


def recent_turns(conn: Connection, *, session_id: str, n: int, sealer: Sealer) -> list[tuple[str, str]]:
    """The last ``n`` (message, reply) pairs of a session, oldest first, decrypted."""
    rows = conn.execute(
        select(Turn.key_id, Turn.message_enc, Turn.reply_enc)
        .where(Turn.session_id == session_id)
        .order_by(Turn.idx.desc())
        .limit(n)
    ).all()
    return [
        (sealer.open(k, m, "turns.message") or "", sealer.open(k, r, "turns.reply") or "")
        for k, m, r in reversed(rows)
    ]


def export_turns(conn: Connection, *, since: float, limit: int, sealer: Sealer) -> list[dict]:
    """Every turn since ``since`` (up to ``limit``), oldest first, decrypted, with its session and user."""
    rows = conn.execute(
        select(Turn, Analysis.scores, Analysis.labels, Analysis.core_words_enc)
        .join(Analysis, Analysis.turn_id == Turn.id)
        .where(Turn.created >= since)
        .order_by(Turn.created)
        .limit(limit)
    ).mappings()
    out = []
    for r in rows:
        view = turn_view(r, sealer)
        view["session_id"] = r["session_id"]
        view["user_id"] = r["user_id"]
        out.append(view)
    return out
