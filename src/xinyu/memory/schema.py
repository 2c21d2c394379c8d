"""The schema's migrations (Alembic, in ``xinyu/memory/migrations``): upgrade, downgrade, the current revision, the
history, and whether a database is reachable and at the newest revision.

Every change of the schema runs under one lock, so that two processes (workers starting together, ``xinyu db
upgrade`` beside a running service) never migrate at once: PostgreSQL's advisory lock, SQLite's write lock from
the start of the transaction. The one that waited then finds nothing left to do.

``xinyu db`` and :func:`xinyu.memory.database.migrate` use this module; so does the stock ``alembic`` command
(``alembic.ini`` at the repository's root), through the migrations' ``env.py``.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from importlib import resources

from sqlalchemy import Connection, Engine, text

#: the PostgreSQL advisory lock taken while migrating ("xinyu" in ASCII)
MIGRATION_LOCK = 0x78696E7975


#: Alembic's ``context`` is one module-level object: two threads of a process may not run commands at once
_ALEMBIC = threading.Lock()


def alembic_config(connection: Connection | None = None, url: str | None = None):
    """An Alembic config for xinyu's migrations; ``connection`` (online, holding the lock) or ``url`` (``--sql``,
    offline) travel in its attributes, where ``env.py`` finds them."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("xinyu.memory") / "migrations"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    if url is not None:
        cfg.attributes["url"] = url
    return cfg


@contextlib.contextmanager
def locked(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that holds the migration lock until it commits (or rolls back)."""
    with engine.connect() as conn:
        conn = conn.execution_options(xinyu_write=True)  # SQLite: BEGIN IMMEDIATE (see make_engine)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
            yield conn


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (the newest by default), under the lock."""
    from alembic import command

    with _ALEMBIC, locked(engine) as conn:
        command.upgrade(alembic_config(conn), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema down to ``revision`` (``base`` drops every table and the data in them), under the lock."""
    from alembic import command

    with _ALEMBIC, locked(engine) as conn:
        command.downgrade(alembic_config(conn), revision)


def sql(url: str, revision: str, down_from: str | None = None) -> None:
    """Print the SQL that would upgrade an empty database of ``url``'s dialect to ``revision`` (or, with
    ``down_from``, downgrade from it to ``revision``) without connecting to it: for a DBA to review and run."""
    from alembic import command

    cfg = alembic_config(url=url)
    with _ALEMBIC:
        if down_from is None:
            command.upgrade(cfg, revision, sql=True)
        else:
            command.downgrade(cfg, f"{down_from}:{revision}", sql=True)


def heads() -> list[str]:
    """The newest revision(s) the installed package ships."""
    from alembic.script import ScriptDirectory

    return list(ScriptDirectory.from_config(alembic_config()).get_heads())


@dataclass(frozen=True)
class Revision:
    revision: str
    down_revision: str | None
    doc: str


def history() -> list[Revision]:
    """The migrations the package ships, oldest first, each with the first line of its description."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    out = [
        Revision(s.revision, s.down_revision if isinstance(s.down_revision, str) else None, s.doc or "")
        for s in script.walk_revisions()
    ]
    return out[::-1]


def current(engine: Engine) -> list[str]:
    """The revision(s) the database is at; empty for a database xinyu never migrated. Raises the driver's error
    when the database cannot be reached."""
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        return list(MigrationContext.configure(conn).get_current_heads())


@dataclass(frozen=True)
class SchemaStatus:
    """Whether the database answers and whether its schema is the package's newest."""

    reachable: bool
    current: list[str]
    head: list[str]
    error: str | None = None

    @property
    def migrated(self) -> bool:
        return self.reachable and sorted(self.current) == sorted(self.head)

    def to_dict(self) -> dict:
        return {**asdict(self), "migrated": self.migrated}


def status(engine: Engine) -> SchemaStatus:
    """:class:`SchemaStatus` of ``engine``'s database; the error names the failure's type and the driver's first
    line (never a row)."""
    head = heads()
    try:
        return SchemaStatus(True, current(engine), head)
    except Exception as exc:  # noqa: BLE001 - any failure to connect is the answer, not a crash
        why = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        return SchemaStatus(False, [], head, f"{type(exc).__name__}: {why[0] if why else ''}".rstrip(": "))
