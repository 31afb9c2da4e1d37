"""A one-slot memo for the batch the coders are reading now."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class LastBatch(Generic[T]):
    """Remembers the value computed for the last key only.

    The pipeline hands the same batch of texts to the pain and the forces coders one after the other,
    so what both compute from the texts alone is computed once. The slot is replaced whole, so threads
    that share it can only miss, never read another batch's value.
    """

    def __init__(self) -> None:
        self._slot: tuple[Hashable, T] | None = None

    def get(self, key: Hashable) -> T | None:
        slot = self._slot
        return slot[1] if slot is not None and slot[0] == key else None

    def put(self, key: Hashable, value: T) -> T:
        self._slot = (key, value)
        return value
