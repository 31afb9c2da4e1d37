"""Load interview guides: the shipped YAML files in `interview_guides/` by id, or a user's own text."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from interview_guides import GUIDES_DIR
from nlp.checking import parse_yaml
from nlp.frameworks import list_frameworks, load_framework
from nlp.guides.errors import GuideError, UnknownGuideError
from nlp.guides.model import InterviewGuide
from nlp.guides.schema import FrameworkStages, parse_guide


def shipped_framework_stages() -> dict[str, list[str]]:
    """Every shipped journey framework id with its stage ids."""
    return {fid: load_framework(fid).stage_ids for fid in list_frameworks()}


def list_guides() -> list[str]:
    """Ids of the shipped guides, sorted."""
    return sorted(path.stem for path in GUIDES_DIR.glob("*.yaml"))


def guide_path(guide_id: str) -> Path:
    known = list_guides()
    if guide_id not in known:
        raise UnknownGuideError(guide_id, known)
    return GUIDES_DIR / f"{guide_id}.yaml"


@cache
def load_guide(guide_id: str) -> InterviewGuide:
    """A shipped guide by id, validated once per process.

    Raises:
        UnknownGuideError: no shipped guide has this id.
        GuideError: the shipped file is invalid (a packaging bug).
    """
    path = guide_path(guide_id)
    guide = parse_guide_text(path.read_text(encoding="utf-8"), path.name, shipped_framework_stages())
    if guide.id != guide_id:
        raise GuideError(path.name, "id", f"{guide.id!r} does not match the file name")
    return guide


def shipped_guide_text(guide_id: str) -> str:
    """The YAML of a shipped guide, as written (comments and all)."""
    return guide_path(guide_id).read_text(encoding="utf-8")


def read_yaml(text: str, source: str) -> object:
    """Parse YAML; a syntax error becomes a GuideError with the line and column."""
    return parse_yaml(text, source, GuideError)


def parse_guide_text(text: str, source: str, frameworks: FrameworkStages | None = None) -> InterviewGuide:
    """Validate a guide written as YAML.

    Args:
        text: The YAML.
        source: Name for error messages, usually the file name.
        frameworks: Framework id -> stage ids the guide may use; the shipped frameworks by default.

    Raises:
        GuideError: the YAML is malformed or the guide is invalid; the message names `source` and
            the key path (or line and column).
    """
    stages = frameworks if frameworks is not None else shipped_framework_stages()
    return parse_guide(read_yaml(text, source), source, stages)
