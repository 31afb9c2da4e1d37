"""Shared reading and checks for YAML documents (journey frameworks, interview guides, lexicons, cue
files): every YAML file the code reads goes through `read_yaml` or `parse_yaml` here. Each failure
names the file, the key path and what is wrong, e.g. "switch.yaml: sections[2].probes: expected a list,
found a string"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

MAX_YAML_CHARS = 2_000_000
MAX_YAML_DEPTH = 64
MAX_YAML_ALIASES = 100
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class YAMLLimitError(yaml.MarkedYAMLError):
    """A YAML document past the size, nesting or alias limits; callers handle it as any YAMLError."""


def safe_load_limited(text: str) -> Any:
    """`yaml.safe_load` for documents from users, refusing what would exhaust the loader first.

    The events are read (iteratively, without recursion) before anything is built, so a document
    nested 50,000 deep fails with a clear error at its line and column instead of RecursionError,
    and alias chains ("billion laughs") are refused before they are expanded.

    Raises:
        YAMLLimitError: over MAX_YAML_CHARS, MAX_YAML_DEPTH levels or MAX_YAML_ALIASES aliases.
        yaml.YAMLError: for a syntax error.
    """
    if len(text) > MAX_YAML_CHARS:
        raise YAMLLimitError(
            problem=f"the document has {len(text):,} characters; the limit is {MAX_YAML_CHARS:,}"
        )
    depth = aliases = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                problem = f"nested more than {MAX_YAML_DEPTH} levels deep"
                raise YAMLLimitError(problem=problem, problem_mark=event.start_mark)
        elif isinstance(event, _CLOSE):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                problem = f"more than {MAX_YAML_ALIASES} aliases (*name)"
                raise YAMLLimitError(problem=problem, problem_mark=event.start_mark)
    return yaml.safe_load(text)


class DocumentError(ValueError):
    """A document is not valid; says which file and which key.

    Attributes:
        source: File name ("b2b-five.yaml"), or another name the caller gave the document.
        path: Key path inside it ("stages[2].examples"), or "" for the whole document.
        problem: What is wrong ("needs at least 15, found 9").
    """

    def __init__(self, source: str, path: str, problem: str) -> None:
        where = f"{source}: {path}" if path else source
        super().__init__(f"{where}: {problem}")
        self.source = source
        self.path = path
        self.problem = problem


def parse_yaml(text: str, source: str, error: type[DocumentError] = DocumentError) -> object:
    """`safe_load_limited`; a syntax or limit error becomes `error`, naming `source`, line and column."""
    try:
        return safe_load_limited(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise error(source, "", f"not valid YAML{where}: {getattr(err, 'problem', err)}") from err


def read_yaml(path: Path, error: type[DocumentError] = DocumentError) -> object:
    """Read and parse a YAML file; `error` names the file when it cannot be read or is not valid YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise error(path.name, "", f"cannot read file ({err})") from err
    return parse_yaml(text, path.name, error)


def kind_of(value: object) -> str:
    """How a value reads in an error message: "a string", "a list", "nothing"."""
    names = {str: "a string", bool: "a boolean", int: "a number", float: "a number", list: "a list"}
    if value is None:
        return "nothing"
    if isinstance(value, Mapping):
        return "a mapping"
    return names.get(type(value), type(value).__name__)


class Checker:
    """Type and value checks for one document; failures are raised as `error` (a DocumentError)."""

    error: type[DocumentError] = DocumentError

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, problem: str) -> DocumentError:
        return self.error(self.source, path, problem)

    def mapping(self, value: object, path: str, allowed: set[str], required: set[str]) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(path, f"expected a mapping, found {kind_of(value)}")
        prefix = f"{path}." if path else ""
        missing = sorted(required - value.keys())
        if missing:
            raise self.fail(f"{prefix}{missing[0]}", "missing required key")
        unknown = sorted(str(key) for key in value.keys() - allowed)
        if unknown:
            raise self.fail(f"{prefix}{unknown[0]}", f"unknown key; allowed: {', '.join(sorted(allowed))}")
        return value

    def sequence(self, value: object, path: str, minimum: int) -> Sequence[object]:
        if not isinstance(value, list):
            raise self.fail(path, f"expected a list, found {kind_of(value)}")
        if len(value) < minimum:
            raise self.fail(path, f"needs at least {minimum}, found {len(value)}")
        return value

    def text(self, value: object, path: str) -> str:
        """A non-empty string, whitespace collapsed."""
        if not isinstance(value, str):
            raise self.fail(path, f"expected a non-empty string, found {kind_of(value)}")
        if not value.strip():
            raise self.fail(path, "expected a non-empty string, found an empty one")
        return " ".join(value.split())

    def positive(self, value: object, path: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            raise self.fail(path, f"expected a positive number, found {value!r}")
        return float(value)
