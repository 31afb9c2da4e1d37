"""Review decisions on machine codes, and blind rounds where two researchers code the same sample."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Index, String
from sqlmodel import Field, SQLModel

from app.db import NEVER_REUSE_IDS, UTCDateTime, utcnow
from app.errors import RowId


class Action(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    CHANGE = "change"


class DecisionCreate(SQLModel):
    """A researcher's decision on one machine code; `label` is the new label when changing."""

    code_id: int
    action: Action
    label: str | None = Field(default=None, min_length=1, max_length=64)


class DecisionRead(SQLModel):
    """What a decision stored: the researcher codes (ids, for undo) and their labels."""

    code_id: int
    action: Action
    utterance_id: int
    kind: str
    created_ids: list[int]
    labels: list[str]


class Undo(SQLModel):
    """The researcher codes one decision stored (`DecisionRead.created_ids`)."""

    code_ids: list[RowId] = Field(min_length=1, max_length=10)


class QueueItem(SQLModel):
    """One machine code waiting for review, with the labels a researcher may change it to."""

    code_id: int
    utterance_id: int
    source_id: int
    text: str
    kind: str
    label: str
    score: float
    threshold: float
    options: list[str]


class QueueFilter(SQLModel):
    """Which machine codes a queue or a bulk accept covers."""

    kind: str | None = Field(default=None, max_length=32)
    label: str | None = Field(default=None, max_length=64)
    min_score: float = Field(default=0.0, ge=0.0, le=1.0)
    max_score: float = Field(default=1.0, ge=0.0, le=1.0)
    source_id: int | None = None


class BulkResult(SQLModel):
    accepted: int


class ReviewRound(SQLModel, table=True):
    """A blind round: a sample of utterances two researchers code without seeing any other codes."""

    __tablename__ = "review_round"
    __table_args__ = NEVER_REUSE_IDS

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    kind: str = Field(max_length=32)
    utterance_ids: list[int] = Field(default_factory=list, sa_type=JSON)
    coder_ids: list[int] = Field(default_factory=list, sa_type=JSON)
    created_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BlindCode(SQLModel, table=True):
    """One researcher's label in a blind round; kept out of `code` so nothing reads it."""

    __tablename__ = "blind_code"
    __table_args__ = (Index("ix_blind_code_round_user", "round_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="review_round.id", ondelete="CASCADE")
    utterance_id: int = Field(foreign_key="utterance.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    label: str = Field(max_length=64, sa_type=String(64))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class RoundCreate(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    kind: str = Field(max_length=32)
    size: int = Field(default=20, ge=2, le=500)
    coder_emails: list[str] = Field(min_length=2, max_length=2)
    source_id: int | None = None


class RoundRead(SQLModel):
    id: int
    name: str
    kind: str
    utterance_ids: list[int]
    coder_ids: list[int]


class BlindCodeCreate(SQLModel):
    utterance_id: int
    label: str = Field(min_length=1, max_length=64)


class Reconcile(SQLModel):
    utterance_id: int
    label: str = Field(min_length=1, max_length=64)
