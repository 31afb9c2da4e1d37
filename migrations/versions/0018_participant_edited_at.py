"""participants record when a researcher last edited them by hand

Deleting a source removes the participants it leaves with nothing (no utterance, survey response or
speaker), unless a researcher made or edited them: `participant.edited_at` says who was edited. A
participant edited before this revision is not known to be, so it keeps NULL.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("participant", sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # Not a batch: rebuilding the participant table would delete, by cascade, every utterance citing it.
    op.drop_column("participant", "edited_at")
