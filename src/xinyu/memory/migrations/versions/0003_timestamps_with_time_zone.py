"""Times as timestamps with time zone on PostgreSQL.

Every time column (``created``, ``updated``, ``next_attempt``, ``delivered``, ``at``) was a number of Unix epoch
seconds (``double precision``), which an operator could neither read nor query as a time. On PostgreSQL this
revision turns each into ``TIMESTAMP WITH TIME ZONE`` in place, ``USING to_timestamp(column)``: every value keeps its
moment to the microsecond (PostgreSQL's resolution; finer digits are rounded to the nearest one), a NULL (an alert not yet delivered) stays NULL, nullability and indexes are kept
(PostgreSQL rebuilds the indexes on the new type). The downgrade turns them back into epoch seconds
(``extract(epoch FROM column)``), as exact.

Each table is rewritten once, under an exclusive lock, and a service of an earlier release can neither write nor
compare times in the new columns: stop the old services, run ``xinyu db upgrade``, then start this release.

SQLite has no time type, so there the columns stay epoch seconds and this revision changes nothing (see
:class:`xinyu.memory.db.Timestamp`).

Revision ID: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: every time column, per table
TIME_COLUMNS = {
    "users": ("created", "updated"),
    "sessions": ("created", "updated"),
    "turns": ("created",),
    "risk_events": ("created",),
    "feedback": ("created",),
    "escalations": ("created", "updated"),
    "alerts": ("next_attempt", "delivered"),
    "audit": ("at",),
    "heartbeats": ("at",),
}


def _alter(new_type: str, using: str) -> None:
    """One ``ALTER TABLE`` per table (one rewrite), every time column to ``new_type`` by ``using`` (a format with
    ``{c}`` for the column); on PostgreSQL only."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in TIME_COLUMNS.items():
        clauses = ", ".join(f"ALTER COLUMN {c} TYPE {new_type} USING {using.format(c=c)}" for c in columns)
        op.execute(f"ALTER TABLE {table} {clauses}")


def upgrade() -> None:
    _alter("timestamp with time zone", "to_timestamp({c})")


def downgrade() -> None:
    _alter("double precision", "extract(epoch FROM {c})::double precision")
