"""Saturation curves as the API returns them."""

from __future__ import annotations

from sqlmodel import SQLModel


class PointRead(SQLModel):
    source_id: int
    title: str
    new: list[str]
    total: int


class CurveRead(SQLModel):
    """One curve: what counts as a code (`what`), for whom (`group`), and the Guest et al. stopping signal."""

    what: str
    group: str
    points: list[PointRead]
    base_size: int
    new_information: list[tuple[int, float]]
    saturated_at: int | None
    saturated: bool


class SaturationRead(SQLModel):
    project_id: int
    base: int
    run: int
    threshold: float
    curves: list[CurveRead]
