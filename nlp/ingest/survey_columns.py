"""Which survey columns hold open-text answers and which hold closed choices."""

from __future__ import annotations

from statistics import fmean, median

from nlp.ingest.errors import IngestError
from nlp.ingest.table import Row, Table, find_named

OPEN_MEDIAN_CHARS = 25
OPEN_MEAN_WORDS = 4
PICK_LIST_DISTINCT = 0.3


def is_open_text(values: list[str]) -> bool:
    """Whether answers read as free text: long, or mostly different and more than a few words."""
    if not values:
        return False
    distinct = len(set(values)) / len(values)
    if len(values) >= 10 and distinct < PICK_LIST_DISTINCT:
        return False  # a pick list, however long its options read
    if median(len(value) for value in values) > OPEN_MEDIAN_CHARS:
        return True
    return distinct >= 0.8 and fmean(len(value.split()) for value in values) > OPEN_MEAN_WORDS


def open_columns(
    filename: str, table: Table, rows: list[Row], candidates: list[int], names: list[str] | None
) -> list[int]:
    """Open-text columns among `candidates`, or exactly the columns `names` when given.

    Raises:
        IngestError: "malformed" when a named column is not in the header.
    """
    if names is None:
        return [index for index in candidates if is_open_text(table.values(index, rows))]
    indices = set()
    for name in names:
        index = find_named(table.headers, name)
        if index is None:
            message = f'open column "{name}" is not in the header (found: {", ".join(table.headers)})'
            raise IngestError(filename, message, code="malformed")
        indices.add(index)
    return sorted(indices)
