"""search suggestions: a per-project stamp that changes whenever the project's utterances do

The suggestion vocabulary (app/search/vocabulary.py) is cached per project and rebuilt when this stamp
changes. Only this feature's table and triggers: rebase by re-pointing down_revision at the current head.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "search_vocabulary_stamp"
# A random 64-bit stamp never comes back, so a vocabulary cached under an old one (even one whose
# transaction rolled back, or one of a project deleted and its id reused) is never taken for current.
_SQLITE_BUMP = (
    f"INSERT INTO {TABLE}(project_id, stamp) VALUES ({{row}}.project_id, random()) "
    "ON CONFLICT(project_id) DO UPDATE SET stamp = excluded.stamp;"
)
_SQLITE_TRIGGERS = {
    "search_vocabulary_ai": ("AFTER INSERT ON utterance", ["new"]),
    "search_vocabulary_au": ("AFTER UPDATE OF text, project_id ON utterance", ["old", "new"]),
    "search_vocabulary_ad": ("AFTER DELETE ON utterance", ["old"]),
}
# PostgreSQL: one statement-level trigger per event, over the transition tables, so an import of thousands
# of utterances bumps each project once.
_PG_FUNCTION = f"""
CREATE FUNCTION search_vocabulary_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO {TABLE}(project_id, stamp)
      SELECT project_id, (random() * 9e18)::bigint FROM (SELECT DISTINCT project_id FROM new_rows) AS p
      ON CONFLICT (project_id) DO UPDATE SET stamp = excluded.stamp;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO {TABLE}(project_id, stamp)
      SELECT project_id, (random() * 9e18)::bigint FROM (SELECT DISTINCT project_id FROM old_rows) AS p
      ON CONFLICT (project_id) DO UPDATE SET stamp = excluded.stamp;
  ELSE
    -- Only rows whose text or project changed (as SQLite's UPDATE OF text, project_id): a statement
    -- trigger with transition tables cannot name columns, and re-assigning speakers or participants
    -- must neither renew the stamp nor make concurrent writers of one project wait on its row.
    INSERT INTO {TABLE}(project_id, stamp)
      SELECT project_id, (random() * 9e18)::bigint FROM (
        SELECT o.project_id FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE o.text IS DISTINCT FROM n.text OR o.project_id IS DISTINCT FROM n.project_id
        UNION
        SELECT n.project_id FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE o.text IS DISTINCT FROM n.text OR o.project_id IS DISTINCT FROM n.project_id
      ) AS p
      ON CONFLICT (project_id) DO UPDATE SET stamp = excluded.stamp;
  END IF;
  RETURN NULL;
END $$
"""
_PG_TRIGGERS = {
    "search_vocabulary_ai": "AFTER INSERT ON utterance REFERENCING NEW TABLE AS new_rows",
    "search_vocabulary_au": "AFTER UPDATE ON utterance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "search_vocabulary_ad": "AFTER DELETE ON utterance REFERENCING OLD TABLE AS old_rows",
}


def upgrade() -> None:
    # No foreign key: a project's deletion deletes its utterances, whose triggers write here.
    op.execute(f"CREATE TABLE {TABLE} (project_id INTEGER PRIMARY KEY, stamp BIGINT NOT NULL)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        for name, when in _PG_TRIGGERS.items():
            op.execute(
                f"CREATE TRIGGER {name} {when} FOR EACH STATEMENT EXECUTE FUNCTION search_vocabulary_bump()"
            )
        op.execute(
            f"INSERT INTO {TABLE} SELECT project_id, (random() * 9e18)::bigint FROM (SELECT DISTINCT project_id FROM utterance) AS p"
        )
    else:
        for name, (when, rows) in _SQLITE_TRIGGERS.items():
            body = " ".join(_SQLITE_BUMP.format(row=row) for row in rows)
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")
        op.execute(
            f"INSERT INTO {TABLE} SELECT project_id, random() FROM (SELECT DISTINCT project_id FROM utterance)"
        )


def downgrade() -> None:
    for name in _SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (" ON utterance" if _postgres() else ""))
    if _postgres():
        op.execute("DROP FUNCTION IF EXISTS search_vocabulary_bump()")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"
