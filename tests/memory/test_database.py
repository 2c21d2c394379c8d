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
