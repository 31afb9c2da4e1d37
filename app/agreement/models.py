"""Agreement reports (read models) and per-project adjustments learned from researchers' corrections."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db import UTCDateTime, utcnow


class Cell(SQLModel):
    """One confusion-matrix cell: the machine (or first coder) said `a`, the researcher (second) said `b`."""

    a: str
    b: str
    count: int
    utterance_ids: list[int]


class LabelAgreement(SQLModel):
    label: str
    units: int
    kappa: float | None
    alpha: float | None


class KindAgreement(SQLModel):
    """Agreement on one code kind over the utterances both sides coded.

    `low_support` is set when too few units back kappa and alpha to trust them; `support_note` says so in
    words ("" otherwise).
    """

    kind: str
    units: int
    observed: float
    kappa: float | None
    alpha: float | None
    labels: list[LabelAgreement]
    cells: list[Cell]
    low_support: bool = False
    support_note: str = ""


class AgreementReport(SQLModel):
    project_id: int
    comparison: str
    kinds: list[KindAgreement]


class ProjectAdjustment(SQLModel, table=True):
    """A head fitted on a project's reviewed codes of one kind (JSON), its measured effect, and a switch.

    `applied` keeps, per machine code it relabelled, the original (label, score, coder, version), so turning
    the adjustment off restores exactly what the coder wrote.
    """

    __tablename__ = "project_adjustment"
    __table_args__ = (UniqueConstraint("project_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=32)
    head: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    metrics: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    enabled: bool = False
    applied: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    fitted_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    fitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AdjustmentRead(SQLModel):
    kind: str
    enabled: bool
    metrics: dict[str, Any]
    relabelled: int
    fitted_at: datetime


class AdjustmentSwitch(SQLModel):
    enabled: bool
