"""Journey-map inputs researchers own (opportunities, KPIs) and saved map versions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, String, Text
from sqlmodel import Field, SQLModel

from app.db import NEVER_REUSE_IDS, UTCDateTime, utcnow


class Feasibility(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class OpportunityBase(SQLModel):
    stage: str = Field(min_length=1, max_length=64)
    text: str = Field(min_length=1, max_length=2000, sa_type=Text)
    feasibility: Feasibility = Field(default=Feasibility.MEDIUM, sa_type=String(16))
    pain_points: list[str] = Field(
        default_factory=list, sa_type=JSON, description="Pain-point labels it answers."
    )


class Opportunity(OpportunityBase, table=True):
    """An idea from brainstorming, placed in a stage and linked to the pain points it answers."""

    __table_args__ = NEVER_REUSE_IDS

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    created_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OpportunityCreate(OpportunityBase):
    pass


class OpportunityRead(OpportunityBase):
    id: int
    project_id: int
    created_at: datetime


class StageGoalBase(SQLModel):
    stage: str = Field(min_length=1, max_length=64)
    text: str = Field(min_length=1, max_length=500)


class StageGoal(StageGoalBase, table=True):
    """A KPI the researcher sets for a stage."""

    __tablename__ = "stage_goal"
    __table_args__ = NEVER_REUSE_IDS

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")


class StageGoalCreate(StageGoalBase):
    pass


class StageGoalRead(StageGoalBase):
    id: int


class JourneySnapshot(SQLModel, table=True):
    """A saved version of a map (overall or one persona's), kept as the JSON the map was drawn from."""

    __tablename__ = "journey_snapshot"
    __table_args__ = NEVER_REUSE_IDS

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    persona_id: int | None = Field(default=None, foreign_key="persona.id", ondelete="SET NULL")
    persona_name: str | None = Field(default=None, max_length=200)
    framework: str = Field(max_length=64)
    label: str = Field(max_length=200)
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SnapshotCreate(SQLModel):
    label: str = Field(default="", max_length=200)
    persona_id: int | None = None


class SnapshotRead(SQLModel):
    id: int
    project_id: int
    persona_id: int | None
    persona_name: str | None
    framework: str
    label: str
    created_at: datetime
