"""Run Alembic from code, so an installed `desirelines` can upgrade any database it is pointed at."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


# Full-text search objects and the search vocabulary's stamp table are created by hand in migrations;
# autogenerate must not drop them.
_FULLTEXT_PREFIXES = ("utterance_fts", "ix_utterance_fts", "search_vocabulary")


class MigrationError(RuntimeError):
    """A migration would leave the database inconsistent; its transaction is rolled back."""


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
    with migration_connection(engine) as connection, connection.begin():
        _run_on(connection, command.upgrade, revision)


def needs_upgrade(engine: Engine) -> bool:
    """Whether the database has no schema yet or an older one that `upgrade` would bring to head.

    A revision this code does not know (a newer release's database) is not "older": False.

    Raises:
        sqlalchemy.exc.SQLAlchemyError: the database cannot be reached.
    """
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    if not current:
        return True
    try:
        known = all(script.get_revision(revision) is not None for revision in current)
    except CommandError:
        known = False
    return known and current != set(script.get_heads())


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database behind `engine` down to `revision`."""
    with migration_connection(engine) as connection, connection.begin():
        _run_on(connection, command.downgrade, revision)


def _run_on(connection: Connection, step: Callable[[Config, str], None], revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    step(config, revision)


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection to migrate on; on SQLite its foreign keys are off, and set back as they were before it
    goes back to the pool.

    SQLite rebuilds a table (a batch migration) by copying it and dropping the old one, and dropping a
    table deletes its rows: with foreign keys on, ON DELETE CASCADE would empty every child table and SET
    NULL unlink its rows. The pragma does nothing inside a transaction, so it is switched here, before the
    migration's transaction begins; `references_kept` (migrations/env.py) then proves, before the commit,
    that no reference was broken.
    """
    with engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            yield connection
            return
        driver = connection.connection.driver_connection  # no BEGIN: the pragma must run outside one
        assert driver is not None
        enforced = driver.execute("PRAGMA foreign_keys").fetchone()[0]
        driver.execute("PRAGMA foreign_keys=OFF")
        try:
            yield connection
        finally:
            try:
                driver.execute(f"PRAGMA foreign_keys={'ON' if enforced else 'OFF'}")
            except Exception:  # a broken connection: keep the migration's own error, and never pool it
                logger.warning("could not set SQLite foreign keys back; the connection is discarded")
                connection.invalidate()


@contextmanager
def references_kept(connection: Connection) -> Iterator[None]:
    """Raise `MigrationError` (inside the transaction, so it rolls back) if what runs in the block leaves
    more rows referencing a missing row than there were before, in any table.

    Only SQLite needs it: PostgreSQL checks every reference as each statement runs. Rows that were broken
    already (a database once written with foreign keys off) are not the migration's doing; they are
    counted, not refused.
    """
    before = _broken_references(connection)
    yield
    added = _broken_references(connection) - before
    if added:
        found = ", ".join(f"{count} in {table} -> {parent}" for (table, parent), count in added.items())
        raise MigrationError(f"The migration left rows referencing missing rows: {found}.")


def _broken_references(connection: Connection) -> Counter[tuple[str, str]]:
    if connection.dialect.name != "sqlite":
        return Counter()
    rows = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    return Counter((table, parent) for table, _rowid, parent, _fk in rows)


def foreign_keys_on(connection: Connection) -> bool:
    """Whether SQLite enforces foreign keys (and so cascades deletes) on `connection`."""
    return connection.dialect.name == "sqlite" and bool(
        connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
    )
