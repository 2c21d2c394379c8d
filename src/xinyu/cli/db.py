"""``xinyu db``: the memory database's schema (Alembic migrations shipped in the package).

The database is the service's (``XINYU_STORAGE__URL``, else the SQLite file under ``XINYU_DATA_DIR``) unless
``--url`` names another. Changes run under the migration lock, so a running service or a second ``xinyu db``
waits rather than migrating at the same time.
"""

from __future__ import annotations

import typer

from xinyu.cli.common import fail, write_json

app = typer.Typer(
    help="The memory database's schema: upgrade, current revision, history, downgrade.", no_args_is_help=True
)

URL = typer.Option(None, "--url", help="Database URL (default: the service's, from the settings).")
SQL = typer.Option(False, "--sql", help="Print the SQL instead of running it (no connection is made).")


def _url(url: str | None) -> str:
    from xinyu.config import get_settings

    return url or get_settings().database_url


def _engine(url: str | None):
    from xinyu.memory.database import make_engine

    return make_engine(_url(url))


def _migrate(what: str, url: str | None, move) -> None:
    """Run ``move(engine)`` on the database at ``url`` and print the revision it is at after."""
    from xinyu.memory import schema

    engine = _engine(url)
    try:
        _run(what, lambda: move(engine))
        typer.echo(f"at {', '.join(schema.current(engine)) or 'base'}")
    finally:
        engine.dispose()


def _run(what: str, action) -> None:
    """Run ``action``; a database that cannot be reached or a revision that does not exist exits 2, named."""
    from alembic.util import CommandError
    from sqlalchemy.exc import SQLAlchemyError

    try:
        action()
    except CommandError as exc:
        fail(f"{what}: {exc}")
    except SQLAlchemyError as exc:
        why = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        fail(f"{what}: the database failed: {type(exc).__name__}: {why[0] if why else ''}")


@app.command("upgrade")
def upgrade(
    revision: str = typer.Argument("head", help="Target revision (default: the newest)."),
    url: str = URL,
    sql: bool = SQL,
) -> None:
    """Bring the schema up to REVISION (the service does this itself on start; run it first to migrate apart)."""
    from xinyu.memory import schema

    if sql:
        _run("upgrade --sql", lambda: schema.sql(_url(url), revision))
        return
    _migrate("upgrade", url, lambda engine: schema.upgrade(engine, revision))


@app.command("downgrade")
def downgrade(
    revision: str = typer.Argument(..., help="Target revision; 'base' drops every table and all the data."),
    url: str = URL,
    sql: bool = SQL,
    yes: bool = typer.Option(
        False, "--yes", help="Run it: a downgrade drops columns or tables with their data."
    ),
) -> None:
    """Take the schema down to REVISION (to run an older xinyu on this database). Loses what the newer revisions
    hold: back the database up first."""
    from xinyu.memory import schema

    if sql:
        _run("downgrade --sql", lambda: schema.sql(_url(url), revision, down_from="head"))
        return
    if not yes:
        fail(
            "a downgrade deletes data; back the database up, then run it again with --yes (or --sql to read it)"
        )
    _migrate("downgrade", url, lambda engine: schema.downgrade(engine, revision))


@app.command("current")
def current(
    url: str = URL, json_out: bool = typer.Option(False, "--json", help="Print one JSON object.")
) -> None:
    """The database's revision and the newest one; exit 1 when they differ, 2 when the database cannot be
    reached."""
    from xinyu.memory import schema

    engine = _engine(url)
    try:
        status = schema.status(engine)
    finally:
        engine.dispose()
    if json_out:
        write_json(status.to_dict())
    elif status.reachable:
        at = ", ".join(status.current) or "base (never migrated)"
        state = (
            "up to date" if status.migrated else f"behind: run `xinyu db upgrade` ({', '.join(status.head)})"
        )
        typer.echo(f"{at}  {state}")
    if not status.reachable:
        fail(f"cannot reach the database: {status.error}")
    raise typer.Exit(0 if status.migrated else 1)


@app.command("history")
def history(json_out: bool = typer.Option(False, "--json", help="One JSON object a line.")) -> None:
    """The migrations this version of xinyu ships, oldest first."""
    from xinyu.memory import schema

    for rev in schema.history():
        if json_out:
            write_json({"revision": rev.revision, "down_revision": rev.down_revision, "doc": rev.doc})
        else:
            typer.echo(f"{rev.down_revision or 'base'} -> {rev.revision}  {rev.doc}")
