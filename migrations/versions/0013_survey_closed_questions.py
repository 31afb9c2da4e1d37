"""survey closed questions: a survey's closed columns with their question texts (walkthrough D6)

Only this feature's table: rebase by re-pointing down_revision at the current head. Surveys imported
before it have no rows; their closed questions are read from the respondents' attribute names.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "surveyclosedquestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("column_name", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_surveyclosedquestion_source_id_source"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveyclosedquestion")),
    )
    with op.batch_alter_table("surveyclosedquestion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_surveyclosedquestion_source_id"), ["source_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("surveyclosedquestion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_surveyclosedquestion_source_id"))
    op.drop_table("surveyclosedquestion")
