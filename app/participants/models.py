"""Participant: a person who was interviewed or answered a survey, with who they are."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import field_validator
from sqlalchemy import JSON, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db import NEVER_REUSE_IDS, UTCDateTime, utcnow
from app.patches import not_null


class CommitteeRole(StrEnum):
    """Place in the B2B buying committee."""

    BUYER = "buyer"
    INFLUENCER = "influencer"
    USER = "user"
    PURCHASING_MANAGER = "purchasing_manager"
    OTHER = "other"


class Consent(StrEnum):
    UNKNOWN = "unknown"
    GIVEN = "given"
    WITHDRAWN = "withdrawn"


class ParticipantBase(SQLModel):
    display_name: str = Field(min_length=1, max_length=200)
    pseudonym: str | None = Field(default=None, max_length=200)
    job_title: str | None = Field(default=None, max_length=200)
    company: str | None = Field(default=None, max_length=200)
    sector: str | None = Field(default=None, max_length=200)
    company_size: str | None = Field(default=None, max_length=100)
    revenue_band: str | None = Field(default=None, max_length=100)
    committee_role: CommitteeRole | None = Field(default=None, sa_type=String(32))
    attributes: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    consent: Consent = Field(default=Consent.UNKNOWN, sa_type=String(16))


class ParticipantCreate(ParticipantBase):
    pass


class ParticipantUpdate(SQLModel):
    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    pseudonym: str | None = None
    job_title: str | None = None
    company: str | None = None
    sector: str | None = None
    company_size: str | None = None
    revenue_band: str | None = None
    committee_role: CommitteeRole | None = None
    attributes: dict[str, str] | None = None
    consent: Consent | None = None

    _not_null = field_validator("display_name", "attributes", "consent", mode="before")(not_null)


class Participant(ParticipantBase, table=True):
    __table_args__ = (UniqueConstraint("project_id", "display_name"), NEVER_REUSE_IDS)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    # The source that brought this participant in (a survey row, an interview speaker), if any: deleting
    # it removes the participant when nothing else refers to them, or else hands them to a source they
    # are still in, so deleting the last one removes them. A researcher's participant has none.
    origin_source_id: int | None = Field(default=None, foreign_key="source.id", ondelete="SET NULL")
    # When a researcher last changed this participant by hand (the API, a roster): deleting their
    # sources then keeps them.
    edited_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # With redaction on, the real name is not stored: this keyed hash recognises the person again.
    name_hash: str | None = Field(default=None, max_length=64, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ParticipantRead(ParticipantBase):
    id: int
    project_id: int
    created_at: datetime
    utterance_count: int = 0


class ParticipantPage(SQLModel):
    items: list[ParticipantRead]
    total: int
    page: int
    page_size: int
