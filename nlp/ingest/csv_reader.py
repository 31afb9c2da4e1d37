"""CSV and TSV files to a Table; the delimiter (comma, semicolon, tab, pipe) is sniffed."""

from __future__ import annotations

import csv
import io

from nlp.ingest.csv_quotes import refuse_unclosed_quote
from nlp.ingest.errors import IngestError
from nlp.ingest.limits import IngestLimits, too_many_rows
from nlp.ingest.table import Table, table_from_records

_DELIMITERS = ",;\t|"
_SNIFF_LINES = 20
# One cell may hold a whole interview answer; the stdlib default (128 KiB) is too small for that.
_FIELD_LIMIT = 64 * 1024 * 1024


def read_csv(filename: str, text: str, limits: IngestLimits | None = None) -> Table:
    """Read CSV text; row numbers count records (as a spreadsheet shows them), header included.

    Raises:
        IngestError: "malformed" with the line number when the CSV cannot be parsed, "too_large"
            as soon as a record past `limits.max_rows` is read.
    """
    limits = limits or IngestLimits()
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    delimiter = sniff_delimiter(text)
    if text.count("\n") >= limits.max_rows:  # maybe too many records: count them without keeping any
        _check_record_count(filename, text, delimiter, limits)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    last_start = lines_read = 0  # the line the last record starts on; lines read before it
    try:
        for number, record in enumerate(reader, start=1):
            if number > limits.max_rows:
                raise too_many_rows(filename, limits, row=number)
            records.append((number, record))
            last_start, lines_read = lines_read + 1, reader.line_num
    except csv.Error as error:
        message = f"cannot read this CSV: {error}"
        raise IngestError(filename, message, code="malformed", line=reader.line_num) from None
    refuse_unclosed_quote(filename, text, delimiter, first_line=last_start)
    table = table_from_records(filename, records)
    table.delimiter = delimiter
    return table


def _check_record_count(filename: str, text: str, delimiter: str, limits: IngestLimits) -> None:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, _ in enumerate(reader, start=1):
            if number > limits.max_rows:
                raise too_many_rows(filename, limits, row=number)
    except csv.Error:
        return  # reported with its line by the real read


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most, and most consistent, columns."""
    lines = text[:65536].split("\n")[:_SNIFF_LINES]
    scores = {delimiter: _score(lines, delimiter) for delimiter in _DELIMITERS}
    best = max(scores, key=lambda delimiter: scores[delimiter])
    return best if scores[best] > (0.0, 1) else ","


def _score(lines: list[str], delimiter: str) -> tuple[float, int]:
    try:
        widths = [len(record) for record in csv.reader(lines, delimiter=delimiter) if record]
    except csv.Error:
        return (0.0, 0)
    if not widths or widths[0] < 2:
        return (0.0, 1)
    consistency = sum(width == widths[0] for width in widths) / len(widths)
    return (round(consistency, 1), widths[0])
