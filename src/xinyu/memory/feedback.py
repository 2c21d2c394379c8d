"""Feedback on a reply: a rating, a thumb, a comment (sealed: it may quote the person)."""

from __future__ import annotations

import time

from sqlalchemy import Connection, insert, select

from xinyu.memory.crypto import Sealer
from xinyu.memory.database import StoreError
from xinyu.memory.db import Feedback, Turn


def add_feedback(
    conn: Connection,
    *,
    turn_id: str,
    user_id: str | None,
    rating: int | None,
    thumb: str | None,
    comment: str | None,
    sealer: Sealer,
) -> int:
    """Store feedback on turn ``turn_id`` in the caller's write transaction; returns its id. Raises ``KeyError``
    for an unknown turn and :class:`StoreError` when ``user_id`` is given and the turn is another user's."""
    owner = conn.execute(select(Turn.user_id).where(Turn.id == turn_id)).scalar()
    if owner is None:
        raise KeyError(turn_id)
    if user_id is not None and user_id != owner:
        raise StoreError(f"turn {turn_id} belongs to another user")
    kid = blob = None
    if comment:
        kid, blob = sealer.seal(comment, "feedback.comment")
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
