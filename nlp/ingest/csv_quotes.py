"""Refuse a CSV whose last record opens a quoted cell that never closes.

The stdlib reader (not strict) reads such a cell to the end of the file without complaint: one stray
quote would silently turn every later row into the text of one cell.
"""

from __future__ import annotations

import csv
import io
import itertools

from nlp.ingest.errors import IngestError

_QUOTE = '"'


def refuse_unclosed_quote(filename: str, text: str, delimiter: str, *, first_line: int) -> None:
    """Raise if the record starting on line `first_line` (1-based) ends the file inside quotes.

    Raises:
        IngestError: "malformed", with the line and column of the quote that opens the cell.
    """
    if first_line < 1:
        return
    lines = list(itertools.islice(io.StringIO(text, newline=""), first_line - 1, None))
    tail = "".join(lines)
    if _parses_strictly(tail, delimiter):  # the common case (one line), at C speed
        return
    offset = _unclosed_quote_offset(tail, delimiter)
    if offset is None or not _lines_after(tail, offset).strip():
        return  # on the last line the open cell swallows no row: read as the stdlib reads it
    line, column = _line_and_column(lines, offset)
    message = (
        "this quote opens a cell that is never closed, so every row after it would be read as the text "
        "of one cell; add the closing quote or remove this one"
    )
    raise IngestError(filename, message, code="malformed", line=first_line + line, column=column)


def _parses_strictly(text: str, delimiter: str) -> bool:
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error:
        return False
    return True


def _unclosed_quote_offset(text: str, delimiter: str) -> int | None:
    """Where the quoted cell left open at the end of `text` starts, read as `csv.reader` reads it."""
    in_quotes, field_start, opening, index = False, True, 0, 0
    while index < len(text):
        char = text[index]
        if in_quotes and char == _QUOTE and text[index + 1 : index + 2] == _QUOTE:
            index += 2  # an escaped quote inside a quoted cell
            continue
        if char == _QUOTE and (in_quotes or field_start):
            in_quotes, opening = not in_quotes, index if not in_quotes else opening
        field_start = not in_quotes and char in (delimiter, "\n", "\r")
        index += 1
    return opening if in_quotes else None


def _lines_after(text: str, offset: int) -> str:
    """What follows the line of `offset`."""
    ends = [found for end in "\n\r" if (found := text.find(end, offset)) >= 0]
    return text[min(ends) + 1 :] if ends else ""


def _line_and_column(lines: list[str], offset: int) -> tuple[int, int]:
    """0-based line index and 1-based column of `offset` in the text these lines join into."""
    for number, line in enumerate(lines):
        if offset < len(line):
            return number, offset + 1
        offset -= len(line)
    return len(lines) - 1, offset + 1
