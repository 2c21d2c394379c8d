"""Initial emotion memory: users, sessions, turns, analyses, risk events, feedback, escalations, alerts, audit.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("created", sa.Float(), nullable=False),
        sa.Column("updated", sa.Float(), nullable=False),
        sa.Column("turns", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(16)),
        sa.Column("summary_enc", sa.LargeBinary()),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(128), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created", sa.Float(), nullable=False),
        sa.Column("updated", sa.Float(), nullable=False),
        sa.Column("locale", sa.String(16)),
        sa.Column("turns", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("peak_level", sa.String(16), nullable=False),
        sa.Column("state", sa.Text()),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_table(
        "turns",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column(
            "session_id", sa.String(64), sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("user_id", sa.String(128), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("created", sa.Float(), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("message_enc", sa.LargeBinary(), nullable=False),
        sa.Column("reply_enc", sa.LargeBinary(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("emotion", sa.String(16), nullable=False),
        sa.Column("intensity", sa.Float(), nullable=False),
        sa.Column("polarity", sa.String(16), nullable=False),
        sa.Column("topic", sa.String(24)),
        sa.Column("risk_level", sa.String(16), nullable=False),
        sa.Column("risk_score", sa.Float(), nullable=False),
        sa.Column("strategy", sa.String(32), nullable=False),
        sa.Column("engine", sa.String(16), nullable=False),
        sa.Column("fallback", sa.Boolean(), nullable=False),
        sa.Column("moderated", sa.Boolean(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
    )
    op.create_index("ix_turns_session_id", "turns", ["session_id"])
    op.create_index("ix_turns_user_id", "turns", ["user_id"])
    op.create_index("ix_turns_created", "turns", ["created"])
    op.create_table(
        "analyses",
        sa.Column("turn_id", sa.String(64), sa.ForeignKey("turns.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.String(128), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("scores", sa.Text(), nullable=False),
        sa.Column("labels", sa.Text(), nullable=False),
        sa.Column("model", sa.String(64), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("core_words_enc", sa.LargeBinary(), nullable=False),
        sa.Column("risk_enc", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_analyses_user_id", "analyses", ["user_id"])
    op.create_table(
        "risk_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("turn_id", sa.String(64), sa.ForeignKey("turns.id", ondelete="CASCADE"), nullable=False),
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(128), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created", sa.Float(), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("themes", sa.Text(), nullable=False),
        sa.Column("escalation_id", sa.String(64)),
    )
    for col in ("turn_id", "session_id", "user_id", "created"):
        op.create_index(f"ix_risk_events_{col}", "risk_events", [col])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("turn_id", sa.String(64), sa.ForeignKey("turns.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.String(128), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created", sa.Float(), nullable=False),
        sa.Column("rating", sa.Integer()),
        sa.Column("thumb", sa.String(8)),
        sa.Column("key_id", sa.String(16)),
        sa.Column("comment_enc", sa.LargeBinary()),
    )
    op.create_index("ix_feedback_turn_id", "feedback", ["turn_id"])
    op.create_index("ix_feedback_user_id", "feedback", ["user_id"])
    op.create_table(
        "escalations",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("created", sa.Float(), nullable=False),
        sa.Column("user_id", sa.String(128)),
        sa.Column("session_id", sa.String(64)),
        sa.Column("turn_id", sa.String(64)),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("updated", sa.Float(), nullable=False),
        sa.Column("handled_by", sa.String(128)),
        sa.Column("note", sa.Text()),
    )
    op.create_index("ix_escalations_user_id", "escalations", ["user_id"])
    op.create_index("escalations_status", "escalations", ["status", "created"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("escalation_id", sa.String(64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt", sa.Float(), nullable=False),
        sa.Column("delivered", sa.Float()),
        sa.Column("last_error", sa.Text()),
    )
    op.create_index("ix_alerts_escalation_id", "alerts", ["escalation_id"])
    op.create_index("alerts_due", "alerts", ["delivered", "next_attempt"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("subject", sa.String(128)),
        sa.Column("data", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "audit",
        "alerts",
        "escalations",
        "feedback",
        "risk_events",
        "analyses",
        "turns",
        "sessions",
        "users",
    ):
        op.drop_table(table)
