"""Plain-text transcripts with speaker labels; also reads the paragraphs of a DOCX."""

from __future__ import annotations

from collections.abc import Sequence

from nlp.ingest.errors import IngestError
from nlp.ingest.labels import accepted_speakers, match_label
from nlp.ingest.turns import TurnBuilder
from nlp.types import Transcript

LABEL_STYLES = (
    'expected lines like "Name: text", "[00:01:02] Name: text", "Name (00:01:02): text", '
    'or a line "Name  0:03" followed by what they said'
)
_TITLE_MAX = 120


def parse_txt(filename: str, text: str) -> Transcript:
    """Read a text transcript; each turn records the line its label is on."""
    return parse_lines(filename, list(enumerate(text.split("\n"), start=1)), "txt")


def parse_lines(filename: str, lines: Sequence[tuple[int, str]], fmt: str) -> Transcript:
    """Read numbered lines: a speaker label starts a turn, unlabelled lines continue it.

    Args:
        filename: For error messages.
        lines: (1-based line or paragraph number, text) pairs in file order.
        fmt: The format id the transcript reports.

    Raises:
        IngestError: "no_turns" when no line carries a speaker label.
    """
    labels = [match_label(line) for _, line in lines]
    accepted = accepted_speakers(label for label in labels if label is not None)
    builder, preamble = TurnBuilder(), []
    for (number, line), label in zip(lines, labels, strict=True):
        if label is not None and label.speaker in accepted:
            builder.start(label.speaker, line=number, start=label.start)
            builder.add(label.text)
        elif builder.open:
            builder.add(line)
        elif line.strip():
            preamble.append(line.strip())
    turns = builder.finish()
    if not turns:
        raise IngestError(filename, f"no speaker labels found; {LABEL_STYLES}", code="no_turns")
    return Transcript(fmt, turns, warnings=_preamble_warnings(preamble), title=_title(preamble))


def _title(preamble: list[str]) -> str | None:
    return preamble[0] if preamble and len(preamble[0]) <= _TITLE_MAX else None


def _preamble_warnings(preamble: list[str]) -> list[str]:
    skipped = len(preamble) - (_title(preamble) is not None)
    if skipped <= 0:
        return []
    return [f"{skipped} line(s) before the first speaker label were not read as speech"]
