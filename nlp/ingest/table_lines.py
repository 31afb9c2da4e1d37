"""Transcripts saved as a table of labelled lines: one column whose cells read "Interviewee: text".

A transcript pasted into a spreadsheet, or exported with the speaker inside the text, has no speaker
column; read as a survey, every line would become a respondent of its own. Such a column is read as the
lines of a text transcript (`nlp.ingest.txt.parse_lines`), row numbers standing for line numbers.
"""

from __future__ import annotations

from itertools import islice

from nlp.ingest.csv_split import joined_text, joined_text_warning, looks_split, wide_rows_warning
from nlp.ingest.labels import Label, match_label
from nlp.ingest.table import Table
from nlp.ingest.txt import parse_lines
from nlp.types import Transcript

# Most of a labelled column's lines start with a label; continuation lines and notes may not.
MIN_LABELLED_SHARE = 0.6
MIN_LABELLED_LINES = 2
MAX_COLUMNS_CHECKED = 8
# Cells of each column read to decide: every survey upload is asked, and is asked again when parsed.
DETECT_CELLS = 200


def labelled_column(table: Table) -> int | None:
    """The column that holds labelled transcript lines, or None.

    A column qualifies when most of its first `DETECT_CELLS` non-empty cells start with a speaker label,
    few speakers say many lines, and the labels are certainly speakers (a role such as "Interviewer 1",
    or a time) unless the column is the table's only one: answers such as "Price: too high" are not
    speech turns.
    """
    for index in range(min(len(table.headers), MAX_COLUMNS_CHECKED)):
        cells = _cells(table, index)
        labels = [label for label in map(_first_label, cells) if label is not None]
        if len(labels) < MIN_LABELLED_LINES or len(labels) < MIN_LABELLED_SHARE * len(cells):
            continue
        speakers = {label.speaker for label in labels}
        if len(speakers) > max(3, len(labels) // 3):
            continue
        if len(table.header_cells) <= 1 or any(label.strong for label in labels):
            return index
    return None


def transcript_from_lines(filename: str, table: Table, column: int, fmt: str) -> Transcript:
    """Read the column's cells (the header too, when it is a labelled line) as transcript lines.

    In a CSV, when the column is the header's last (or there is no header row and it is the first) and
    the cells after it read as split text (`looks_split`), they are its line's text split at unquoted
    delimiters ("Interviewee: Well", "we tried three"): they are joined back (`joined_text`), with a
    warning naming the rows. Other cells past the header are named by `wide_rows_warning`.
    """
    lines: list[tuple[int, str]] = []
    headerless = match_label(table.headers[column]) is not None  # the first line of speech took its place
    width = len(table.header_cells)
    last = column == width - 1 or (headerless and column == 0)
    rejoin = table.delimiter is not None and last and looks_split(table, column, headerless=headerless)
    split = [row.number for row in table.rows if rejoin and len(row.cells) > column + 1]
    if headerless:
        first = table.rows[0].number - 1 if table.rows else 1
        lines.append(
            (first, joined_text(table, table.header_cells, column) if rejoin else table.headers[column])
        )
        split[:0] = [first] if rejoin and width > column + 1 else []
    for row in table.rows:
        cell = joined_text(table, row.cells, column) if rejoin else row.get(column)
        lines += [(row.number, line) for line in cell.split("\n")]
    transcript = parse_lines(filename, lines, fmt)
    if split:
        name = None if headerless else table.headers[column]
        transcript.warnings.append(joined_text_warning(filename, table, split, name))
    elif not rejoin and (warning := wide_rows_warning(filename, table, what="line")) is not None:
        transcript.warnings.append(warning)
    return transcript


def _cells(table: Table, column: int) -> list[str]:
    header = table.headers[column]
    cells = list(islice((value for row in table.rows if (value := row.get(column))), DETECT_CELLS))
    return [header, *cells] if match_label(header) is not None else cells


def _first_label(cell: str) -> Label | None:
    return match_label(cell.split("\n", 1)[0])
