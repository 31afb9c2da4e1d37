"""Geometry of the inline SVG saturation chart: cumulative codes as a line, new codes as bars, the stop."""

from __future__ import annotations

from dataclasses import dataclass

from app.saturation.models import CurveRead

WIDTH, HEIGHT, PAD = 640, 220, 32


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    title: str
    number: int


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    line: str
    bars: list[Bar]
    stop_x: float | None
    top: int
    bottom_y: float
    stop_ratio: float = 0.0


def chart(curve: CurveRead) -> Chart:
    """Points of the curve scaled into the SVG box (left to right: interviews in upload order)."""
    n = max(len(curve.points), 1)
    top = max((p.total for p in curve.points), default=0) or 1
    step = (WIDTH - 2 * PAD) / n
    bottom = HEIGHT - PAD

    def y(value: int) -> float:
        return round(bottom - (HEIGHT - 2 * PAD) * value / top, 1)

    line = " ".join(f"{round(PAD + step * (i + 0.5), 1)},{y(p.total)}" for i, p in enumerate(curve.points))
    bars = [
        Bar(
            round(PAD + step * i + step * 0.2, 1),
            y(len(p.new)),
            round(step * 0.6, 1),
            round(bottom - y(len(p.new)), 1),
            f"{p.title}: {len(p.new)} new, {p.total} in all",
            i + 1,
        )
        for i, p in enumerate(curve.points)
    ]
    stop = None if curve.saturated_at is None else round(PAD + step * (curve.saturated_at + 1), 1)
    ratio = dict(curve.new_information).get(curve.saturated_at or -1, 0.0)
    return Chart(WIDTH, HEIGHT, line, bars, stop, top, bottom, ratio)
