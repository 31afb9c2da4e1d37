"""Audit events: who uploaded, exported, deleted or changed roles, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from app.db import UTCDateTime, utcnow


class AuditEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Kept (as a plain number) after the project is deleted, so the deletion itself stays on record.
    project_id: int | None = Field(default=None, index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    actor_email: str = Field(max_length=320)
    action: str = Field(max_length=64)
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class AuditEventRead(SQLModel):
    id: int
    project_id: int | None
    actor_email: str
    action: str
    detail: dict[str, Any]
    created_at: datetime


class AuditEventPage(SQLModel):
    items: list[AuditEventRead]
    total: int
    page: int
    page_size: int
