"""SubRip (SRT) subtitles."""

from __future__ import annotations

import re

from nlp.ingest.cues import Cue, blocks, cue_turns, parse_timing
from nlp.ingest.errors import IngestError
from nlp.types import Transcript

_STAMP = re.compile(r"\d{1,3}:\d{2}:\d{2}[,.]\d{1,3}")


def parse_srt(filename: str, text: str) -> Transcript:
    """Read an SRT file; speakers come from "Name:", "[Name]" or "- Name:" at the start of a line.

    Raises:
        IngestError: "malformed" for a broken cue timing, "no_turns" for a file without speech.
    """
    cues, warnings = [], []
    for number, block in blocks(text.split("\n")):
        timing = next((index for index, line in enumerate(block[:2]) if "-->" in line), None)
        if timing is None:
            warnings.append(f"line {number}: text without a cue timing was skipped")
            continue
        start, end = parse_timing(filename, block[timing], number + timing, _STAMP, "SRT")
        cues.append(Cue(number, start, end, block[timing + 1 :]))
    turns, more = cue_turns(cues)
    if not turns:
        raise IngestError(filename, "no subtitles with text found", code="no_turns")
    return Transcript("srt", turns, warnings=warnings + more)
