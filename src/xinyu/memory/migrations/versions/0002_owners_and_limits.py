"""Owners of users, column sizes that match the API's limits, service heartbeats.

- ``users.owner``: the API key (or named client app) that created the user; users created before this revision
  have none, and only admin keys reach them.
- User and session ids up to 192 characters (a client's id of up to 128, as the API accepts, behind its
  namespace prefix), and locales up to 35 (a BCP 47 tag). SQLite does not enforce ``VARCHAR`` lengths, so only
  server databases are altered: rebuilding SQLite tables for a length it never checks would put every row at risk
  for nothing.
- ``heartbeats``: one row per running service process, with the key it seals with.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_WIDER = [
    ("users", "id", 128, 192),
    ("sessions", "id", 64, 192),
    ("sessions", "user_id", 128, 192),
    ("turns", "session_id", 64, 192),
    ("turns", "user_id", 128, 192),
    ("analyses", "user_id", 128, 192),
    ("risk_events", "session_id", 64, 192),
    ("risk_events", "user_id", 128, 192),
    ("feedback", "user_id", 128, 192),
    ("escalations", "session_id", 64, 192),
    ("escalations", "user_id", 128, 192),
    ("sessions", "locale", 16, 35),
]


def upgrade() -> None:
    op.add_column("users", sa.Column("owner", sa.String(64)))
    op.create_index("ix_users_owner", "users", ["owner"])
    if op.get_bind().dialect.name != "sqlite":
        for table, column, old, new in _WIDER:
            op.alter_column(table, column, type_=sa.String(new), existing_type=sa.String(old))
    op.create_table(
        "heartbeats",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("key_id", sa.String(16)),
    )


def downgrade() -> None:
    op.drop_table("heartbeats")
    if op.get_bind().dialect.name != "sqlite":
        for table, column, old, new in _WIDER:
            op.alter_column(table, column, type_=sa.String(old), existing_type=sa.String(new))
    op.drop_index("ix_users_owner", "users")
    op.drop_column("users", "owner")
