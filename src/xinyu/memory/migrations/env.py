"""Alembic environment for xinyu's schema.

Where the database is, in this order: the connection :mod:`xinyu.memory.schema` passes (``xinyu db``, the
service; it holds the migration lock), the URL it passes for ``--sql``, ``sqlalchemy.url`` in an
``alembic.ini``, then xinyu's own settings (``XINYU_STORAGE__URL``, else the SQLite file under
``XINYU_DATA_DIR``). The stock ``alembic`` command takes the migration lock here
(:func:`xinyu.memory.schema.locked`); offline (``--sql``) it prints the SQL for that dialect.
"""

from __future__ import annotations

from alembic import context

from xinyu.memory.db import Base


def _url() -> str:
    url = context.config.attributes.get("url") or context.config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from xinyu.config import get_settings

    return get_settings().database_url


def _offline() -> None:
    from sqlalchemy.engine import make_url

    url = make_url(_url())
    if url.drivername in ("postgresql", "postgres"):  # the dialect only: the SQL is the same for psycopg
        url = url.set(drivername="postgresql+psycopg")
    context.configure(url=url, target_metadata=Base.metadata, render_as_batch=True, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def _run(conn) -> None:
    context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def _online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:  # xinyu's own commands: it already holds the lock
        _run(connection)
        return
    from xinyu.memory.database import make_engine
    from xinyu.memory.schema import locked

    engine = make_engine(_url())
    try:
        with locked(engine) as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    _offline()
else:
    _online()
