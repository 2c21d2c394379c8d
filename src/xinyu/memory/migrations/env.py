"""Alembic environment: run by :func:`xinyu.memory.store.migrate` with a live connection in ``config.attributes``."""

from __future__ import annotations

from alembic import context

from xinyu.memory.db import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through xinyu (xinyu.memory.store.migrate), which passes a connection")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
