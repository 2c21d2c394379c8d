"""The emotion memory's tables (SQLAlchemy 2 declarative models).

Anything that holds or quotes what a person wrote -- message and reply text, core words, risk reasons (they carry
the matched cue), feedback comments, the rolling summary -- is stored as AES-GCM ciphertext (``*_enc`` columns)
with the id of the key that sealed it (``key_id``). Labels, scores, levels and timings are stored in the clear:
they are what the dashboard and the trajectory read, and they quote nobody.

Times (when a row was created, updated, delivered...) are :class:`Timestamp` columns: ``TIMESTAMP WITH TIME ZONE``
on PostgreSQL, epoch seconds on SQLite; Python reads and writes them as Unix epoch seconds (floats) either way.

The schema is created and upgraded by Alembic (``xinyu/memory/migrations``); a test checks the migrations and
these models agree.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import TIMESTAMP, Boolean, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine


class Timestamp(TypeDecorator[float]):
    """A moment in time that Python reads and writes as Unix epoch seconds (a float, as ``time.time()`` gives).

    On PostgreSQL the column is ``TIMESTAMP WITH TIME ZONE`` (microsecond resolution), so that an operator can
    read it and query it as a time (``WHERE created > now() - interval '1 day'``); a float is bound as an aware
    UTC datetime and a value read comes back as a float. SQLite has no time type: there the column stays a number
    of epoch seconds (``FLOAT``, stored as REAL) and values pass through as they are.

    Comparisons with a float (``Turn.created >= since``: the float is bound through this type), ``ORDER BY``, and
    ``min``/``max`` (their results have this type, so they come back as floats) work alike on both. Arithmetic
    does not: ``created / 86400`` or ``created + 60`` in SQL is a number on SQLite and an error on PostgreSQL, so
    compute bounds in Python and compare, and group by day in Python (``time.gmtime``) on the floats read.
    """

    impl = Float
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(TIMESTAMP(timezone=True))
        return dialect.type_descriptor(Float())

    def process_bind_param(self, value: float | None, dialect: Dialect) -> float | datetime | None:
        if value is None or dialect.name != "postgresql":
            return value
        return datetime.fromtimestamp(value, UTC)

    def process_result_value(self, value: float | datetime | None, dialect: Dialect) -> float | None:
        if isinstance(value, datetime):
            return value.timestamp()
        return value

    # Where values pass through as they are (SQLite), no conversion at all: a statement on a turn's path then runs
    # on the driver (memory.database.Prepared), which it cannot where a column converts its values.
    def bind_processor(self, dialect: Dialect):
        if dialect.name != "postgresql":
            return self.load_dialect_impl(dialect).bind_processor(dialect)
        return super().bind_processor(dialect)

    def result_processor(self, dialect: Dialect, coltype: object):
        if dialect.name != "postgresql":
            return self.load_dialect_impl(dialect).result_processor(dialect, coltype)
        return super().result_processor(dialect, coltype)


class Base(DeclarativeBase):
    pass


#: stored user and session ids: a client's id (up to 128 characters) behind its namespace prefix (see
#: xinyu.service.security)
ID_LENGTH = 192


class User(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    created: Mapped[float] = mapped_column(Timestamp)
    updated: Mapped[float] = mapped_column(Timestamp)
    turns: Mapped[int] = mapped_column(Integer, default=0)
    key_id: Mapped[str | None] = mapped_column(String(16))
    summary_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    # who may see the user: the API key (or named client app) that created it; None for users created before
    # owners were kept, which only admin keys reach (see xinyu.service.security)
    owner: Mapped[str | None] = mapped_column(String(64), index=True)


class ChatSession(Base):
    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    user_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created: Mapped[float] = mapped_column(Timestamp)
    updated: Mapped[float] = mapped_column(Timestamp)
    locale: Mapped[str | None] = mapped_column(String(35))  # a BCP 47 tag
    turns: Mapped[int] = mapped_column(Integer, default=0)
    level: Mapped[str] = mapped_column(String(16), default="none")
    peak_level: Mapped[str] = mapped_column(String(16), default="none")
    # per-session state: the risk layer's theme evidence, recent strategies, phrase ids used, and what the dialogue
    # remembers (a name, the request being answered): sealed in ``state_enc`` under ``key_id``; ``state`` is the
    # unsealed JSON of rows written before it was sealed, read once and cleared by the next turn
    state: Mapped[str | None] = mapped_column(Text)
    key_id: Mapped[str | None] = mapped_column(String(16))
    state_enc: Mapped[bytes | None] = mapped_column(LargeBinary)


class Turn(Base):
    __tablename__ = "turns"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    idx: Mapped[int] = mapped_column(Integer)
    created: Mapped[float] = mapped_column(Timestamp, index=True)
    key_id: Mapped[str] = mapped_column(String(16))
    message_enc: Mapped[bytes] = mapped_column(LargeBinary)
    reply_enc: Mapped[bytes] = mapped_column(LargeBinary)
    language: Mapped[str] = mapped_column(String(8))
    emotion: Mapped[str] = mapped_column(String(16))
    intensity: Mapped[float] = mapped_column(Float)
    polarity: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str | None] = mapped_column(String(24))
    risk_level: Mapped[str] = mapped_column(String(16))
    risk_score: Mapped[float] = mapped_column(Float)
    strategy: Mapped[str] = mapped_column(String(32))
    engine: Mapped[str] = mapped_column(String(16))
    fallback: Mapped[bool] = mapped_column(Boolean, default=False)
    moderated: Mapped[bool] = mapped_column(Boolean, default=False)
    latency_ms: Mapped[float] = mapped_column(Float)


class Analysis(Base):
    __tablename__ = "analyses"
    turn_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("turns.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    scores: Mapped[str] = mapped_column(Text)  # JSON: emotion -> score
    labels: Mapped[str] = mapped_column(Text)  # JSON list
    model: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(16))
    core_words_enc: Mapped[bytes] = mapped_column(LargeBinary)  # JSON list of core words (quotes the message)
    risk_enc: Mapped[bytes] = mapped_column(LargeBinary)  # JSON risk assessment with reasons (quotes cues)


class RiskEvent(Base):
    __tablename__ = "risk_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    turn_id: Mapped[str] = mapped_column(String(64), ForeignKey("turns.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    user_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created: Mapped[float] = mapped_column(Timestamp, index=True)
    level: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    themes: Mapped[str] = mapped_column(Text)  # JSON: theme -> evidence (names only)
    escalation_id: Mapped[str | None] = mapped_column(String(64))


class Feedback(Base):
    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    turn_id: Mapped[str] = mapped_column(String(64), ForeignKey("turns.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created: Mapped[float] = mapped_column(Timestamp)
    rating: Mapped[int | None] = mapped_column(Integer)
    thumb: Mapped[str | None] = mapped_column(String(8))
    key_id: Mapped[str | None] = mapped_column(String(16))
    comment_enc: Mapped[bytes | None] = mapped_column(LargeBinary)


class Escalation(Base):
    __tablename__ = "escalations"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created: Mapped[float] = mapped_column(Timestamp)
    user_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), index=True)
    session_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    turn_id: Mapped[str | None] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    actions: Mapped[str] = mapped_column(Text)  # JSON list
    reasons: Mapped[str] = mapped_column(Text)  # JSON: cue kinds and figures, never the user's words
    status: Mapped[str] = mapped_column(String(16))
    updated: Mapped[float] = mapped_column(Timestamp)
    handled_by: Mapped[str | None] = mapped_column(String(128))
    note: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("escalations_status", "status", "created"),)


class Alert(Base):
    __tablename__ = "alerts"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    escalation_id: Mapped[str] = mapped_column(String(64), index=True)
    url: Mapped[str] = mapped_column(Text)
    payload: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt: Mapped[float] = mapped_column(Timestamp)
    delivered: Mapped[float | None] = mapped_column(Timestamp)
    last_error: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("alerts_due", "delivered", "next_attempt"),)


class Audit(Base):
    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[float] = mapped_column(Timestamp)
    event: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str | None] = mapped_column(String(128))
    data: Mapped[str] = mapped_column(Text)


class Heartbeat(Base):
    """One row per running service process: when it last wrote, and the key it seals with (``xinyu keys rotate``
    waits for every live process to seal with the new key before it drops the old one)."""

    __tablename__ = "heartbeats"
    id: Mapped[str] = mapped_column(String(128), primary_key=True)  # host:pid
    at: Mapped[float] = mapped_column(Timestamp)
    key_id: Mapped[str | None] = mapped_column(String(16))


#: the tables that hold rows about a user, and the column naming the user: delete-my-data walks these
USER_TABLES = {
    "feedback": "user_id",
    "risk_events": "user_id",
    "analyses": "user_id",
    "turns": "user_id",
    "sessions": "user_id",
    "escalations": "user_id",
    "users": "id",
}
