"""Split long id lists so no statement passes more bound parameters than a database allows.

SQLite allows 32,766 and PostgreSQL 65,535 parameters per statement; 500 per IN list stays far below
both and keeps each statement quick.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
CHUNK = 500


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
