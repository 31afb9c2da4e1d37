"""Load journey frameworks: the shipped YAML files by id, or a user's own file or dict."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from nlp.checking import read_yaml
from nlp.frameworks.errors import FrameworkError, UnknownFrameworkError
from nlp.frameworks.model import JourneyFramework
from nlp.frameworks.schema import parse_framework

FRAMEWORKS_DIR = Path(__file__).resolve().parent
DICT_SOURCE = "<dict>"


def list_frameworks() -> list[str]:
    """Ids of the shipped frameworks, sorted."""
    return sorted(path.stem for path in FRAMEWORKS_DIR.glob("*.yaml"))


@cache
def load_framework(framework_id: str) -> JourneyFramework:
    """A shipped framework by id, validated once per process.

    Raises:
        UnknownFrameworkError: no shipped framework has this id.
        FrameworkError: the shipped file is invalid (a packaging bug).
    """
    known = list_frameworks()
    if framework_id not in known:
        raise UnknownFrameworkError(framework_id, known)
    path = FRAMEWORKS_DIR / f"{framework_id}.yaml"
    framework = load_framework_file(path)
    if framework.id != framework_id:
        raise FrameworkError(path.name, "id", f"{framework.id!r} does not match the file name")
    return framework


def load_framework_file(source: str | Path | Mapping[str, Any]) -> JourneyFramework:
    """A user-supplied framework, from a YAML file path or from already-parsed data.

    Raises:
        FrameworkError: the file cannot be read or parsed, or the framework is invalid; the message
            names the file (or "<dict>") and the key path.
    """
    if isinstance(source, Mapping):
        return parse_framework(source, DICT_SOURCE)
    path = Path(source)
    return parse_framework(read_yaml(path, FrameworkError), path.name)
