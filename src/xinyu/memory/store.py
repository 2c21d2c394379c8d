"""``Store``: the emotion memory on SQLAlchemy (SQLite in WAL mode by default, PostgreSQL by URL).

A turn is written in one transaction before the API answers, so a reply that reached the client is in the store
even if the process is killed right after. Text is sealed with :class:`~xinyu.memory.crypto.KeyRing` before it
reaches the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
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
    update,
)
from sqlalchemy.pool import StaticPool

from xinyu.memory.crypto import KeyRing
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

LEVELS = ["none", "low", "moderate", "high", "imminent"]
NEGATIVE = {"sadness", "anger", "fear", "disgust"}


_TABLES = {t.__tablename__: t for t in (Feedback, RiskEvent, Analysis, Turn, ChatSession, Escalation, User)}


class StoreError(ValueError):
    """A request the store cannot honour (unknown session, turn of another user...)."""


def make_engine(url_or_path: str | Path) -> Engine:
    """An engine for a database URL, or a SQLite file path (WAL mode, foreign keys on)."""
    text = str(url_or_path)
    if "://" not in text:
        if text != ":memory:":
            Path(text).parent.mkdir(parents=True, exist_ok=True)
        text = f"sqlite:///{text}"
    if text.startswith("sqlite"):
        memory = text in {"sqlite://", "sqlite:///:memory:"}
        engine = create_engine(
            text,
            connect_args={"timeout": 30, "check_same_thread": False},
            poolclass=StaticPool if memory else None,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - runs inside the driver
            cur = dbapi_conn.cursor()
            if not memory:
                cur.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a committed transaction survives a killed process (not a power cut)
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    if text.startswith("postgres://"):
        text = "postgresql+psycopg://" + text[len("postgres://") :]
    elif text.startswith("postgresql://"):
        text = "postgresql+psycopg://" + text[len("postgresql://") :]
    return create_engine(text, pool_pre_ping=True, pool_size=10, max_overflow=10)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("xinyu.memory") / "migrations"))
    with engine.begin() as conn:
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
    created: float = field(default_factory=time.time)
    # further writes that belong with the turn (a deferred escalation record), run inside its transaction
    also: list[Callable[[Connection], None]] = field(default_factory=list)


class _SQL:
    """The turn's statements, built once: executing a prepared construct with a parameter dict skips the
    per-call statement building and cache-key work that ``insert(...).values(...)`` costs on the hot path."""

    user_row = select(User.turns, User.key_id, User.summary_enc).where(User.id == bindparam("uid"))
    insert_user = insert(User.__table__)
    update_user = update(User.__table__).where(User.id == bindparam("uid")).values(turns=User.turns + 1)
    session_row = select(ChatSession.user_id, ChatSession.turns, ChatSession.peak_level).where(
        ChatSession.id == bindparam("sid")
    )
    session_full = select(ChatSession).where(ChatSession.id == bindparam("sid"))
    insert_session = insert(ChatSession.__table__)
    update_session = update(ChatSession.__table__).where(ChatSession.id == bindparam("sid"))
    insert_turn = insert(Turn.__table__)
    insert_analysis = insert(Analysis.__table__)
    insert_risk_event = insert(RiskEvent.__table__)


class Store:
    def __init__(self, engine: Engine, keyring: KeyRing, summary_window: int = 20) -> None:
        self.engine = engine
        self.keys = keyring
        self.summary_window = summary_window
        self.sqlite = engine.dialect.name == "sqlite"
        self._write = write_lock(engine)
        migrate(engine)

    @classmethod
    def open(cls, url_or_path: str | Path, keyring: KeyRing) -> Store:
        return cls(make_engine(url_or_path), keyring)

    def close(self) -> None:
        self.engine.dispose()

    # -- sealing ---------------------------------------------------------------------------------------------
    def _seal(self, text: str, column: str) -> tuple[str, bytes]:
        return self.keys.encrypt(text, column)

    def _open(self, kid: str | None, blob: bytes | None, column: str) -> str | None:
        if blob is None or kid is None:
            return None
        return self.keys.decrypt(kid, bytes(blob), column)

    # -- sessions --------------------------------------------------------------------------------------------
    def session_state(self, session_id: str) -> dict | None:
        """The stored session row (owner, locale, turn count, risk state), or None."""
        with self.engine.connect() as conn:
            row = conn.execute(_SQL.session_full, {"sid": session_id}).mappings().first()
        if row is None:
            return None
        out = dict(row)
        out["state"] = json.loads(out["state"]) if out["state"] else None
        return out

    def user_summary(self, user_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(User.key_id, User.summary_enc).where(User.id == user_id)).first()
        if row is None or row.summary_enc is None:
            return None
        return json.loads(self._open(row.key_id, row.summary_enc, "users.summary") or "null")

    def record_turn(self, rec: TurnRecord) -> dict:
        """Write one turn (user, session, turn, analysis, risk event, summary) in one transaction; returns the
        user's updated summary."""
        kid, message = self._seal(rec.message, "turns.message")
        _, reply = self._seal(rec.reply, "turns.reply")
        _, core = self._seal(
            json.dumps(rec.emotion.get("core_words", []), ensure_ascii=False), "analyses.core"
        )
        _, risk = self._seal(json.dumps(rec.risk, ensure_ascii=False), "analyses.risk")
        em = rec.emotion
        level = rec.risk.get("level", "none")
        now = rec.created
        with self._write, self.engine.begin() as conn:
            user = conn.execute(_SQL.user_row, {"uid": rec.user_id}).first()
            summary = None
            if user is not None and user.summary_enc is not None:
                summary = json.loads(self._open(user.key_id, user.summary_enc, "users.summary") or "null")
            summary = update_summary(summary, em, level, rec.topic, self.summary_window)
            skid, sblob = self._seal(json.dumps(summary, ensure_ascii=False), "users.summary")
            if user is None:
                conn.execute(
                    _SQL.insert_user,
                    {
                        "id": rec.user_id,
                        "created": now,
                        "updated": now,
                        "turns": 1,
                        "key_id": skid,
                        "summary_enc": sblob,
                    },
                )
            else:
                conn.execute(
                    _SQL.update_user,
                    {"uid": rec.user_id, "updated": now, "key_id": skid, "summary_enc": sblob},
                )
            sess = conn.execute(_SQL.session_row, {"sid": rec.session_id}).first()
            state = json.dumps(rec.state)
            if sess is None:
                conn.execute(
                    _SQL.insert_session,
                    {
                        "id": rec.session_id,
                        "user_id": rec.user_id,
                        "created": now,
                        "updated": now,
                        "locale": rec.locale,
                        "turns": 1,
                        "level": level,
                        "peak_level": level,
                        "state": state,
                    },
                )
                idx = 0
            else:
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

    # -- reading ---------------------------------------------------------------------------------------------
    def session_view(self, session_id: str) -> dict | None:
        with self.engine.connect() as conn:
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
        with self.engine.connect() as conn:
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
        with self._write, self.engine.begin() as conn:
            conn.execute(
                insert(Audit).values(at=time.time(), event=event, subject=subject, data=json.dumps(data))
            )

    def trajectory(self, user_id: str, limit: int = 500) -> dict | None:
        """Emotion and intensity over time across sessions, with deterioration flags."""
        with self.engine.connect() as conn:
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
        with self._write, self.engine.begin() as conn:
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
        """Every row of the user in every table; None if there was no such user. Audited without the id."""
        with self._write, self.engine.begin() as conn:
            exists = conn.execute(select(User.id).where(User.id == user_id)).first() is not None
            esc_ids = [r[0] for r in conn.execute(select(Escalation.id).where(Escalation.user_id == user_id))]
            if not exists and not esc_ids:
                return None
            counts: dict[str, int] = {}
            alert_ids: list[str] = []
            if esc_ids:
                alert_ids = [
                    r[0] for r in conn.execute(select(Alert.id).where(Alert.escalation_id.in_(esc_ids)))
                ]
                counts["alerts"] = conn.execute(
                    delete(Alert).where(Alert.escalation_id.in_(esc_ids))
                ).rowcount
                counts["audit"] = conn.execute(
                    delete(Audit).where(Audit.subject.in_(esc_ids + alert_ids))
                ).rowcount
            for name, column in USER_TABLES.items():
                table = _TABLES[name]
                counts[name] = conn.execute(delete(table).where(getattr(table, column) == user_id)).rowcount
            digest = hmac.new(audit_key or b"xinyu", user_id.encode(), hashlib.sha256).hexdigest()[:16]
            conn.execute(
                insert(Audit).values(
                    at=time.time(),
                    event="user_deleted",
                    subject=None,
                    data=json.dumps({"user": digest, **counts}),
                )
            )
        return counts

    def count_user_rows(self, user_id: str) -> dict[str, int]:
        """Rows naming the user, per table (delete-my-data's check)."""
        with self.engine.connect() as conn:
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
        """Retention: delete turns (with their analyses, risk events and feedback) older than ``seconds``."""
        cutoff = time.time() - seconds
        with self._write, self.engine.begin() as conn:
            old = select(Turn.id).where(Turn.created < cutoff)
            for table in (Feedback, RiskEvent, Analysis):
                conn.execute(delete(table).where(table.turn_id.in_(old)))
            n = conn.execute(delete(Turn).where(Turn.created < cutoff)).rowcount
            conn.execute(
                delete(ChatSession).where(
                    ChatSession.updated < cutoff, ~ChatSession.id.in_(select(Turn.session_id).distinct())
                )
            )
            if n:
                conn.execute(
                    insert(Audit).values(
                        at=time.time(), event="retention", subject=None, data=json.dumps({"turns": n})
                    )
                )
        return n

    # -- keys ------------------------------------------------------------------------------------------------
    def rotate_keys(self, batch: int = 500) -> dict[str, int]:
        """Add a key and re-seal every encrypted value under it; keys no longer used are retired."""
        new = self.keys.rotate()
        counts: dict[str, int] = {}
        specs = [
            (Turn, "id", [("message_enc", "turns.message"), ("reply_enc", "turns.reply")]),
            (Analysis, "turn_id", [("core_words_enc", "analyses.core"), ("risk_enc", "analyses.risk")]),
            (User, "id", [("summary_enc", "users.summary")]),
            (Feedback, "id", [("comment_enc", "feedback.comment")]),
        ]
        for table, pk, cols in specs:
            n = 0
            while True:
                with self._write, self.engine.begin() as conn:
                    rows = conn.execute(
                        select(getattr(table, pk), table.key_id, *[getattr(table, c) for c, _ in cols])
                        .where(table.key_id.is_not(None), table.key_id != new)
                        .limit(batch)
                    ).all()
                    for row in rows:
                        values: dict[str, Any] = {"key_id": new}
                        for i, (col, aad) in enumerate(cols):
                            plain = self._open(row[1], row[2 + i], aad)
                            values[col] = None if plain is None else self._seal(plain, aad)[1]
                        conn.execute(update(table).where(getattr(table, pk) == row[0]).values(**values))
                n += len(rows)
                if len(rows) < batch:
                    break
            counts[table.__tablename__] = n
        with self._write, self.engine.begin() as conn:
            conn.execute(
                insert(Audit).values(
                    at=time.time(), event="keys_rotated", subject=new, data=json.dumps(counts)
                )
            )
        counts["retired_keys"] = len(self.keys.retire({new}))
        return counts

    # -- export and dashboard --------------------------------------------------------------------------------
    def export_turns(self, since: float = 0.0, limit: int = 10_000) -> list[dict]:
        with self.engine.connect() as conn:
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
        with self.engine.connect() as conn:
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
