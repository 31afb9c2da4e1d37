"""Migrations build the schema the models describe, on both backends, and run down and up again."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from app.db import metadata
from app.migrate import downgrade, include_object, upgrade


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        assert compare_metadata(context, metadata) == []


def test_downgrade_and_upgrade_again(fresh_engine: Engine) -> None:
    if fresh_engine.dialect.name == "sqlite":
        assert "utterance_fts" in inspect(fresh_engine).get_table_names()
    downgrade(fresh_engine, "base")
    assert set(inspect(fresh_engine).get_table_names()) == {"alembic_version"}
    upgrade(fresh_engine)
    assert {"project", "source", "utterance", "participant"} <= set(inspect(fresh_engine).get_table_names())
