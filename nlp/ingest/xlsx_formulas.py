"""Find formula cells a workbook saved without a value (openpyxl reads them as empty, so say so)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO, Any

from openpyxl.xml.functions import iterparse  # the parser openpyxl itself uses (defusedxml when present)

_FORMULA_TAG = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
_CHUNK = 1024 * 1024
SHOWN_CELLS = 10


def uncached_formula_warning(filename: str, sheet: Any) -> str | None:
    """A warning naming the cells of `sheet` (an openpyxl read-only worksheet) whose formula has no value.

    Files written by openpyxl, pandas or some exporters hold formulas without the value Excel would
    cache; with `data_only=True` those cells read as empty and the answer in them would vanish unseen.
    """
    opener: Callable[[], IO[bytes]] | None = getattr(sheet, "_get_source", None)
    if opener is None:  # a future openpyxl; the check is a courtesy, reading goes on without it
        return None
    with opener() as source:
        if not _has_formulas(source):
            return None
    with opener() as source:
        count, shown = _uncached_cells(source)
    if not count:
        return None
    cells = ", ".join(shown) + (f" and {count - len(shown)} more" if count > len(shown) else "")
    noun = "formula cell has" if count == 1 else f"{count} formula cells have"
    return (
        f'{filename}, sheet "{sheet.title}": {noun} no saved value and read as empty ({cells}); '
        "open and save the file in Excel or Google Sheets, which store each formula's value, "
        "or export the sheet as CSV"
    )


def _has_formulas(source: IO[bytes]) -> bool:
    tail = b""
    while chunk := source.read(_CHUNK):
        if _FORMULA_TAG.search(tail + chunk):
            return True
        tail = chunk[-64:]  # a tag cut by the chunk boundary
    return False


def _uncached_cells(source: IO[bytes]) -> tuple[int, list[str]]:
    count, shown = 0, list[str]()
    sheet_data: Any = None
    for event, element in iterparse(source, events=("start", "end")):
        tag = _local(element.tag)
        if event == "start":
            sheet_data = element if tag == "sheetData" else sheet_data
        elif tag == "c" and _lacks_value(element):
            count += 1
            if len(shown) < SHOWN_CELLS:
                shown.append(element.get("r") or "?")
        elif tag == "row" and sheet_data is not None:
            sheet_data.remove(element)  # a checked row: kept in the tree, every row would stay in memory
    return count, shown


def _lacks_value(cell: Any) -> bool:
    children = {_local(child.tag): child for child in cell}
    if "f" not in children:
        return False
    value = children.get("v")
    if value is not None and value.text:
        return False
    # A string formula whose value is "" is saved as an empty <v/>: that cell is empty for real.
    return not (value is not None and cell.get("t") == "str")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]
