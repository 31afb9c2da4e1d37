"""PostgreSQL search index over accent-folded text, so "cafe" finds "café" as it does on SQLite

Only the PostgreSQL full-text index changes (SQLite's FTS5 tokenizer already folds accents): rebase by
re-pointing down_revision at the current head.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from alembic import op

from app.search.folding import tsvector_sql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_utterance_fts")
        op.execute(f"CREATE INDEX ix_utterance_fts ON utterance USING gin ({tsvector_sql('text')})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_utterance_fts")
        op.execute("CREATE INDEX ix_utterance_fts ON utterance USING gin (to_tsvector('english', text))")
