"""one job system: leases on coding jobs and analysis runs, one active job per subject (issues 11, 13)

Running jobs left by the old code have no lease: the reaper queues them again on the first start.
Where a subject has several active jobs (the old code allowed it), the newest is kept and the older
ones are failed, so the unique indexes can be built.

Revision ID: 0008
Revises: 0006 (the lead re-chains it after 0007)
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "status IN ('queued', 'running')"
SUBJECTS = {"codingjob": ("source_id",), "analysis_run": ("project_id", "kind", "scope")}
SUPERSEDED = "Superseded by a newer job for the same subject (one active job at a time)."


def upgrade() -> None:
    for table, columns in SUBJECTS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0"))
            )
            batch_op.add_column(
                sa.Column("lease_owner", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True)
            )
            batch_op.add_column(sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True))
        _fail_older_duplicates(table, columns)
        op.create_index(
            f"uq_{table}_active",
            table,
            list(columns),
            unique=True,
            sqlite_where=sa.text(ACTIVE),
            postgresql_where=sa.text(ACTIVE),
        )


def _fail_older_duplicates(table: str, columns: tuple[str, ...]) -> None:
    same = " AND ".join(f"newer.{c} = {table}.{c}" for c in columns)
    op.get_bind().execute(
        sa.text(
            f"UPDATE {table} SET status = 'failed', error = :error WHERE {ACTIVE} AND id < "
            f"(SELECT MAX(newer.id) FROM {table} AS newer WHERE {same} AND newer.{ACTIVE})"
        ),
        {"error": SUPERSEDED},
    )


def downgrade() -> None:
    for table in SUBJECTS:
        op.drop_index(f"uq_{table}_active", table_name=table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("lease_expires_at")
            batch_op.drop_column("lease_owner")
            batch_op.drop_column("attempts")
