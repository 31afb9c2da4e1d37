"""Guide text in, validated guide out: the project's frameworks are the ones a guide may use."""

from __future__ import annotations

import hashlib
from typing import Any

import yaml
from sqlmodel import Session, select

from app.errors import InvalidGuide, InvalidInput
from app.frameworks.models import CustomFramework
from app.frameworks.service import parse as parse_framework
from app.guides.models import GuideVersion, GuideWrite
from nlp.guides import GuideError, InterviewGuide, parse_guide, shipped_framework_stages, to_document
from nlp.guides.loader import read_yaml


def framework_stages(session: Session, *, project_id: int) -> dict[str, list[str]]:
    """Journey frameworks a project's guides may use (shipped and the project's own) with stage ids."""
    stages = shipped_framework_stages()
    for row in session.exec(select(CustomFramework).where(CustomFramework.project_id == project_id)):
        stages[row.framework_id] = parse_framework(row.source_yaml, "stored").stage_ids
    return stages


def guide_text(data: GuideWrite) -> str:
    """The YAML to store: as written, or the JSON document dumped as YAML."""
    if (data.yaml is None) == (data.document is None):
        raise InvalidInput("Send the guide either as `yaml` text or as a `document` object (one of them).")
    if data.yaml is not None:
        return data.yaml
    return yaml.safe_dump(data.document, sort_keys=False, allow_unicode=True, width=100)


def validate(session: Session, *, project_id: int, text: str, source: str) -> InterviewGuide:
    """Parse and check a guide for a project.

    Raises:
        InvalidGuide: with the file (`source`), the key path and the problem.
    """
    try:
        return parse_guide(read_yaml(text, source), source, framework_stages(session, project_id=project_id))
    except GuideError as err:
        raise InvalidGuide(str(err), detail={"file": err.source, "path": err.path}) from err


def version_guide(session: Session, version: GuideVersion) -> InterviewGuide:
    """The guide a stored version holds (it was valid when stored)."""
    return validate(session, project_id=version.project_id, text=version.source_yaml, source=version.name)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document(guide: InterviewGuide) -> dict[str, Any]:
    return to_document(guide)
