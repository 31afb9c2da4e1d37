"""A project's own interview guides and their versions; built-in guides are snapshotted when used.

A version that an interview or a matched transcript used is never changed again: editing the guide
then adds a new version, so a finished interview keeps the questions it was run with.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db import NEVER_REUSE_IDS, UTCDateTime, utcnow


class Guide(SQLModel, table=True):
    """A guide a project owns (created, or copied from a built-in guide or another guide)."""

    __table_args__ = (UniqueConstraint("project_id", "name"), NEVER_REUSE_IDS)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    based_on: str | None = Field(default=None, max_length=200)
    created_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class GuideVersion(SQLModel, table=True):
    """The YAML of one version of a guide; `template_id` marks a snapshot of a built-in guide."""

    __table_args__ = (UniqueConstraint("guide_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    guide_id: int | None = Field(default=None, foreign_key="guide.id", index=True, ondelete="CASCADE")
    template_id: str | None = Field(default=None, max_length=64)
    number: int = 1
    name: str = Field(max_length=200)
    framework: str = Field(max_length=64)
    source_yaml: str = Field(sa_type=Text)
    sha256: str = Field(max_length=64)
    created_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class GuideWrite(SQLModel):
    """A guide as YAML text, or as the same structure in JSON (`document`); exactly one of them."""

    yaml: str | None = Field(default=None, max_length=500_000)
    document: dict[str, Any] | None = None


class GuideCopy(SQLModel):
    """Copy a built-in guide (`template_id`) or one of the project's guides (`guide_id`)."""

    template_id: str | None = None
    guide_id: int | None = None
    name: str | None = Field(default=None, min_length=1, max_length=200)


class GuideCreate(GuideWrite):
    copy_of: GuideCopy | None = None


class VersionRead(SQLModel):
    id: int
    number: int
    name: str
    framework: str
    created_at: datetime
    used: bool = False


class GuideSummary(SQLModel):
    id: int
    project_id: int
    name: str
    framework: str
    kind: str
    based_on: str | None
    version: int
    questions: int
    interviews: int
    updated_at: datetime


class TemplateSummary(SQLModel):
    id: str
    name: str
    description: str
    framework: str
    kind: str
    sections: int
    questions: int


class GuideDetail(GuideSummary):
    """A guide with the content of one of its versions and the list of all versions."""

    version_id: int
    yaml: str
    document: dict[str, Any]
    versions: list[VersionRead]


class TemplateDetail(TemplateSummary):
    yaml: str
    document: dict[str, Any]
