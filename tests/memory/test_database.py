"""The memory's database: the Alembic migrations build exactly the tables the models declare."""

from __future__ import annotations

from sqlalchemy import String, inspect

from xinyu.memory.database import migrate
from xinyu.memory.db import Base


def test_migrations_match_the_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    def compare_type(_ctx, _reflected_col, _model_col, reflected, model_type):
        # SQLite does not enforce VARCHAR lengths, and the 0002 widening is applied to server databases only
        sqlite = store.engine.dialect.name == "sqlite"
        if sqlite and isinstance(reflected, String) and isinstance(model_type, String):
            return reflected.length is None and model_type.length is not None  # VARCHAR(n) still VARCHAR(n)
        return None  # alembic's own comparison

    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": compare_type})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []
    migrate(store.engine)  # idempotent
    assert "turns" in inspect(store.engine).get_table_names()


def test_the_store_of_a_settings_object_is_private_and_uses_its_key(tmp_path):
    import base64
    import stat

    from xinyu.config import Settings
    from xinyu.memory.crypto import key_id
    from xinyu.memory.store import Store

    key = base64.b64encode(b"k" * 32).decode()
    settings = Settings(data_dir=tmp_path / "state", storage={"key": key, "busy_timeout_s": 1.5})
    store = Store.from_settings(settings)
    try:
        assert stat.S_IMODE((tmp_path / "state").stat().st_mode) == 0o700
        assert store.busy_timeout_s == 1.5
        assert store.keys.current_id == key_id(b"k" * 32)
        assert not (tmp_path / "state" / "keys.json").exists()  # the env key seals; no file is made
    finally:
        store.close()


def _fill(db, rows: int) -> None:
    """Write about ``rows`` pages of audit rows, one commit each (a commit is where SQLite checkpoints)."""
    from xinyu.memory.audit import write_audit

    for k in range(rows):
        with db.writing() as conn:
            write_audit(conn, event="escalation", subject=str(k), data={"pad": "x" * 3000})


def test_background_checkpoints_leave_the_wal_to_checkpoint(tmp_path):
    from xinyu.memory.database import Database, make_engine

    own, background = (Database(make_engine(tmp_path / f"{name}.db")) for name in ("own", "bg"))
    for db in (own, background):
        migrate(db.engine)
    background.checkpoint_in_background()
    _fill(own, 1500)
    _fill(background, 1500)
    size = {name: (tmp_path / f"{name}.db").stat().st_size for name in ("own", "bg")}
    # SQLite's own checkpoint copied the first thousand pages into the file; with them left to the service, none
    assert size["own"] > 2_000_000 and size["bg"] < 1_000_000
    background.checkpoint()
    assert (tmp_path / "bg.db").stat().st_size > 2_000_000
    for db in (own, background):
        db.engine.dispose()
