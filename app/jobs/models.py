"""What every background job row shares: a status and a lease held by the process running it.

A job is `queued` until a worker claims it, `running` while a worker holds a live lease (renewed by
heartbeats), then `done` or `failed`. The database allows one active (queued or running) job per
subject (a source, an analysis scope) with a partial unique index: see `active_index`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String, Text, text
from sqlmodel import Field, SQLModel

from app.db import UTCDateTime


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
ACTIVE_SQL = "status IN ('queued', 'running')"


class JobState(SQLModel):
    """Status and lease columns, mixed into CodingJob and AnalysisRun."""

    id: int | None = Field(default=None, primary_key=True)
    status: JobStatus = Field(default=JobStatus.QUEUED, sa_type=String(16))
    attempts: int = Field(default=0, description="How many times a worker has claimed this job.")
    lease_owner: str | None = Field(default=None, max_length=120)
    lease_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    error: str | None = Field(default=None, sa_type=Text)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


def active_index(table: str, *columns: str) -> Index:
    """A unique index over `columns` among active jobs only (partial index; SQLite and PostgreSQL)."""
    where = text(ACTIVE_SQL)
    return Index(f"uq_{table}_active", *columns, unique=True, sqlite_where=where, postgresql_where=where)
