"""Live interviews: a draft with answers, notes, quotes and section timers, finished into a Source.

Every answer is saved on its own and carries the client's revision, so a save that arrives late
never overwrites a newer one; the draft survives closed tabs and dropped connections.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db import NEVER_REUSE_IDS, UTCDateTime, utcnow

MAX_ANSWER_CHARS = 50_000


class InterviewStatus(StrEnum):
    DRAFT = "draft"
    FINISHED = "finished"
    DISCARDED = "discarded"  # what was typed is deleted; the row remains so a repeated discard is harmless


class LiveInterview(SQLModel, table=True):
    __table_args__ = NEVER_REUSE_IDS

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    guide_version_id: int = Field(foreign_key="guideversion.id", index=True, ondelete="CASCADE")
    # Erasing a participant erases the interviews they gave, drafts included.
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=300)
    status: InterviewStatus = Field(default=InterviewStatus.DRAFT, sa_type=String(16))
    interviewer_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    source_id: int | None = Field(default=None, foreign_key="source.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LiveAnswer(SQLModel, table=True):
    """What was typed under one question: the answer, the researcher's notes, lines marked as quotes."""

    __table_args__ = (UniqueConstraint("interview_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="liveinterview.id", index=True, ondelete="CASCADE")
    question_id: str = Field(max_length=64)
    text: str = Field(default="", sa_type=Text)
    notes: str = Field(default="", sa_type=Text)
    quotes: list[str] = Field(default_factory=list, sa_type=JSON)
    revision: int = Field(default=0, sa_type=BigInteger)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SectionTime(SQLModel, table=True):
    """Time spent in one section: the total of closed stretches plus the one running, if any."""

    __table_args__ = (UniqueConstraint("interview_id", "section_id"),)

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="liveinterview.id", index=True, ondelete="CASCADE")
    section_id: str = Field(max_length=64)
    elapsed_s: float = 0.0
    running_since: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Highlight(SQLModel, table=True):
    """A quote marked during a live interview, anchored on the utterance where it starts."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    source_id: int = Field(foreign_key="source.id", index=True, ondelete="CASCADE")
    utterance_id: int = Field(foreign_key="utterance.id", index=True, ondelete="CASCADE")
    interview_id: int | None = Field(default=None, foreign_key="liveinterview.id", ondelete="SET NULL")
    question_id: str | None = Field(default=None, max_length=64)
    text: str = Field(sa_type=Text)
    created_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class InterviewStart(SQLModel):
    """Start a live interview: an existing participant or a new one by name, and a guide."""

    participant_id: int | None = None
    participant_name: str | None = Field(default=None, min_length=1, max_length=200)
    guide_id: int | None = None
    template_id: str | None = None
    title: str | None = Field(default=None, max_length=300)


class AnswerSave(SQLModel):
    """One question's answer as the page last saw it; `revision` grows with every edit."""

    text: str = Field(default="", max_length=MAX_ANSWER_CHARS)
    notes: str = Field(default="", max_length=MAX_ANSWER_CHARS)
    quotes: list[str] = Field(default_factory=list, max_length=200)
    revision: int = Field(ge=0)


class AnswerRead(SQLModel):
    question_id: str
    text: str
    notes: str
    quotes: list[str]
    revision: int
    updated_at: datetime
    applied: bool = True


class TimerChange(SQLModel):
    running: bool


class SectionTimeRead(SQLModel):
    section_id: str
    elapsed_s: float
    running: bool


class InterviewRead(SQLModel):
    id: int
    project_id: int
    title: str
    status: InterviewStatus
    participant_id: int
    participant_name: str
    guide_version_id: int
    guide_id: int | None
    template_id: str | None
    guide_name: str
    guide_version: int
    framework: str
    source_id: int | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class InterviewState(InterviewRead):
    """Everything the live page needs to resume: the guide, every answer and the section timers."""

    guide: dict[str, Any]
    answers: dict[str, AnswerRead]
    timers: dict[str, SectionTimeRead]


class InterviewPage(SQLModel):
    items: list[InterviewRead]
    total: int
    page: int
    page_size: int


class FinishResult(SQLModel):
    interview_id: int
    source_id: int
    utterances: int
    highlights: int
    coding_job_id: int | None = None


class HighlightRead(SQLModel):
    """A highlight with what a reader needs: the question, the participant, whether the answer holds it.

    `found_in_answer` is false for a quote the researcher typed that no line of the answer holds (kept on the
    answer's first line, or on the question when nothing was answered): not the participant's words as said.
    `participant_id` is who said it, or for such a quote the participant interviewed.
    """

    id: int
    source_id: int
    utterance_id: int
    interview_id: int | None
    question_id: str | None
    question_text: str | None
    participant_id: int | None
    participant_name: str | None
    found_in_answer: bool
    text: str
    created_at: datetime


class HighlightPage(SQLModel):
    items: list[HighlightRead]
    total: int
    page: int
    page_size: int
