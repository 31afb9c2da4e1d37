"""Utterance: one sentence of one turn (or one survey answer), the unit every coder codes."""

from __future__ import annotations

from sqlalchemy import Index, String, Text
from sqlmodel import Field, SQLModel

from app.db import NEVER_REUSE_IDS


class UtteranceBase(SQLModel):
    speaker_role: str = Field(sa_type=String(16))
    speaker_label: str | None = Field(default=None, max_length=200)
    turn: int = Field(ge=0)
    sentence: int = Field(ge=0)
    start_s: float | None = None
    end_s: float | None = None
    line: int | None = None
    text: str = Field(sa_type=Text)


class Utterance(UtteranceBase, table=True):
    __table_args__ = (
        Index("ix_utterance_source_order", "source_id", "turn", "sentence"),
        # A project's respondent utterances by source, read without the table (substantive counts).
        Index("ix_utterance_project_role", "project_id", "speaker_role", "source_id"),
        NEVER_REUSE_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    source_id: int = Field(foreign_key="source.id", ondelete="CASCADE")
    participant_id: int | None = Field(
        default=None, foreign_key="participant.id", index=True, ondelete="SET NULL"
    )
    speaker_id: int | None = Field(default=None, foreign_key="speaker.id", index=True, ondelete="CASCADE")
    question_id: int | None = Field(
        default=None, foreign_key="surveyquestion.id", index=True, ondelete="CASCADE"
    )


class UtteranceRead(UtteranceBase):
    id: int
    project_id: int
    source_id: int
    participant_id: int | None
    question_id: int | None


class UtterancePage(SQLModel):
    items: list[UtteranceRead]
    total: int
    page: int
    page_size: int
