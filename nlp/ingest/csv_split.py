"""CSV rows with more cells than the header: text split at unquoted delimiters, or an unnamed column.

A CSV export that does not quote its texts splits "Well, we tried three" into the cells "Well" and "we
tried three": the words after each comma move to the next column. Rows whose cells past the header are
words, in some rows but not all or in rows of different widths, are read that way (`looks_split`); a
column of numbers or times past the header ("0.93", "00:01"), or words in every row alike, is an unnamed
column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlp.ingest.table import Table, list_headers

_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_LETTER = re.compile(r"[^\W\d_]")
# "3,000 users" split at its thousands separator: joined back without a space.
_THOUSANDS = re.compile(r"\d{3}(?!\d)")


def wide_rows(table: Table) -> list[int]:
    """Row numbers of the rows with more cells than the header has columns."""
    return [row.number for row in table.rows if len(row.cells) > len(table.header_cells)]


def looks_split(table: Table, start: int | None = None, *, headerless: bool = False) -> bool:
    """Whether the cells past the header (past column `start` when given) read as text that unquoted
    delimiters split: a CSV, mostly words, in some rows but not all, or in rows of different widths.
    `headerless`: the header row is a line like the others (a transcript without a header row)."""
    start = len(table.header_cells) if start is None else start + 1
    lines = (
        [table.header_cells, *(row.cells for row in table.rows)]
        if headerless
        else [r.cells for r in table.rows]
    )
    wide = [cells for cells in lines if len(cells) > start]
    if table.delimiter is None or not wide:
        return False
    extra = [cell for cells in wide for cell in cells[start:] if cell]
    if 2 * sum(bool(_LETTER.search(cell)) for cell in extra) <= len(extra):
        return False  # numbers, times, codes: a column of its own
    return len(wide) < len(lines) or len({len(cells) for cells in wide}) > 1


def joined_text(table: Table, cells: Sequence[str], column: int) -> str:
    """The cells from `column` on, joined back into the one text a CSV's unquoted delimiters split:
    "Well", "we tried three" -> "Well, we tried three" (the delimiter and a space; a tab, a space);
    "3", "000 users" -> "3,000 users"."""
    delimiter = table.delimiter or " "
    glue = delimiter + " " if delimiter != "\t" else " "
    text = ""
    for cell in cells[column:]:
        if not cell:
            continue
        if text and text[-1].isdigit() and delimiter == "," and _THOUSANDS.match(cell):
            text += "," + cell
        else:
            text = text + glue + cell if text else cell
    return text


def joined_text_warning(filename: str, table: Table, rows: list[int], column: str | None) -> str:
    """What `joined_text` did, and to which rows; `column` None: a table without a header row, whose
    every cell of a row belongs to one line."""
    delimiter = delimiter_name(table.delimiter or ",")
    if column is None:
        counted = _counted(table, rows, "is", "are")
        done = (
            f"{counted} split into cells at an unquoted {delimiter}: each read as one line, its cells joined"
        )
    else:
        done = (
            f"{wide_rows_phrase(table, rows)}: text with an unquoted {delimiter}, read as one text with the "
            f'cells after "{column}" joined back'
        )
    return f"{filename}: {done}. Put such texts in double quotes to keep them exactly as written."


def wide_rows_warning(filename: str, table: Table, *, what: str = "answer") -> str | None:
    """For a CSV, a warning naming the rows with more cells than the header, when they are a minority.

    In a CSV these are most often an answer with an unquoted comma: its words after the comma moved to
    the next column, and the row's later answers one column on. (When most rows are wider, the export
    simply leaves its last headers blank, as SurveyMonkey's "Other (please specify)" does.)
    """
    wide = wide_rows(table)
    if table.delimiter is None or not wide or 2 * len(wide) >= len(table.rows):
        return None
    extra = list_headers(table.headers[len(table.header_cells) :], limit=3)
    return (
        f"{filename}: {wide_rows_phrase(table, wide)}; the extra cells are kept as {extra}. If a {what} "
        f"there holds a {delimiter_name(table.delimiter)}, put it in double quotes "
        f'("Cheap, and it works") and import again: its words after it were read as the next column.'
    )


def wide_rows_phrase(table: Table, wide: list[int]) -> str:
    """The rows named and counted: "rows 3, 7 of 12 have more cells than the header's 2 columns"."""
    width = len(table.header_cells)
    columns = f"{width} column{'s' * (width != 1)}"
    return f"{_counted(table, wide, 'has', 'have')} more cells than the header's {columns}"


def delimiter_name(delimiter: str) -> str:
    return _NAMES.get(delimiter, f'"{delimiter}"')


def shown_rows(numbers: list[int], limit: int = 5) -> str:
    """Row numbers for a message: "3, 7, 9, 12, 15 and 2 more"."""
    more = len(numbers) - limit
    return ", ".join(map(str, numbers[:limit])) + (f" and {more} more" if more > 0 else "")


def _counted(table: Table, rows: list[int], one: str, many: str) -> str:
    """The rows named and counted, with the verb: "rows 3, 7 of 12 have" (every record of the file
    counted, the header and blank lines too)."""
    word, verb = ("rows", many) if len(rows) > 1 else ("row", one)
    total = table.rows[-1].number if table.rows else 1
    return f"{word} {shown_rows(rows)} of {total} {verb}"
