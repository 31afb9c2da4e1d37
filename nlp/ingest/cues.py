"""What WebVTT and SRT share: blank-line blocks, cue timings, and merging cues into turns."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from nlp.ingest.cue_text import cue_pieces
from nlp.ingest.errors import IngestError
from nlp.ingest.timecode import parse_clock
from nlp.ingest.turns import TurnBuilder
from nlp.types import Turn

UNKNOWN_SPEAKER = "Unknown speaker"
_EXAMPLES = {"SRT": "00:00:01,000 --> 00:00:04,000", "WebVTT": "00:00:01.000 --> 00:00:04.000"}
_TIMING = re.compile(r"\s*(?P<start>\S+)\s+-->\s+(?P<end>\S+)(?:\s.*)?")
_ARROW = re.compile(r"\s*(?P<start>.*?)\s*-->\s*(?P<end>\S*)")
# Two timestamps with something other than "-->" between them ("->", "=>", "- >", nothing): a timing
# typed or edited by hand. Times are loose here; the format's own stamp pattern judges them. Only cue
# settings ("align:start", SRT's "X1:40") may follow: "10:30 -> 11:00 was our slot" is a line of text.
_LOOSE_STAMP = r"(?:\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_SETTINGS = r"(?:\s+[\w-]+:\S*)*\s*"
_BAD_ARROW = re.compile(
    rf"\s*(?P<start>{_LOOSE_STAMP})\s*(?P<arrow>(?:[^\w\s]\s?){{0,4}}?)\s*(?P<end>{_LOOSE_STAMP}){_SETTINGS}"
)
# "00:00:04,500 -> 00:0x:08": a start with seconds or milliseconds (a clock time "10:30" is text), an arrow.
_TIMING_LIKE = re.compile(
    rf"\s*\d{{1,3}}:\d{{2}}(?::\d{{2}}|[.,]\d)\S*\s*[-=~\u2013\u2014]*>\s*\S*{_SETTINGS}"
)


@dataclass(frozen=True, slots=True)
class Cue:
    """One timed block of a subtitle file."""

    line: int
    start: float
    end: float
    text: list[str]


def blocks(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Runs of non-blank lines, each with the 1-based number of its first line."""
    block: list[str] = []
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            block.append(line)
        elif block:
            yield number - len(block), block
            block = []


def cue_timing(
    filename: str, block: list[str], number: int, stamp: re.Pattern[str], kind: str
) -> tuple[int, float, float, str | None] | None:
    """Find a block's timing line (its first or second line): its index, start, end and a warning.

    A timing whose arrow is "->" (one dash) but whose times are valid is read, with a warning, rather
    than losing the cue; None when neither of the first two lines is a timing.

    Raises:
        IngestError: "malformed" naming the timing line when its arrow or times are broken.
    """
    for index, line in enumerate(block[:2]):
        if "-->" in line:
            return index, *parse_timing(filename, line, number + index, stamp, kind), None
        if (loose := _hand_typed_timing(filename, line, number + index, stamp, kind)) is not None:
            return index, *loose
    return None


def _hand_typed_timing(
    filename: str, line: str, number: int, stamp: re.Pattern[str], kind: str
) -> tuple[float, float, str] | None:
    """Start, end and a warning for "start -> end"; None when the line is no timing at all."""
    bad = _BAD_ARROW.fullmatch(line)
    if bad is None:
        if _TIMING_LIKE.fullmatch(line):
            message = f'cue timing "{line.strip()}" is malformed: expected "{_EXAMPLES[kind]}"'
            raise IngestError(filename, message, code="malformed", line=number, column=1)
        return None
    arrow = bad["arrow"].replace(" ", "")
    if arrow != "->":
        shown = f'"{arrow}"' if arrow else "no arrow"
        message = f'cue timing "{line.strip()}" is malformed: it has {shown} where "-->" belongs'
        raise IngestError(filename, message, code="malformed", line=number, column=1)
    start, end = parse_timing(filename, f"{bad['start']} --> {bad['end']}", number, stamp, kind)
    warning = (
        f'line {number}: cue timing "{line.strip()}" has the arrow "->" where "-->" belongs; '
        f"read as {bad['start']} --> {bad['end']}"
    )
    return start, end, warning


def parse_timing(
    filename: str, line: str, number: int, stamp: re.Pattern[str], kind: str
) -> tuple[float, float]:
    """Start and end seconds of a cue timing line ("00:00:01.000 --> 00:00:04.000 align:start").

    Raises:
        IngestError: "malformed" naming the line when a timestamp is invalid or the cue ends before it starts.
    """
    match = _TIMING.fullmatch(line) or _ARROW.match(line)
    start_text, end_text = (match["start"], match["end"]) if match else (line.strip(), "")
    start, end = _stamp(start_text, stamp), _stamp(end_text, stamp)
    if start is None or end is None:
        message = f'cue timing "{start_text} --> {end_text}" is not a valid {kind} timestamp'
        raise IngestError(filename, message, code="malformed", line=number, column=1)
    if end < start:
        message = f"cue ends ({end_text}) before it starts ({start_text})"
        raise IngestError(filename, message, code="malformed", line=number, column=1)
    return start, end


def cue_turns(cues: list[Cue]) -> tuple[list[Turn], list[str]]:
    """Turns from cues: consecutive cues by one speaker merge; unlabelled text continues the last speaker."""
    builder, speaker, warnings = TurnBuilder(), None, list[str]()
    for cue in cues:
        for named, text in cue_pieces(cue.text):
            if named is None and speaker is None and not warnings:
                warnings.append(f'line {cue.line}: cue names no speaker; read as "{UNKNOWN_SPEAKER}"')
            speaker = named or speaker or UNKNOWN_SPEAKER
            builder.start(speaker, line=cue.line, start=cue.start, end=cue.end)
            builder.add(text)
    return builder.finish(), warnings


def _stamp(text: str, stamp: re.Pattern[str]) -> float | None:
    return parse_clock(text) if stamp.fullmatch(text) else None
