"""Run Alembic from code, so an installed `desirelines` can upgrade any database it is pointed at."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


# Full-text search objects and the search vocabulary's stamp table are created by hand in migrations;
# autogenerate must not drop them.
_FULLTEXT_PREFIXES = ("utterance_fts", "ix_utterance_fts", "search_vocabulary")


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic filter: skip the full-text index objects that no model describes."""
    return not (name or "").startswith(_FULLTEXT_PREFIXES)


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        # ConfigParser treats % as interpolation; URLs may carry %-escapes.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database behind `engine` to `revision`."""
    with engine.begin() as connection:
        _upgrade_on(connection, revision)


def _upgrade_on(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
