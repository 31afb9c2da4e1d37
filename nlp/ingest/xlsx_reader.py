"""XLSX workbooks to a Table via openpyxl in read-only mode (first visible sheet, cached values)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO

import openpyxl

from nlp.ingest.errors import IngestError
from nlp.ingest.limits import IngestLimits, too_many_rows
from nlp.ingest.table import Table, table_from_records
from nlp.ingest.xlsx_formulas import uncached_formula_warning
from nlp.ingest.zipguard import check_zip

MAX_COLUMNS = 1024
# A sheet can declare a million formatted but empty rows; stop long before walking them all.
MAX_EMPTY_RUN = 10_000
_ROW_TAG = re.compile(rb"<row\b[^>]*>")
_CHUNK = 1024 * 1024
# Cells read (up to each row's last filled one), whatever the rows: bounds the work on wide sheets.
MAX_CELLS = 10_000_000


def read_xlsx(filename: str, data: bytes, limits: IngestLimits | None = None) -> Table:
    """Read the active sheet (streamed); formulas give their cached value (a warning names those saved
    without one), formula text stays text.

    Raises:
        IngestError: "malformed" when the file is not a readable workbook, "too_large" when it would
            unpack past the limits or has more rows than `limits.max_rows` (stops reading there).
    """
    limits = limits or IngestLimits()
    check_zip(filename, data, member="xl/workbook.xml", what="XLSX", limits=limits)
    _precount_rows(filename, data, limits)
    warnings: list[str] = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.active or workbook.worksheets[0]
            # Without this a declared dimension (or max_col) pads every row to its full width in
            # Python: a sheet that claims 1,024 columns costs 1,024 cells per row however few it has.
            sheet.reset_dimensions()
            rows = sheet.iter_rows(max_row=limits.max_rows + 1, values_only=True)
            table = table_from_records(filename, _records(_bounded(filename, rows, limits), warnings))
            if (formulas := uncached_formula_warning(filename, sheet)) is not None:
                warnings.insert(0, formulas)
        finally:
            workbook.close()
    except IngestError:
        raise
    except Exception as error:  # openpyxl and lxml raise many types for a broken workbook
        message = f"not a valid XLSX file ({type(error).__name__})"
        raise IngestError(filename, message, code="malformed") from None
    table.warnings.extend(warnings)
    return table


def cell_text(value: object) -> str:
    """A cell value as the text a researcher sees: 3.0 -> "3", dates in ISO form, None -> ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _precount_rows(filename: str, data: bytes, limits: IngestLimits) -> None:
    """Count each sheet's rows in its raw XML (fast), stopping past `max_rows`.

    openpyxl parses every sheet in Python when the workbook is opened (to find its size when the
    sheet does not declare it) and again when its rows are read, ~0.05 ms a row each time; counting
    tags takes a fraction of that, so a sheet with too many rows is refused before openpyxl sees it.
    Self-closing <row .../> (formatted but empty rows) do not count.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml") and "/_rels/" not in name:
                with archive.open(name) as part:
                    _count_rows(filename, part, limits)


def _count_rows(filename: str, part: IO[bytes], limits: IngestLimits) -> None:
    count, tail = 0, b""
    while chunk := part.read(_CHUNK):
        buffer = tail + chunk
        cut = max(buffer.rfind(b"<"), 0)  # a tag cut by the chunk boundary waits for the next one
        tail, buffer = buffer[cut:], buffer[:cut]
        count += sum(1 for tag in _ROW_TAG.finditer(buffer) if not tag.group().endswith(b"/>"))
        if count > limits.max_rows:
            raise too_many_rows(filename, limits, row=limits.max_rows + 1)


def _bounded(
    filename: str, rows: Iterable[tuple[object, ...]], limits: IngestLimits
) -> Iterator[tuple[object, ...]]:
    """Rows cut to MAX_COLUMNS; stop with "too_large" past `max_rows` rows or MAX_CELLS cells."""
    cells = 0
    for number, values in enumerate(rows, start=1):
        if number > limits.max_rows:
            raise too_many_rows(filename, limits, row=number)
        values = values[:MAX_COLUMNS]
        cells += len(values)
        if cells > MAX_CELLS:
            message = f"the sheet has more than {MAX_CELLS:,} cells; split it into smaller files"
            raise IngestError(filename, message, code="too_large", line=number, unit="row")
        yield values


def _records(rows: Iterable[tuple[object, ...]], warnings: list[str]) -> Iterator[tuple[int, list[str]]]:
    empty_run = 0
    for number, values in enumerate(rows, start=1):
        if any(value is not None and value != "" for value in values):
            empty_run = 0
            yield number, [cell_text(value) for value in values]
            continue
        empty_run += 1
        if empty_run >= MAX_EMPTY_RUN:
            warnings.append(f"stopped reading at row {number} after {MAX_EMPTY_RUN} empty rows")
            return
