"""Project membership: who may read, research or own a project."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.accounts.models import Email
from app.db import UTCDateTime, utcnow


class ProjectRole(StrEnum):
    """What a member may do in a project: owner > researcher > viewer."""

    OWNER = "owner"
    RESEARCHER = "researcher"
    VIEWER = "viewer"

    def allows(self, needed: ProjectRole) -> bool:
        """Whether this role may do what `needed` may do."""
        order = (ProjectRole.VIEWER, ProjectRole.RESEARCHER, ProjectRole.OWNER)
        return order.index(self) >= order.index(needed)


class Membership(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    role: ProjectRole = Field(sa_type=String(16))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MemberAdd(SQLModel):
    email: Email
    role: ProjectRole


class MemberUpdate(SQLModel):
    role: ProjectRole


class MemberRead(SQLModel):
    user_id: int
    email: str
    role: ProjectRole
