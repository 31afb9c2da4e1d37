"""WebVTT captions as Zoom and Teams export them."""

from __future__ import annotations

import re

from nlp.ingest.cues import Cue, blocks, cue_timing, cue_turns
from nlp.ingest.errors import IngestError
from nlp.types import Transcript

_STAMP = re.compile(r"(?:\d{2,}:)?\d{2}:\d{2}[.,]\d{3}")
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")


def parse_vtt(filename: str, text: str) -> Transcript:
    """Read a WebVTT file; speakers come from `<v Name>` tags or "Name:" prefixes.

    Raises:
        IngestError: "malformed" for a broken cue timing, "no_turns" for a file without speech.
    """
    cues: list[Cue] = []
    warnings: list[str] = []
    title: str | None = None
    for number, block in blocks(text.split("\n")):
        head = block[0].strip()
        if head.startswith("WEBVTT"):
            title = head[len("WEBVTT") :].strip(" -\t") or title
        elif head.startswith(_SKIPPED_BLOCKS) and "-->" not in head:
            title = title or _note_title(head, block)
        elif (found := cue_timing(filename, block, number, _STAMP, "WebVTT")) is not None:
            timing, start, end, warning = found
            warnings.extend([warning] if warning else [])
            cues.append(Cue(number, start, end, block[timing + 1 :]))
        else:
            warnings.append(f"line {number}: text without a cue timing was skipped")
    if not text.lstrip().startswith("WEBVTT"):
        warnings.insert(0, 'the file does not start with "WEBVTT"; read it as WebVTT anyway')
    turns, more = cue_turns(cues)
    if not turns:
        raise IngestError(filename, "no captions with text found", code="no_turns")
    return Transcript("vtt", turns, warnings=warnings + more, title=title)


def _note_title(head: str, block: list[str]) -> str | None:
    if not head.startswith("NOTE"):
        return None
    note = " ".join([head[len("NOTE") :], *block[1:]]).strip()
    return note[:200] or None
