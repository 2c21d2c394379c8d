"""A session's state sealed like the turns' text.

The state a session carries to its next turn holds what the dialogue remembers: a name, the request being
answered with the person's words, the people told of. It was JSON in the clear (``sessions.state``); from this
revision it is sealed under the key ring in ``sessions.state_enc``, with the key in ``sessions.key_id``, so that
``xinyu keys rotate`` re-seals it with the rest. Rows written before stay readable in ``state`` and are cleared by
their session's next turn; a session never continued keeps its old state in the clear until it is deleted by
retention.

Revision ID: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sessions", sa.Column("key_id", sa.String(16)))
    op.add_column("sessions", sa.Column("state_enc", sa.LargeBinary()))


def downgrade() -> None:
    # the sealed states cannot be opened without the key ring: sessions continue with a fresh state
    op.drop_column("sessions", "state_enc")
    op.drop_column("sessions", "key_id")
