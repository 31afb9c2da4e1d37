"""Migration 0008 keeps the newest active job of a subject and fails older ones, so the one-active-job
index can be built on a database the old code left with duplicates."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from app.migrate import upgrade


def test_older_duplicate_active_jobs_are_failed_by_the_migration(tmp_path: Path) -> None:
    # A plain engine: SQLite leaves foreign keys off, so job rows need no source rows here.
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0006")
    jobs = [(1, 7, "running"), (2, 7, "queued"), (3, 7, "done"), (4, 8, "running")]
    with engine.begin() as conn:
        for job_id, source_id, status in jobs:
            conn.execute(
                text(
                    "INSERT INTO codingjob (id, source_id, status, total, done, skipped, created_at) "
                    "VALUES (:id, :source, :status, 0, 0, 0, '2026-01-01')"
                ),
                {"id": job_id, "source": source_id, "status": status},
            )
    upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, status, error, attempts FROM codingjob ORDER BY id")).all()
    assert [(r.id, r.status) for r in rows] == [(1, "failed"), (2, "queued"), (3, "done"), (4, "running")]
    assert "Superseded" in rows[0].error and rows[1].error is None
    assert {r.attempts for r in rows} == {0}
    engine.dispose()
