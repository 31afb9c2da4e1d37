"""Transcript tables: one row per utterance, with speaker, text and optional time columns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nlp.ingest.csv_split import joined_text, joined_text_warning, looks_split, wide_rows, wide_rows_warning
from nlp.ingest.cues import UNKNOWN_SPEAKER
from nlp.ingest.errors import ErrorCode, IngestError
from nlp.ingest.options import IngestOptions
from nlp.ingest.table import Row, Table, find_column, find_named, list_headers
from nlp.ingest.table_kind import END_KEYS, SPEAKER_KEYS, START_KEYS, TEXT_KEYS
from nlp.ingest.table_lines import labelled_column, transcript_from_lines
from nlp.ingest.table_roles import role_columns, transcript_from_role_columns
from nlp.ingest.timecode import parse_time
from nlp.ingest.turns import TurnBuilder
from nlp.types import Transcript

_TEXT_HEADERS = "text, utterance, transcript, content, message, dialogue, speech or said"


@dataclass(frozen=True, slots=True)
class _Columns:
    speaker: int | None
    text: int
    start: int | None
    end: int | None


def transcript_from_table(filename: str, table: Table, options: IngestOptions, fmt: str) -> Transcript:
    """Read one turn per row; rows without a speaker continue the previous speaker.

    Raises:
        IngestError: "no_text_column" when no column holds the text, "no_turns" when no row has text.
    """
    if options.speaker_column is None and options.text_column is None and _no_speaker_column(table):
        lines = labelled_column(table)
        if lines is not None:
            transcript = transcript_from_lines(filename, table, lines, fmt)
            transcript.warnings = [*table.warnings, *transcript.warnings]
            return transcript
        if find_column(table.headers, TEXT_KEYS) is None and (roles := role_columns(table)) is not None:
            return transcript_from_role_columns(table, roles, fmt)
    columns = _columns(filename, table, options)
    builder, warnings, speaker = TurnBuilder(), list(table.warnings), None
    rejoin = _rejoined_text(filename, table, columns.text, warnings)
    for row in table.rows:
        text = rejoin(row) if rejoin else row.get(columns.text)
        speaker = row.get(columns.speaker) or speaker
        if not text:
            continue
        if speaker is None:
            warnings.append(f'row {row.number}: no speaker; read as "{UNKNOWN_SPEAKER}"')
            speaker = UNKNOWN_SPEAKER
        start, end = _time(row, columns.start, warnings), _time(row, columns.end, warnings)
        builder.start(speaker, line=row.number, start=start, end=end)
        builder.add(text)
    turns = builder.finish()
    if not turns:
        message = f'no row has text in column "{table.headers[columns.text]}"'
        raise IngestError(filename, message, code="no_turns")
    return Transcript(fmt, turns, warnings=warnings)


def _rejoined_text(
    filename: str, table: Table, text: int, warnings: list[str]
) -> Callable[[Row], str] | None:
    """In a CSV whose text column is the last, rows with more cells than the header whose extra cells
    read as split text (`looks_split`: "Well, we tried three, and the third one stuck." unquoted) have
    their cells from the text column on joined back, and a warning names the rows. Otherwise the extra
    cells are kept as columns of their own, with `wide_rows_warning`."""
    wide = wide_rows(table)
    if not wide or table.delimiter is None:
        return None
    if text != len(table.header_cells) - 1 or not looks_split(table):
        if (warning := wide_rows_warning(filename, table, what="text")) is not None:
            warnings.append(warning)
        return None
    warnings.append(joined_text_warning(filename, table, wide, table.headers[text]))
    return lambda row: joined_text(table, row.cells, text)


def _no_speaker_column(table: Table) -> bool:
    return find_column(table.headers, SPEAKER_KEYS) is None


def _columns(filename: str, table: Table, options: IngestOptions) -> _Columns:
    headers = table.headers
    text = _column(filename, headers, options.text_column, TEXT_KEYS, "no_text_column")
    if text is None:
        found = list_headers(headers)
        message = f"no text column found; expected a header such as {_TEXT_HEADERS} (found: {found})"
        raise IngestError(filename, message, code="no_text_column")
    return _Columns(
        speaker=_column(filename, headers, options.speaker_column, SPEAKER_KEYS, "malformed"),
        text=text,
        start=_column(filename, headers, options.time_column, START_KEYS, "malformed"),
        end=find_column(headers, END_KEYS),
    )


def _column(
    filename: str, headers: list[str], override: str | None, keys: frozenset[str], code: ErrorCode
) -> int | None:
    if override is None:
        return find_column(headers, keys)
    index = find_named(headers, override)
    if index is None:
        found = list_headers(headers)
        message = f'column "{override}" from the import options is not in the header (found: {found})'
        raise IngestError(filename, message, code=code)
    return index


def _time(row: Row, column: int | None, warnings: list[str]) -> float | None:
    value = row.get(column)
    seconds = parse_time(value) if value else None
    if value and seconds is None:
        warnings.append(f'row {row.number}: time "{value[:40]}" is not a time; ignored')
    return seconds
