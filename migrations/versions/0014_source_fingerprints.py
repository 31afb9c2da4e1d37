"""near-duplicate sources: fingerprints of each source's utterances, and the source a new one repeats

Only this feature's table and columns: rebase by re-pointing down_revision at the current head.
Existing sources are fingerprinted here, so a file uploaded after the upgrade is compared with them too.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from nlp.fingerprint import fingerprint

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("source", sa.Column("duplicate_of_id", sa.Integer(), nullable=True))
    op.add_column("source", sa.Column("duplicate_share", sa.Float(), nullable=True))
    fingerprints = op.create_table(
        "sourcefingerprint",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("text_hash", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_sourcefingerprint_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_sourcefingerprint_source_id_source"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", "text_hash", name=op.f("pk_sourcefingerprint")),
    )
    op.create_index(
        "ix_sourcefingerprint_project_hash", "sourcefingerprint", ["project_id", "text_hash"], unique=False
    )
    _fingerprint_existing(fingerprints)


def _fingerprint_existing(fingerprints: sa.Table) -> None:
    """One source at a time, so a large database is never held in memory whole."""
    bind = op.get_bind()
    utterance = sa.table("utterance", sa.column("source_id"), sa.column("speaker_role"), sa.column("text"))
    sources = bind.execute(sa.text("SELECT id, project_id FROM source ORDER BY id")).all()
    for source_id, project_id in sources:
        texts = bind.execute(
            sa.select(utterance.c.text).where(
                utterance.c.source_id == source_id, utterance.c.speaker_role != "interviewer"
            )
        ).scalars()
        rows = [
            {"source_id": source_id, "project_id": project_id, "text_hash": h} for h in fingerprint(texts)
        ]
        if rows:
            bind.execute(sa.insert(fingerprints), rows)


def downgrade() -> None:
    op.drop_index("ix_sourcefingerprint_project_hash", table_name="sourcefingerprint")
    op.drop_table("sourcefingerprint")
    # Plain columns: dropped in place (SQLite 3.35+), never by copying the table, whose DROP would
    # cascade to every utterance.
    op.drop_column("source", "duplicate_share")
    op.drop_column("source", "duplicate_of_id")
