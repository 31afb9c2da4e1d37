"""Personas of one run: the machine's canvas, the researcher's edits on top, members and a picture."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import JSON, LargeBinary
from sqlmodel import Field, SQLModel

from app.db import NEVER_REUSE_IDS

Population = Literal["all", "interviews", "surveys"]


class Persona(SQLModel, table=True):
    """`canvas` is the machine's 11-section canvas (nlp.aggregate.canvas.canvas_to_dict); `edits` holds
    the researcher's changes per field: {"value", "pinned": [ids], "removed": [ids], "by", "at"}.
    The machine canvas is never overwritten by an edit, so both can be shown."""

    __table_args__ = NEVER_REUSE_IDS

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="analysis_run.id", index=True, ondelete="CASCADE")
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    number: int
    name: str = Field(max_length=200)
    initials: str = Field(max_length=4)
    size: int = 0
    canvas: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    edits: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    image: bytes | None = Field(default=None, sa_type=LargeBinary)
    image_type: str | None = Field(default=None, max_length=32)


class PersonaMember(SQLModel, table=True):
    __tablename__ = "persona_member"

    persona_id: int = Field(primary_key=True, foreign_key="persona.id", ondelete="CASCADE")
    participant_id: int = Field(
        primary_key=True, foreign_key="participant.id", index=True, ondelete="CASCADE"
    )


class PersonaFieldEdit(SQLModel):
    """A researcher's change to one canvas field; omitted parts stay as they were."""

    value: str | None = Field(default=None, max_length=5000)
    pinned: list[int] | None = Field(default=None, max_length=5)
    removed: list[int] | None = Field(default=None, max_length=200)
    reset: bool = Field(
        default=False, description="Drop the researcher's edits and show the machine's field."
    )


class PersonaRunCreate(SQLModel):
    k: int | None = Field(
        default=None, ge=1, le=12, description="Number of personas; empty = chosen from data."
    )
    max_k: int = Field(default=6, ge=2, le=12)
    population: Population = Field(
        default="all", description="Whose words: interview participants, survey respondents, or both."
    )
