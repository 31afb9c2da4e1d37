"""survey responses record the attributes they added to a participant; closed questions say multi-select

Deleting a survey takes back from the participants who remain the attribute keys it added (a "Plan" that
was blank, a conflicting "Plan (survey.csv)"), and only those. Surveys imported before it added nothing
that is known, so deleting them leaves attributes as they are.

A multi-select question exported one column per option (Qualtrics "Q5_1", SurveyMonkey) is stored as one
closed column marked multi_select, whose answers list the options chosen.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("surveyresponse", schema=None) as batch_op:
        batch_op.add_column(sa.Column("added", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    with op.batch_alter_table("surveyclosedquestion", schema=None) as batch_op:
        batch_op.add_column(sa.Column("multi_select", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("surveyclosedquestion", schema=None) as batch_op:
        batch_op.drop_column("multi_select")
    with op.batch_alter_table("surveyresponse", schema=None) as batch_op:
        batch_op.drop_column("added")
