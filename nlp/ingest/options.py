"""What a caller may tell the importer about a file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from nlp.ingest.limits import IngestLimits

SourceKind = Literal["interview", "survey"]


@dataclass(slots=True)
class IngestOptions:
    """Overrides for format detection and column mapping; every field is optional.

    Attributes:
        kind: Force a CSV/XLSX to be read as an interview transcript or a survey.
        speaker_column: Header of the speaker column of a transcript table.
        text_column: Header of the text column of a transcript table.
        time_column: Header of the start-time column of a transcript table.
        id_column: Header of the respondent id column of a survey.
        open_columns: Headers of the open-text survey columns; all others become attributes (except
            what respondents typed for an "Other" option, which is always open text).
        max_bytes: Refuse files larger than this.
        limits: Caps on unpacked size, parts, rows and utterances.
    """

    kind: SourceKind | None = None
    speaker_column: str | None = None
    text_column: str | None = None
    time_column: str | None = None
    id_column: str | None = None
    open_columns: list[str] | None = None
    max_bytes: int | None = None
    limits: IngestLimits = field(default_factory=IngestLimits)
