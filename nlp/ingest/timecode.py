"""Clock times as written in transcripts ("1:02", "00:01:02.500", "00:01:02,500") to seconds."""

from __future__ import annotations

import re

CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_CLOCK = re.compile(r"(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")
_SECONDS = re.compile(r"\d+(?:\.\d+)?")


def parse_clock(value: str) -> float | None:
    """Seconds for "m:ss", "h:mm:ss" or "hh:mm:ss.mmm" (comma or dot), None if it is not a clock time."""
    match = _CLOCK.fullmatch(value.strip())
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        return None
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return total + (int(fraction) / 10 ** len(fraction) if fraction else 0.0)


def parse_time(value: str) -> float | None:
    """Seconds for a clock time or a plain number of seconds ("62.5"), None otherwise."""
    value = value.strip()
    if _SECONDS.fullmatch(value):
        return float(value)
    return parse_clock(value)
