"""Rows of a CSV or spreadsheet: a header and numbered records, whatever the file type."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from nlp.ingest.errors import IngestError

_NOT_KEY = re.compile(r"[^a-z0-9#]")


@dataclass(frozen=True, slots=True)
class Row:
    """One non-empty record with its 1-based row number in the file (header counted)."""

    number: int
    cells: tuple[str, ...]

    def get(self, index: int | None) -> str:
        """The cell at `index`, "" when the row is shorter or there is no such column."""
        return self.cells[index] if index is not None and index < len(self.cells) else ""


@dataclass(slots=True)
class Table:
    """A header row and the non-empty records under it."""

    headers: list[str]
    rows: list[Row]
    warnings: list[str] = field(default_factory=list)
    # The header row's own cells; `headers` names them uniquely and goes on to the widest row ("Column 8").
    header_cells: tuple[str, ...] = ()
    # The delimiter of a CSV or TSV file (None for a spreadsheet, whose cells are never split by it).
    delimiter: str | None = None

    def values(self, index: int, rows: Iterable[Row] | None = None) -> list[str]:
        """Non-empty cells of one column."""
        return [value for row in (self.rows if rows is None else rows) if (value := row.get(index))]


def header_key(header: str) -> str:
    """Header for matching: "Start Date (UTC)" -> "startdateutc", "Speaker_Name" -> "speakername"."""
    return _NOT_KEY.sub("", header.lower())


def find_column(headers: list[str], keys: Collection[str]) -> int | None:
    """Index of the first header whose key is in `keys`."""
    return next((index for index, header in enumerate(headers) if header_key(header) in keys), None)


def list_headers(headers: list[str], *, limit: int = 8, width: int = 60) -> str:
    """Headers for a message, short enough to read whole: "a, b, c and 5 more", each cut to `width`."""
    shown = [h if len(h) <= width else h[: width - 1].rstrip() + "\u2026" for h in headers[:limit]]
    more = len(headers) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def find_named(headers: list[str], name: str) -> int | None:
    """Index of the header called `name` (exactly, else ignoring case, spaces and punctuation)."""
    if name in headers:
        return headers.index(name)
    return find_column(headers, {header_key(name)})


def table_from_records(filename: str, records: Iterable[tuple[int, list[str]]]) -> Table:
    """Build a table: the first non-empty record is the header, empty records are dropped.

    Raises:
        IngestError: "empty" when there is no non-empty record at all.
    """
    header: list[str] | None = None
    rows: list[Row] = []
    for number, cells in records:
        cells = _trimmed(cells)
        if not cells:
            continue
        if header is None:
            header = cells
        else:
            rows.append(Row(number, tuple(cells)))
    if header is None:
        raise IngestError(filename, "the table has no header row and no data", code="empty")
    # Cells past the last header keep a column of their own ("Column 8"), as blank headers inside the
    # row do: a SurveyMonkey export's last question ends in "Other (please specify)" with no header.
    width = max((len(row.cells) for row in rows), default=0)
    return Table(_unique_headers(header + [""] * (width - len(header))), rows, header_cells=tuple(header))


def _trimmed(cells: list[str]) -> list[str]:
    cells = [cell.strip() for cell in cells]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _unique_headers(cells: list[str]) -> list[str]:
    headers: list[str] = []
    seen: set[str] = set()
    for index, cell in enumerate(cells, start=1):
        base = cell or f"Column {index}"
        name, copy = base, 2
        while name in seen:
            name, copy = f"{base} ({copy})", copy + 1
        headers.append(name)
        seen.add(name)
    return headers
