"""Codes on utterances (machine and researcher side by side), stored encoder features, coding jobs."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import computed_field
from sqlalchemy import Index, LargeBinary, String
from sqlmodel import Field, SQLModel

from app.db import NEVER_REUSE_IDS, UTCDateTime, utcnow
from app.jobs.models import JobState, JobStatus, active_index

__all__ = ["CodeOrigin", "CodeRecord", "CodingJob", "JobStatus", "UtteranceFeatures"]


class CodeOrigin(StrEnum):
    MACHINE = "machine"
    RESEARCHER = "researcher"


class CodeBase(SQLModel):
    kind: str = Field(
        max_length=32, description="content, emotion, goemotions, pain_point, stage, force, skipped"
    )
    label: str = Field(max_length=64)
    score: float = Field(ge=0.0, le=1.0)
    span_start: int | None = None
    span_end: int | None = None


class CodeRecord(CodeBase, table=True):
    """One code on one utterance: which coder (name and version) or researcher, how sure, which words."""

    __tablename__ = "code"
    __table_args__ = (
        Index("ix_code_utterance_kind", "utterance_id", "kind"),
        # A project's content codes, read without the table (app.coding.service.substantive_counts).
        Index("ix_code_project_kind", "project_id", "kind", "utterance_id", "origin"),
        # Review decisions name a code by id: a re-coded source's new codes must not take old ids.
        NEVER_REUSE_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    utterance_id: int = Field(foreign_key="utterance.id", ondelete="CASCADE")
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    coder: str = Field(max_length=64)
    version: str = Field(max_length=16)
    origin: CodeOrigin = Field(default=CodeOrigin.MACHINE, sa_type=String(16))
    created_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CodeRead(CodeBase):
    id: int
    utterance_id: int
    coder: str
    version: str
    origin: CodeOrigin


class ResearcherCodeCreate(CodeBase):
    score: float = Field(default=1.0, ge=0.0, le=1.0)


class UtteranceFeatures(SQLModel, table=True):
    """What the one encoder pass produced for an utterance, so re-coding never re-embeds.

    `embedding` is float32 (384); `layers` float16 per-layer means for the coders that read them.
    """

    utterance_id: int = Field(primary_key=True, foreign_key="utterance.id", ondelete="CASCADE")
    model: str = Field(max_length=64)
    text_sha1: str = Field(max_length=40)
    embedding: bytes = Field(sa_type=LargeBinary)
    layers: bytes = Field(sa_type=LargeBinary)


LOADING_MODELS = "Loading models\u2026"


def loading_models(status: JobStatus, started_at: datetime | None) -> bool:
    """A running job has no `started_at` until its models are loaded (the first job of a process waits
    for them for half a minute): until then it says so, not "0 of N"."""
    return status == JobStatus.RUNNING and started_at is None


def coding_message(status: JobStatus, *, done: int, total: int, started_at: datetime | None) -> str:
    """What a coding job is doing, in words (see `loading_models`)."""
    if status == JobStatus.QUEUED:
        return "Queued"
    if loading_models(status, started_at):
        return LOADING_MODELS
    if status == JobStatus.RUNNING:
        return f"Coding {done:,} of {total:,} utterances"
    return f"Coded {done:,} utterances" if status == JobStatus.DONE else "Failed"


class CodingJob(JobState, table=True):
    """A source's coding run; at most one queued or running per source (the database enforces it).

    `started_at` is when it began coding, its models loaded; None while a claimed job loads them.
    """

    __table_args__ = (active_index("codingjob", "source_id"),)

    source_id: int = Field(foreign_key="source.id", index=True, ondelete="CASCADE")
    total: int = 0
    done: int = 0
    skipped: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def loading_models(self) -> bool:
        return loading_models(self.status, self.started_at)

    @property
    def message(self) -> str:
        return coding_message(self.status, done=self.done, total=self.total, started_at=self.started_at)


class CodingJobRead(SQLModel):
    id: int
    source_id: int
    status: JobStatus
    total: int
    done: int
    skipped: int
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def message(self) -> str:
        """What the job is doing: "Queued", "Loading models", "Coding 64 of 300 utterances" ..."""
        return coding_message(self.status, done=self.done, total=self.total, started_at=self.started_at)

    @property
    def percent(self) -> int:
        return (
            int(100 * self.done / self.total) if self.total else (100 if self.status == JobStatus.DONE else 0)
        )


class OlderCoderRead(SQLModel):
    """A coder whose stored codes in a project are of another version than the one that codes now."""

    coder: str = Field(description='Registered name, e.g. "desirelines.emotion"')
    stored: list[str] = Field(description="The other versions found in stored machine codes")
    current: str

    @property
    def short(self) -> str:
        return self.coder.rsplit(".", 1)[-1].replace("_", " ")


class StaleCodingRead(SQLModel):
    """The sources whose machine codes were made by older models, to be re-coded."""

    count: int
    source_ids: list[int]
    coders: list[OlderCoderRead]

    @property
    def summary(self) -> str:
        """E.g. "emotion v1; current v2", or "emotion v1, stage v1; current emotion v2, stage v2"."""
        old = ", ".join(f"{c.short} v{'/v'.join(c.stored)}" for c in self.coders)
        if len(self.coders) == 1:
            return f"{old}; current v{self.coders[0].current}"
        return f"{old}; current " + ", ".join(f"{c.short} v{c.current}" for c in self.coders)


class RecodeQueued(SQLModel):
    job_ids: list[int]
