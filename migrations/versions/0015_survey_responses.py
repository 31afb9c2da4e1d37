"""survey responses: each survey row's closed answers, kept with the survey that gave them

A respondent matched to a participant who already exists (a roster, an interview, an earlier wave) had
their closed answers dropped; now every row is stored here and counted by its own survey. Surveys
imported before it have no rows; their closed answers are still read from the respondents' attributes.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "surveyresponse",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_surveyresponse_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_surveyresponse_source_id_source"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveyresponse")),
    )
    with op.batch_alter_table("surveyresponse", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_surveyresponse_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_surveyresponse_source_id"), ["source_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("surveyresponse", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_surveyresponse_source_id"))
        batch_op.drop_index(batch_op.f("ix_surveyresponse_participant_id"))
    op.drop_table("surveyresponse")
