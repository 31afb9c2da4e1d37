"""One typed reader for dataclasses stored as JSON with `dataclasses.asdict`.

`from_dict(JourneyMap, data)` builds the dataclass and every dataclass, list, dict and optional inside it
from the field types; a key absent from older data takes the field's default, and keys the data has but
the class does not (a computed value stored for readers, such as a support's `low`) are ignored.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    """Build `cls` from what `asdict` wrote.

    Raises:
        ValueError: a required key is missing or a value has the wrong shape; says which field.
    """
    hints = get_type_hints(cls)
    if not isinstance(data, Mapping):
        raise ValueError(f"{cls.__name__}: expected a mapping, found {type(data).__name__}")
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if field.name in data:
            values[field.name] = _read(hints[field.name], data[field.name], f"{cls.__name__}.{field.name}")
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise ValueError(f"{cls.__name__}.{field.name}: missing")
    return cls(**values)


def _read(kind: Any, value: Any, where: str) -> Any:
    origin = get_origin(kind)
    if dataclasses.is_dataclass(kind):
        return from_dict(kind, value)  # type: ignore[arg-type]
    if origin in (Union, types.UnionType):
        options = [arg for arg in get_args(kind) if arg is not type(None)]
        return None if value is None else _read(options[0], value, where)
    if origin is list:
        _expect(value, list, where)
        return [_read(get_args(kind)[0], item, f"{where}[{i}]") for i, item in enumerate(value)]
    if origin is dict:
        _expect(value, Mapping, where)
        return {str(key): _read(get_args(kind)[1], item, f"{where}.{key}") for key, item in value.items()}
    return value


def _expect(value: Any, kind: type, where: str) -> None:
    if not isinstance(value, kind):
        raise ValueError(f"{where}: expected a {kind.__name__.lower()}, found {type(value).__name__}")
