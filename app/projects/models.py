"""Project: one study, holding its sources, participants and the journey framework it codes against."""

from __future__ import annotations

import secrets
from datetime import datetime

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from app.db import NEVER_REUSE_IDS, UTCDateTime, utcnow
from app.patches import not_null


class ProjectBase(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    framework: str = Field(default="seven-step", max_length=64)
    redact_on_import: bool = Field(
        default=False, description="Replace emails, phone numbers, URLs and names with pseudonyms on import."
    )
    keep_original_files: bool = Field(default=True, description="Keep each uploaded file byte for byte.")


class ProjectCreate(ProjectBase):
    pass


class ProjectUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    framework: str | None = Field(default=None, max_length=64)
    redact_on_import: bool | None = None
    keep_original_files: bool | None = None

    _not_null = field_validator(
        "name", "description", "framework", "redact_on_import", "keep_original_files", mode="before"
    )(not_null)


class Project(ProjectBase, table=True):
    __table_args__ = NEVER_REUSE_IDS

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(min_length=1, max_length=200, unique=True)
    # Keys the hashes that recognise a redacted participant's name again without storing it.
    pseudonym_key: str = Field(default_factory=lambda: secrets.token_hex(32), max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ProjectRead(ProjectBase):
    id: int
    created_at: datetime


class ProjectSummary(ProjectRead):
    """A project with the counts its overview shows, and the caller's role in it."""

    role: str | None = None
    source_count: int = 0
    participant_count: int = 0
    utterance_count: int = 0
