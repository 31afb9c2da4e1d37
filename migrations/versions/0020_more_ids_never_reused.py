"""every other row people link to by id never gives a deleted row's id to a new one, also on SQLite

0019 did this for projects, sources and participants. These tables' ids are in URLs too (a persona, a
theme, an analysis run, a guide, a live interview, a blind round, a saved journey map version, an
opportunity, a KPI, a member's user, an API token, a speaker, a survey question, an utterance), or come
back in review decisions (a machine code: re-coding a source replaces its codes). Without
AUTOINCREMENT, SQLite gives the next row the highest id in use plus one, so deleting the newest persona
and running personas again makes a bookmarked /personas/12 open another one. Each table is rebuilt with
AUTOINCREMENT and its sqlite_sequence starts at the highest id it holds. PostgreSQL's sequences never
reuse an id: nothing to do there.

A rebuild drops the old table, and with it the triggers on it (utterance's full-text and search
vocabulary triggers), which are created again as they were. Foreign keys must be off, as for 0019
(app.migrate switches them off before the migration's transaction begins).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy.engine import Connection

from app.migrate import MigrationError, foreign_keys_on

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "user",
    "apitoken",
    "analysis_run",
    "persona",
    "theme",
    "guide",
    "liveinterview",
    "review_round",
    "journey_snapshot",
    "opportunity",
    "stage_goal",
    "speaker",
    "surveyquestion",
    "utterance",
    "code",
)


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
        triggers = _triggers(bind, table)
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass  # the rebuild itself is the change: same columns, indexes and constraints
        for sql in triggers:  # dropping the old table dropped them
            bind.exec_driver_sql(sql)


def _triggers(bind: Connection, table: str) -> list[str]:
    rows = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name", (table,)
    )
    return [sql for (sql,) in rows]


def _start_sequences_at_highest_id(bind: Connection) -> None:
    for table in TABLES:
        bind.exec_driver_sql(f"DELETE FROM sqlite_sequence WHERE name = '{table}'")
        bind.exec_driver_sql(
            f"INSERT INTO sqlite_sequence (name, seq) SELECT '{table}', COALESCE(MAX(id), 0) FROM \"{table}\""
        )
