"""A project's own journey frameworks, stored as the YAML a researcher uploaded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db import UTCDateTime, utcnow


class CustomFramework(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("project_id", "framework_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    framework_id: str = Field(max_length=64)
    source_yaml: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class StageRead(SQLModel):
    id: str
    name: str
    description: str


class FrameworkRead(SQLModel):
    id: str
    name: str
    description: str
    custom: bool
    stages: list[StageRead]
