"""Saturation: how many new codes each added interview brings, and when new interviews stop adding.

The stopping signal follows Guest, Namey and Chen (2020, PLOS ONE): the codes of the first `base` interviews
are the base; after each later run of `run` interviews, new information = codes first seen in that run /
codes in the base. Saturation is reached at the first run whose new information is at or below `threshold`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SaturationPoint:
    """One interview on the curve.

    Attributes:
        key: Which interview (a source id).
        new: Codes first seen in this interview.
        total: Distinct codes seen up to and including it.
    """

    key: Hashable
    new: tuple[str, ...]
    total: int


@dataclass(frozen=True, slots=True)
class SaturationCurve:
    """New codes per added interview, with the stopping signal.

    Attributes:
        points: One per interview, in the order they were added.
        base_size: Codes in the base (the first `base` interviews).
        new_information: For each run after the base: (index of its last interview, ratio).
        saturated_at: Index (0-based) of the interview that closes the first run at or below the threshold,
            or None while new interviews still add more than that.
    """

    points: list[SaturationPoint] = field(default_factory=list)
    base_size: int = 0
    new_information: list[tuple[int, float]] = field(default_factory=list)
    saturated_at: int | None = None

    @property
    def saturated(self) -> bool:
        return self.saturated_at is not None


def saturation(
    interviews: Sequence[tuple[Hashable, Iterable[str]]],
    *,
    base: int = 4,
    run: int = 2,
    threshold: float = 0.05,
) -> SaturationCurve:
    """The saturation curve of interviews given in the order they were added.

    Args:
        interviews: (interview key, the codes found in it) in order; codes are any strings ("theme:7",
            "pain:pricing", "emotion:frustration").
        base: Interviews that make the base.
        run: Interviews per run after the base.
        threshold: New information at or below which the run counts as saturated (0.05 = 5%).
    """
    seen: set[str] = set()
    points = []
    for key, codes in interviews:
        new = tuple(sorted(set(codes) - seen))
        seen.update(new)
        points.append(SaturationPoint(key, new, len(seen)))
    if len(points) <= base:
        return SaturationCurve(points, points[-1].total if points else 0)
    base_size = points[base - 1].total
    ratios = _runs(points, base=base, run=run, base_size=base_size)
    saturated_at = next((index for index, ratio in ratios if ratio <= threshold), None)
    return SaturationCurve(points, base_size, ratios, saturated_at)


def _runs(points: list[SaturationPoint], *, base: int, run: int, base_size: int) -> list[tuple[int, float]]:
    ratios = []
    for start in range(base, len(points) - run + 1, run):
        new = sum(len(point.new) for point in points[start : start + run])
        ratios.append((start + run - 1, new / base_size if base_size else 0.0))
    return ratios
