"""How a closed survey column's answers group and order: a number scale, a Likert scale, numbers in
bins, or plain choices. Pure functions; app/sources/closed.py counts the respondents."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

Kind = Literal["scale", "number", "choice"]

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_LEADING_NUMBER = re.compile(r"^(\d+)\s*(?:[-\u2013.:=)(]|$)")
# "(1-5)", "0 to 10", "(0 = Not at all likely, 10 = Extremely likely)"
_DECLARED_RANGE = re.compile(r"\b(\d+)\s*(?:-|\u2013|to)\s*(\d+)\b|\b(\d+)\s*=.*?\b(\d+)\s*=")
# Ordered ranges: "1-10", "11-50", "More than 500", "500+", "Less than 6 months", "1-2 years".
_RANGE = re.compile(
    r"^(?:(?P<below>less than|fewer than|under|below|up to)|(?P<above>more than|over|above|at least))?\s*"
    r"[$\u20ac\u00a3]?(?P<low>\d[\d,]*(?:\.\d+)?)"
    r"(?:\s*(?:-|\u2013|to)\s*[$\u20ac\u00a3]?\d[\d,]*(?:\.\d+)?)?"
    r"\s*(?P<plus>\+)?\s*(?P<unit>[^\W\d_][\w ]*)?$",
    re.IGNORECASE,
)
_OPEN_ABOVE = re.compile(r"\b(?:or|and) (?:more|over|above|older|longer)\b", re.IGNORECASE)  # "65 or older"
_OPEN_BELOW = re.compile(r"\b(?:or|and) (?:less|fewer|under|below|younger|shorter)\b", re.IGNORECASE)
_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 365 / 12, "year": 365}
_RECOMMEND = re.compile(r"recommend|\bnps\b", re.IGNORECASE)
_MOST_STEPS = 11  # 0-10 is the longest scale shown step by step; wider numbers go in bins
_BINS = 6

# Likert and other ordered answer sets, low to high; a column is a scale when all its answers
# come from one of them.
_SCALES = (
    ("strongly disagree", "disagree", "somewhat disagree", "neither agree nor disagree", "neutral",
     "somewhat agree", "agree", "strongly agree"),
    ("very dissatisfied", "dissatisfied", "somewhat dissatisfied", "neither satisfied nor dissatisfied",
     "neutral", "somewhat satisfied", "satisfied", "very satisfied"),
    ("extremely unlikely", "very unlikely", "unlikely", "somewhat unlikely", "neither likely nor unlikely",
     "neutral", "somewhat likely", "likely", "very likely", "extremely likely"),
    ("never", "rarely", "sometimes", "often", "very often", "always"),
    ("not at all important", "slightly important", "moderately important", "important", "very important",
     "extremely important"),
    ("very poor", "poor", "fair", "average", "good", "very good", "excellent"),
    ("no", "not sure", "maybe", "yes"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Grouping:
    """The options of one column, in the order to show them, and which option an answer falls in."""

    kind: Kind
    labels: list[str]
    label_of: Callable[[str], str]
    nps: bool = False


def group_answers(header: str, answers: Sequence[str], *, nps_hint: bool = False) -> Grouping:
    """Decide how to show one closed column's (non-blank) answers.

    Args:
        header: The column header (or question text); a declared range such as "(1-5)" fills the scale.
        answers: One answer per respondent who answered, blanks left out.
        nps_hint: The export marks this column as a Net Promoter question (a "_NPS_GROUP" sibling).
    """
    values = [tidy(a) for a in answers]
    if values and all(_NUMBER.match(v) for v in values):
        return _numbers(header, [float(v) for v in values], nps_hint=nps_hint)
    ranges = _ranges(values)
    if ranges is not None:
        return Grouping("scale", ranges, tidy)
    if values and all(_LEADING_NUMBER.match(v) for v in values):
        rank = {v: int(_LEADING_NUMBER.match(v).group(1)) for v in values}  # type: ignore[union-attr]
        return Grouping("scale", sorted(set(values), key=lambda v: (rank[v], v)), tidy)
    scale = _likert(values)
    if scale is not None:
        return Grouping("scale", sorted(set(values), key=lambda v: scale.index(v.casefold())), tidy)
    counts = Counter(values)
    return Grouping("choice", sorted(counts, key=lambda v: (-counts[v], v.casefold())), tidy)


def tidy(value: str) -> str:
    return " ".join(value.split())


def is_number(value: str) -> bool:
    return _NUMBER.match(value) is not None


def _numbers(header: str, numbers: list[float], *, nps_hint: bool) -> Grouping:
    whole = all(n.is_integer() for n in numbers)
    declared = _declared_range(header)
    low, high = declared if declared else (min(numbers), max(numbers))
    if whole and declared and not (low <= min(numbers) and max(numbers) <= high):
        low, high = min(low, min(numbers)), max(high, max(numbers))
    if whole and high - low < _MOST_STEPS:
        nps = _is_nps(header, numbers, declared, nps_hint=nps_hint)
        if nps:
            low, high = 0, 10
        labels = [str(i) for i in range(int(low), int(high) + 1)]
        return Grouping("scale", labels, lambda v: str(int(float(v))), nps=nps)
    if len(set(numbers)) <= _MOST_STEPS:
        labels = [f"{n:g}" for n in sorted(set(numbers))]
        return Grouping("scale", labels, lambda v: f"{float(v):g}")
    return _bins(min(numbers), max(numbers), whole=whole)


def _declared_range(header: str) -> tuple[float, float] | None:
    match = _DECLARED_RANGE.search(header)
    if match is None:
        return None
    low, high = (int(g) for g in match.groups() if g is not None)
    return (low, high) if low < high else None


def _is_nps(
    header: str, numbers: list[float], declared: tuple[float, float] | None, *, nps_hint: bool
) -> bool:
    if not (nps_hint or _RECOMMEND.search(header)) or min(numbers) < 0 or max(numbers) > 10:
        return False
    return declared == (0, 10) if declared else (nps_hint or max(numbers) > 7)


def _bins(low: float, high: float, *, whole: bool) -> Grouping:
    width = (high - low) / _BINS
    if whole:
        width = float(max(1, -(-int(high - low + 1) // _BINS)))
    edges = [low + i * width for i in range(_BINS + 1)]

    def label(i: int) -> str:
        top = edges[i + 1] - 1 if whole else edges[i + 1]
        return f"{edges[i]:g}\u2013{min(top, high):g}"

    def label_of(value: str) -> str:
        index = int((float(value) - low) // width) if width else 0
        return label(min(index, _BINS - 1))

    return Grouping("number", [label(i) for i in range(_BINS) if edges[i] <= high], label_of)


def _ranges(values: list[str]) -> list[str] | None:
    """Number ranges and their open ends, smallest first ("Less than 6 months" < "6-12 months" <
    "1-2 years" < "More than 2 years"), or None when some answer is no such range."""
    keys: dict[str, tuple[float, int]] = {}
    for value in set(values):
        match = _RANGE.match(value)
        if match is None:
            return None
        words = match["unit"] or ""
        unit = words.split(" ", 1)[0].casefold().removesuffix("s")
        above = match["above"] or match["plus"] or _OPEN_ABOVE.search(words)
        side = -1 if match["below"] or _OPEN_BELOW.search(words) else 1 if above else 0
        keys[value] = (float(match["low"].replace(",", "")) * _DAYS.get(unit, 1), side)
    return sorted(keys, key=lambda v: (keys[v], v)) if keys else None


def _likert(values: list[str]) -> tuple[str, ...] | None:
    folded = {v.casefold() for v in values}
    if not folded or (len(folded) < 2 and folded <= {"neutral"}):
        return None
    return next((scale for scale in _SCALES if folded <= set(scale)), None)
