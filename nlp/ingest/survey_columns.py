"""Which survey columns hold open-text answers and which hold closed choices."""

from __future__ import annotations

from statistics import fmean, median

from nlp.ingest.errors import IngestError
from nlp.ingest.table import Row, Table, find_named

OPEN_MEDIAN_CHARS = 25
OPEN_MEAN_WORDS = 4
PICK_LIST_DISTINCT = 0.3
SENTENCE_MIN_WORDS = 3
# What respondents type for "no answer"; it says nothing about whether a column is open or closed.
_NO_ANSWER = frozenset({"-", "--", ".", "n/a", "na", "n.a.", "none", "nil", "null", "no comment"})


def is_open_text(values: list[str]) -> bool:
    """Whether answers read as free text: long, mostly sentences, or mostly different and several words.

    "n/a" and the like are left out first: "Anything else?" answered "Love the mobile app.", "n/a" and
    "Pricing page is confusing." is an open question although its answers are short.
    """
    values = [value for value in values if value.strip().lower() not in _NO_ANSWER]
    if not values:
        return False
    distinct = len(set(values)) / len(values)
    if len(values) >= 10 and distinct < PICK_LIST_DISTINCT:
        return False  # a pick list, however long its options read
    if median(len(value) for value in values) > OPEN_MEDIAN_CHARS:
        return True
    if 2 * sum(map(_is_sentence, values)) >= len(values):
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


def _is_sentence(value: str) -> bool:
    """A written sentence ("Love the mobile app."), which pick-list options ("Head of sales") are not."""
    value = value.strip()
    return value.endswith((".", "!")) and len(value.split()) >= SENTENCE_MIN_WORDS
