"""Links from utterances to guide questions, and which guide version a source follows."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from app.db import UTCDateTime, utcnow


class LinkOrigin(StrEnum):
    LIVE = "live"  # typed under the question in the live interview mode
    MATCHED = "matched"  # an uploaded transcript's interviewer turn matched to the question by meaning


class SourceGuide(SQLModel, table=True):
    """The guide version a source followed: run from it live, or matched to it after upload."""

    source_id: int = Field(primary_key=True, foreign_key="source.id", ondelete="CASCADE")
    guide_version_id: int = Field(foreign_key="guideversion.id", index=True, ondelete="CASCADE")
    origin: LinkOrigin = Field(sa_type=String(16))
    threshold: float | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class GuideLink(SQLModel, table=True):
    """One utterance tied to a guide question, with the question's section and journey stage.

    `asked` marks the interviewer's question itself; respondent utterances answer it.
    """

    utterance_id: int = Field(primary_key=True, foreign_key="utterance.id", ondelete="CASCADE")
    source_id: int = Field(foreign_key="source.id", index=True, ondelete="CASCADE")
    guide_version_id: int = Field(foreign_key="guideversion.id", ondelete="CASCADE")
    question_id: str = Field(max_length=64)
    section_id: str = Field(max_length=64)
    stage: str | None = Field(default=None, max_length=64)
    asked: bool = False
    score: float = 1.0
    origin: LinkOrigin = Field(sa_type=String(16))


class QuestionCoverageRead(SQLModel):
    section_id: str
    section_title: str
    stage: str | None
    question_id: str
    text: str
    asked: bool
    answered: bool
    score: float | None
    asked_utterance_ids: list[int]
    answer_utterance_ids: list[int]


class CoverageRead(SQLModel):
    """Per guide question: asked and answered in this source, with the utterances that show it."""

    source_id: int
    guide_version_id: int
    guide_name: str
    guide_version: int
    framework: str
    origin: LinkOrigin
    threshold: float | None
    asked: int
    answered: int
    total: int
    questions: list[QuestionCoverageRead]
    warning: str | None = None


class GuideChoice(SQLModel):
    """Which guide an uploaded transcript followed: a project guide or a built-in one."""

    guide_id: int | None = None
    template_id: str | None = None
