"""Themes found in a run, which utterances each holds, and the researcher's edits that outlive runs."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, LargeBinary, String
from sqlmodel import Field, SQLModel

from app.analysis.models import AnalysisRunRead
from app.db import NEVER_REUSE_IDS, UTCDateTime, utcnow
from app.errors import RowId


class Theme(SQLModel, table=True):
    """A theme of one run. `label` is what researchers see; `machine_label` what the model said."""

    __table_args__ = NEVER_REUSE_IDS

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="analysis_run.id", index=True, ondelete="CASCADE")
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    number: int
    label: str = Field(max_length=300)
    machine_label: str = Field(max_length=300)
    keywords: list[str] = Field(default_factory=list, sa_type=JSON)
    phrase: str = Field(default="", max_length=300)
    edited: bool = False
    utterance_count: int = 0
    participant_count: int = 0
    representative_ids: list[int] = Field(default_factory=list, sa_type=JSON)
    centroid: bytes = Field(sa_type=LargeBinary)


class ThemeMember(SQLModel, table=True):
    __tablename__ = "theme_member"

    theme_id: int = Field(primary_key=True, foreign_key="theme.id", ondelete="CASCADE")
    utterance_id: int = Field(primary_key=True, foreign_key="utterance.id", index=True, ondelete="CASCADE")


class ThemeEditAction(StrEnum):
    RENAME = "rename"
    MERGE = "merge"
    SPLIT = "split"


class ThemeEdit(SQLModel, table=True):
    """A rename, merge or split, remembered by the centroids of the themes it touched so that a later run
    re-applies it to the themes that match them."""

    __tablename__ = "theme_edit"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    scope: str = Field(max_length=100)
    action: ThemeEditAction = Field(sa_type=String(16))
    centroids: bytes = Field(sa_type=LargeBinary)
    label: str | None = Field(default=None, max_length=300)
    parts: int | None = None
    created_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ThemeRead(SQLModel):
    id: int
    run_id: int
    number: int
    label: str
    machine_label: str
    keywords: list[str]
    phrase: str
    edited: bool
    utterance_count: int
    participant_count: int
    representative_ids: list[int]


class ThemeRename(SQLModel):
    label: str = Field(min_length=1, max_length=300)


class ThemeMerge(SQLModel):
    theme_ids: list[RowId] = Field(min_length=2, max_length=50)
    label: str | None = Field(default=None, min_length=1, max_length=300)


class ThemeSplit(SQLModel):
    parts: int = Field(default=2, ge=2, le=8)


class ThemeRunCreate(SQLModel):
    scope: str = Field(default="all", max_length=100)
    min_theme_size: int | None = Field(default=None, ge=2, le=500)
    seed: int = Field(default=42, ge=0)


class ThemeList(SQLModel):
    scope: str
    run: AnalysisRunRead | None
    themes: list[ThemeRead]
