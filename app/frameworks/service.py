"""Journey frameworks a project can use: the shipped ones and the project's own uploads."""

from __future__ import annotations

from typing import Any

import yaml
from sqlmodel import Session, select

from app.errors import InvalidUpload, NotFound
from app.frameworks.models import CustomFramework, FrameworkRead, StageRead
from nlp.aggregate import journey as journey_lib
from nlp.checking import safe_load_limited
from nlp.frameworks import (
    FrameworkError,
    JourneyFramework,
    list_frameworks,
    load_framework,
    load_framework_file,
)

MAX_YAML_BYTES = 1_000_000


def _read(framework: JourneyFramework, *, custom: bool) -> FrameworkRead:
    stages = [StageRead(id=s.id, name=s.name, description=s.description) for s in framework.stages]
    return FrameworkRead(
        id=framework.id, name=framework.name, description=framework.description, custom=custom, stages=stages
    )


def available(session: Session, *, project_id: int) -> list[FrameworkRead]:
    shipped = [_read(load_framework(fid), custom=False) for fid in list_frameworks()]
    own = session.exec(select(CustomFramework).where(CustomFramework.project_id == project_id)).all()
    return shipped + [_read(parse(row.source_yaml, "stored"), custom=True) for row in own]


def parse(text: str, filename: str) -> JourneyFramework:
    """Validate a framework YAML; errors name the file and the key path (or line and column)."""
    try:
        data: Any = safe_load_limited(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise InvalidUpload(f"{filename}{where}: not valid YAML.", detail={"file": filename}) from err
    if not isinstance(data, dict):
        raise InvalidUpload(f"{filename}: a framework is a YAML mapping with id, name and stages.")
    try:
        return load_framework_file(data)
    except FrameworkError as err:
        raise InvalidUpload(f"{filename}: {err}".replace("<dict>: ", ""), detail={"file": filename}) from err


def add_custom(session: Session, *, project_id: int, filename: str, data: bytes) -> FrameworkRead:
    """Store a project's own framework after validating it; its id must be new to the project."""
    if len(data) > MAX_YAML_BYTES:
        raise InvalidUpload(f"{filename}: a framework file may be at most 1 MB.", detail={"file": filename})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InvalidUpload(f"{filename}: save the framework as UTF-8.", detail={"file": filename}) from err
    framework = parse(text, filename)
    taken = {f.id for f in available(session, project_id=project_id)}
    if framework.id in taken:
        raise InvalidUpload(
            f"{filename}: a framework with id {framework.id!r} already exists; choose another id."
        )
    session.add(CustomFramework(project_id=project_id, framework_id=framework.id, source_yaml=text))
    session.flush()
    return _read(framework, custom=True)


def resolve(session: Session, *, project_id: int, framework_id: str) -> JourneyFramework:
    """The framework a project codes against, shipped or its own."""
    if framework_id in list_frameworks():
        return load_framework(framework_id)
    row = session.exec(
        select(CustomFramework).where(
            CustomFramework.project_id == project_id, CustomFramework.framework_id == framework_id
        )
    ).first()
    if row is None:
        raise NotFound(f"Framework {framework_id!r} is neither shipped nor one of this project's own.")
    return parse(row.source_yaml, "stored")


def journey_stages(session: Session, *, project_id: int, framework_id: str) -> list[journey_lib.Stage]:
    """The stages of a project's journey map, in order: those of its framework, shipped or its own."""
    framework = resolve(session, project_id=project_id, framework_id=framework_id)
    return [journey_lib.Stage(id=s.id, name=s.name) for s in framework.stages]


def stage_names(session: Session, *, project_id: int, framework_id: str) -> dict[str, str]:
    """Stage id -> the name the project's framework gives it ("loyalty-advocacy" -> "Loyalty & advocacy"),
    for pages that filter or label by stage; empty when the framework is gone (pages fall back to the id)."""
    try:
        framework = resolve(session, project_id=project_id, framework_id=framework_id)
    except (NotFound, InvalidUpload):
        return {}
    return {s.id: s.name for s in framework.stages}
