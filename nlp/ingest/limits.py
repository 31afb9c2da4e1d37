"""Per-file caps that keep a hostile or runaway file from taking the server's memory or time.

Every cap is checked as early as the format allows: ZIP sizes from the central directory and again
while unpacking, rows while reading, utterances before anything is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from nlp.ingest.errors import IngestError

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class IngestLimits:
    """Caps for one file.

    Attributes:
        max_unpacked_bytes: What a DOCX/XLSX may unpack to, all parts together.
        max_parts: Parts (ZIP members) a DOCX/XLSX may hold.
        max_rows: Lines of a TXT/VTT/SRT, paragraphs and table rows of a DOCX, rows of a CSV/XLSX.
        max_utterances: Turns or answers, and the sentences they are split into.
    """

    max_unpacked_bytes: int = 64 * MB
    max_parts: int = 2_000
    max_rows: int = 500_000
    max_utterances: int = 500_000


def too_many_rows(filename: str, limits: IngestLimits, *, row: int, unit: str = "row") -> IngestError:
    """The error for a file that goes past `max_rows` at `row`."""
    return IngestError(
        filename,
        f"the file has more than {limits.max_rows:,} {unit}s; the limit is {limits.max_rows:,} "
        "(DESIRELINES_MAX_ROWS); split it into smaller files",
        code="too_large",
        line=row,
        unit="row" if unit == "row" else "line",
    )


def check_lines(filename: str, text: str, limits: IngestLimits) -> None:
    """Refuse a text transcript with more lines than `max_rows`, before parsing it."""
    if text.count("\n") >= limits.max_rows:
        raise too_many_rows(filename, limits, row=limits.max_rows + 1, unit="line")


def check_utterances(filename: str, count: int, limits: IngestLimits, *, what: str = "utterances") -> None:
    """Refuse a file that would give more than `max_utterances`."""
    if count > limits.max_utterances:
        raise IngestError(
            filename,
            f"the file gives {count:,} {what}; the limit is {limits.max_utterances:,} "
            "(DESIRELINES_MAX_UTTERANCES); split it into smaller files",
            code="too_large",
        )
