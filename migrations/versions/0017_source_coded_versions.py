"""sources record the coder versions they were coded with; indexes for the project page's content counts

"Coded with older models" (app.coding.stale) now reads one row per source: each coding job records on
its source the versions of the machine codes it left (`source.coded_versions`, coder -> versions).
Sources coded before the upgrade are filled in here from their codes, in one grouped query; a source
without machine codes keeps NULL (nothing to be stale). Two covering indexes let the substantive counts
read a project's content codes and respondent utterances without their tables.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("source", sa.Column("coded_versions", sa.JSON(), nullable=True))
    op.create_index(
        "ix_code_project_kind", "code", ["project_id", "kind", "utterance_id", "origin"], unique=False
    )
    op.create_index(
        "ix_utterance_project_role", "utterance", ["project_id", "speaker_role", "source_id"], unique=False
    )
    _record_existing_versions()


def _record_existing_versions() -> None:
    bind = op.get_bind()
    code = sa.table(
        "code", sa.column("utterance_id"), sa.column("coder"), sa.column("version"), sa.column("origin")
    )
    utterance = sa.table("utterance", sa.column("id"), sa.column("source_id"))
    source = sa.table("source", sa.column("id", sa.Integer), sa.column("coded_versions", sa.JSON))
    found = bind.execute(
        sa.select(utterance.c.source_id, code.c.coder, code.c.version)
        .join(utterance, utterance.c.id == code.c.utterance_id)
        .where(code.c.origin == "machine")
        .group_by(utterance.c.source_id, code.c.coder, code.c.version)
    )
    versions: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for source_id, coder, version in found:
        versions[source_id][coder].append(version)
    rows = [
        {"source_id": source_id, "versions": {coder: sorted(by[coder]) for coder in sorted(by)}}
        for source_id, by in versions.items()
    ]
    if rows:
        bind.execute(
            sa.update(source)
            .where(source.c.id == sa.bindparam("source_id"))
            .values(coded_versions=sa.bindparam("versions", type_=sa.JSON)),
            rows,
        )


def downgrade() -> None:
    op.drop_index("ix_utterance_project_role", table_name="utterance")
    op.drop_index("ix_code_project_kind", table_name="code")
    # A plain column: dropped in place (SQLite 3.35+), never by copying the table, whose DROP would
    # cascade to every utterance.
    op.drop_column("source", "coded_versions")
