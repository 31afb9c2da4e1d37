"""Analysis runs: a themes or personas computation over a project's coded evidence, run in the background."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, String
from sqlmodel import Field, SQLModel

from app.db import NEVER_REUSE_IDS, UTCDateTime, utcnow
from app.jobs.models import JobState, JobStatus, active_index


class AnalysisKind(StrEnum):
    THEMES = "themes"
    PERSONAS = "personas"


class AnalysisRun(JobState, table=True):
    """One run: what was asked (kind, scope, settings), how far it got, and what went wrong if it failed.

    `scope` narrows themes to one code: "all", "pain_point", "stage:<id>", "emotion:<label>", "force:<label>".
    """

    __tablename__ = "analysis_run"
    __table_args__ = (active_index("analysis_run", "project_id", "kind", "scope"), NEVER_REUSE_IDS)

    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    kind: AnalysisKind = Field(sa_type=String(16))
    scope: str = Field(default="all", max_length=100)
    settings: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    message: str = Field(default="", max_length=500)
    items: int = 0
    created_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AnalysisRunRead(SQLModel):
    id: int
    project_id: int
    kind: AnalysisKind
    scope: str
    settings: dict[str, Any]
    status: JobStatus
    message: str
    error: str | None
    items: int
    created_at: datetime
    finished_at: datetime | None
