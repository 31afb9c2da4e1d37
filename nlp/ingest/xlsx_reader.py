"""XLSX workbooks to a Table via openpyxl in read-only mode (first visible sheet, cached values)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator

import openpyxl

from nlp.ingest.errors import IngestError
from nlp.ingest.limits import IngestLimits, too_many_rows
from nlp.ingest.table import Table, table_from_records
from nlp.ingest.zipguard import check_zip

MAX_COLUMNS = 1024
# A sheet can declare a million formatted but empty rows; stop long before walking them all.
MAX_EMPTY_RUN = 10_000


def read_xlsx(filename: str, data: bytes, limits: IngestLimits | None = None) -> Table:
    """Read the active sheet (streamed); formulas give their cached value, formula text stays text.

    Raises:
        IngestError: "malformed" when the file is not a readable workbook, "too_large" when it would
            unpack past the limits or has more rows than `limits.max_rows` (stops reading there).
    """
    limits = limits or IngestLimits()
    check_zip(filename, data, member="xl/workbook.xml", what="XLSX", limits=limits)
    warnings: list[str] = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.active or workbook.worksheets[0]
            rows = sheet.iter_rows(max_row=limits.max_rows + 1, max_col=MAX_COLUMNS, values_only=True)
            table = table_from_records(filename, _capped(filename, _records(rows, warnings), limits))
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


def _capped(
    filename: str, records: Iterator[tuple[int, list[str]]], limits: IngestLimits
) -> Iterator[tuple[int, list[str]]]:
    for number, values in records:
        if number > limits.max_rows:
            raise too_many_rows(filename, limits, row=number)
        yield number, values


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
