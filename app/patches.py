"""PATCH bodies: leaving a field out keeps its value; an explicit null for a required column is refused."""

from __future__ import annotations

from typing import Any


def not_null(value: Any) -> Any:
    """A `field_validator(mode="before")` body: refuse None (pydantic turns this into a 422)."""
    if value is None:
        raise ValueError("cannot be null; leave the field out to keep its current value")
    return value
