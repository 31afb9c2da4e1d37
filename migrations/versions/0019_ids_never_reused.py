"""projects, sources and participants never give a deleted row's id to a new one, also on SQLite

Without AUTOINCREMENT, SQLite gives the next row the highest id in use plus one: delete participant 5
when it is the newest, import again, and a bookmarked /participants/5 opens someone else. The three
tables people link to are rebuilt with AUTOINCREMENT, and their sqlite_sequence starts at the highest id
they hold. PostgreSQL's sequences never reuse an id: nothing to do there.

A rebuild drops the old table, which with foreign keys on would delete (ON DELETE CASCADE) or unlink
(SET NULL) every row referring to it; app.migrate switches them off before the migration's transaction
begins (the pragma does nothing inside one), so this revision refuses to run with them on.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy.engine import Connection

from app.migrate import MigrationError, foreign_keys_on

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("project", "source", "participant")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _rebuild(bind, autoincrement=True)
        _start_sequences_at_highest_id(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _rebuild(bind, autoincrement=False)


def _rebuild(bind: Connection, *, autoincrement: bool) -> None:
    if foreign_keys_on(bind):
        raise MigrationError(
            "Rebuilding tables on SQLite with foreign keys on would delete the rows that refer to them; "
            "migrate with `desirelines db upgrade` (app.migrate), which switches them off first."
        )
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass  # the rebuild itself is the change: same columns, indexes and constraints


def _start_sequences_at_highest_id(bind: Connection) -> None:
    for table in TABLES:
        bind.exec_driver_sql(f"DELETE FROM sqlite_sequence WHERE name = '{table}'")
        bind.exec_driver_sql(
            f"INSERT INTO sqlite_sequence (name, seq) SELECT '{table}', COALESCE(MAX(id), 0) FROM {table}"
        )
