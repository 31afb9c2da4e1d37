"""SubRip (SRT) subtitles."""

from __future__ import annotations

import re

from nlp.ingest.cues import Cue, blocks, cue_timing, cue_turns
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
        found = cue_timing(filename, block, number, _STAMP, "SRT")
        if found is None:
            warnings.append(f"line {number}: text without a cue timing was skipped")
            continue
        timing, start, end, warning = found
        warnings.extend([warning] if warning else [])
        cues.append(Cue(number, start, end, block[timing + 1 :]))
    turns, more = cue_turns(cues)
    if not turns:
        raise IngestError(filename, "no subtitles with text found", code="no_turns")
    return Transcript("srt", turns, warnings=warnings + more)
