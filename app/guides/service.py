"""Guides: built-in templates, a project's own guides, copies, edits and immutable used versions."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

import yaml
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.db import utcnow
from app.errors import Conflict, InvalidInput, NotFound
from app.guides.models import (
    Guide,
    GuideCopy,
    GuideCreate,
    GuideDetail,
    GuideSummary,
    GuideVersion,
    GuideWrite,
    TemplateSummary,
    VersionRead,
)
from app.guides.parsing import document, guide_text, sha256, validate, version_guide
from app.projects.models import Project
from nlp.checking import safe_load_limited
from nlp.frameworks import load_framework
from nlp.guides import InterviewGuide, UnknownGuideError, list_guides, load_guide, shipped_guide_text


class VersionUse(StrEnum):
    """What can use a guide version; a used version is kept so what used it keeps its questions."""

    INTERVIEW = "interview"  # run live from the version (app.interviews)
    TRANSCRIPT = "transcript"  # an uploaded transcript matched to it (app.coverage)


# The tables that record those uses belong to features above this one, so each registers its
# `guide_version_id` column here (app.handlers) instead of this module importing them.
_version_uses: dict[VersionUse, Any] = {}


def register_version_use(use: VersionUse, column: Any) -> None:
    """Say which table column records `use` of a guide version (a model's `guide_version_id`)."""
    _version_uses[use] = column


def _uses_of_guide(session: Session, *, use: VersionUse, guide_id: int) -> int:
    column = _version_uses.get(use)
    if column is None:
        return 0
    versions = select(GuideVersion.id).where(GuideVersion.guide_id == guide_id)
    return session.exec(select(func.count(column)).where(col(column).in_(versions))).one()


def list_templates() -> list[TemplateSummary]:
    """The built-in guides, read-only templates every project can use or copy."""
    return [_template_summary(load_guide(template_id)) for template_id in list_guides()]


def _template_summary(guide: InterviewGuide) -> TemplateSummary:
    return TemplateSummary(
        id=guide.id,
        name=guide.name,
        description=guide.description,
        framework=guide.framework,
        kind=guide.kind.value,
        sections=len(guide.sections),
        questions=len(guide.questions),
    )


def template(template_id: str) -> InterviewGuide:
    try:
        return load_guide(template_id)
    except UnknownGuideError as err:
        raise NotFound(str(err)) from None


def template_stage_names(guide: InterviewGuide) -> dict[str, str]:
    """Stage id -> name in a built-in guide's framework, always a shipped one (checked as the guide loads)."""
    return {stage.id: stage.name for stage in load_framework(guide.framework).stages}


def list_project_guides(session: Session, *, project_id: int) -> list[GuideSummary]:
    """A project's guides with their latest version, newest first."""
    guides = session.exec(
        select(Guide).where(Guide.project_id == project_id).order_by(col(Guide.updated_at).desc())
    ).all()
    return [summary(session, guide=guide) for guide in guides]


def summary(session: Session, *, guide: Guide, version: GuideVersion | None = None) -> GuideSummary:
    version = version or latest_version(session, guide_id=guide.id or 0)
    parsed = version_guide(session, version)
    interviews = _uses_of_guide(session, use=VersionUse.INTERVIEW, guide_id=guide.id or 0)
    return GuideSummary(
        id=guide.id or 0,
        project_id=guide.project_id,
        name=guide.name,
        framework=parsed.framework,
        kind=parsed.kind.value,
        based_on=guide.based_on,
        version=version.number,
        questions=len(parsed.questions),
        interviews=interviews,
        updated_at=guide.updated_at,
    )


def create_guide(session: Session, *, project: Project, user: User, data: GuideCreate) -> Guide:
    """A new guide from YAML or a document, or a copy of a built-in guide or another project guide."""
    if data.copy_of is not None:
        if data.yaml is not None or data.document is not None:
            raise InvalidInput("Send either a guide to create or `copy_of`, not both.")
        text, based_on = _copied_text(session, project_id=project.id or 0, copy=data.copy_of)
    else:
        text, based_on = guide_text(data), None
    parsed = validate(session, project_id=project.id or 0, text=text, source="guide")
    name = data.copy_of.name if data.copy_of and data.copy_of.name else parsed.name
    if data.copy_of is not None:
        name = name if data.copy_of.name else _free_name(session, project_id=project.id or 0, name=name)
        text = _renamed(text, parsed, name)
    _check_name_free(session, project_id=project.id or 0, name=name)
    guide = Guide(project_id=project.id or 0, name=name, based_on=based_on, created_by=user.id)
    session.add(guide)
    session.flush()
    _add_version(session, guide=guide, text=text, parsed=parsed, user=user, number=1)
    return guide


def _copied_text(session: Session, *, project_id: int, copy: GuideCopy) -> tuple[str, str]:
    if (copy.template_id is None) == (copy.guide_id is None):
        raise InvalidInput("To copy, name either a built-in guide (`template_id`) or a guide (`guide_id`).")
    if copy.template_id is not None:
        template(copy.template_id)
        return shipped_guide_text(copy.template_id), f"built-in: {copy.template_id}"
    source = session.get(Guide, copy.guide_id)
    if source is None or source.project_id != project_id:
        raise NotFound(f"Guide {copy.guide_id} does not exist in this project.")
    return latest_version(session, guide_id=source.id or 0).source_yaml, f"guide {source.id}: {source.name}"


def _renamed(text: str, parsed: InterviewGuide, name: str) -> str:
    """The copied YAML with the new name; comments survive when the name line is found as written."""
    if parsed.name == name:
        return text
    line = f"\nname: {parsed.name}\n"
    if text.count(line) == 1:
        candidate = text.replace(line, f"\nname: {json.dumps(name)}\n")
        loaded = safe_load_limited(candidate)
        if isinstance(loaded, dict) and loaded.get("name") == name:
            return candidate
    doc = document(parsed)
    doc["name"] = name
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def _free_name(session: Session, *, project_id: int, name: str) -> str:
    taken = set(session.exec(select(Guide.name).where(Guide.project_id == project_id)).all())
    candidate, n = f"{name} (copy)", 2
    while candidate in taken:
        candidate, n = f"{name} (copy {n})", n + 1
    return candidate


def _check_name_free(session: Session, *, project_id: int, name: str, guide_id: int | None = None) -> None:
    existing = session.exec(select(Guide).where(Guide.project_id == project_id, Guide.name == name)).first()
    if existing is not None and existing.id != guide_id:
        raise Conflict(f"This project already has a guide called {name!r} (guide {existing.id}); rename one.")


def _add_version(
    session: Session, *, guide: Guide, text: str, parsed: InterviewGuide, user: User, number: int
) -> GuideVersion:
    version = GuideVersion(
        project_id=guide.project_id,
        guide_id=guide.id,
        number=number,
        name=guide.name,
        framework=parsed.framework,
        source_yaml=text,
        sha256=sha256(text),
        created_by=user.id,
    )
    session.add(version)
    session.flush()
    return version


def update_guide(session: Session, *, guide: Guide, user: User, data: GuideWrite) -> GuideVersion:
    """Save a new text: a new version if the latest was used by an interview, else in place."""
    text = guide_text(data)
    parsed = validate(session, project_id=guide.project_id, text=text, source="guide")
    latest = latest_version(session, guide_id=guide.id or 0)
    if sha256(text) == latest.sha256:
        return latest
    _check_name_free(session, project_id=guide.project_id, name=parsed.name, guide_id=guide.id)
    guide.name, guide.updated_at = parsed.name, utcnow()
    session.add(guide)
    if version_in_use(session, version_id=latest.id or 0):
        return _add_version(
            session, guide=guide, text=text, parsed=parsed, user=user, number=latest.number + 1
        )
    latest.name, latest.framework, latest.source_yaml, latest.sha256 = (
        parsed.name, parsed.framework, text, sha256(text),
    )  # fmt: skip
    latest.created_at, latest.created_by = utcnow(), user.id
    session.add(latest)
    session.flush()
    return latest


def version_in_use(session: Session, *, version_id: int) -> bool:
    """Whether an interview ran from this version or a transcript was matched to it."""
    return any(
        session.exec(select(column).where(column == version_id).limit(1)).first() is not None
        for column in _version_uses.values()
    )


def delete_guide(session: Session, *, guide: Guide) -> None:
    """Delete a guide no interview or transcript has used (used versions are kept for the record)."""
    versions = session.exec(select(GuideVersion.id).where(GuideVersion.guide_id == guide.id)).all()
    if any(version_in_use(session, version_id=v or 0) for v in versions):
        raise Conflict(
            f"Guide {guide.name!r} was used by interviews or matched transcripts; it is kept so they keep "
            "their questions. Rename it instead."
        )
    session.execute(delete(GuideVersion).where(col(GuideVersion.guide_id) == guide.id))
    session.delete(guide)
    session.flush()


def latest_version(session: Session, *, guide_id: int) -> GuideVersion:
    version = session.exec(
        select(GuideVersion)
        .where(GuideVersion.guide_id == guide_id)
        .order_by(col(GuideVersion.number).desc())
    ).first()
    if version is None:
        raise NotFound(f"Guide {guide_id} has no versions.")
    return version


def get_version(session: Session, *, guide: Guide, number: int | None) -> GuideVersion:
    if number is None:
        return latest_version(session, guide_id=guide.id or 0)
    version = session.exec(
        select(GuideVersion).where(GuideVersion.guide_id == guide.id, GuideVersion.number == number)
    ).first()
    if version is None:
        raise NotFound(f"Guide {guide.name!r} has no version {number}.")
    return version


def detail(session: Session, *, guide: Guide, number: int | None = None) -> GuideDetail:
    """A guide at one version (the latest by default), with the list of its versions."""
    version = get_version(session, guide=guide, number=number)
    versions = session.exec(
        select(GuideVersion).where(GuideVersion.guide_id == guide.id).order_by(col(GuideVersion.number))
    ).all()
    return GuideDetail(
        **summary(session, guide=guide, version=version).model_dump(),
        version_id=version.id or 0,
        yaml=version.source_yaml,
        document=document(version_guide(session, version)),
        versions=[
            VersionRead.model_validate(v, update={"used": version_in_use(session, version_id=v.id or 0)})
            for v in versions
        ],
    )


def template_snapshot(session: Session, *, project_id: int, template_id: str, user: User) -> GuideVersion:
    """The project's snapshot of a built-in guide as shipped now (made once per distinct text)."""
    guide = template(template_id)
    text = shipped_guide_text(template_id)
    digest = sha256(text)
    existing = session.exec(
        select(GuideVersion).where(
            GuideVersion.project_id == project_id,
            GuideVersion.template_id == template_id,
            GuideVersion.sha256 == digest,
        )
    ).first()
    if existing is not None:
        return existing
    number = 1 + len(
        session.exec(
            select(GuideVersion.id).where(
                GuideVersion.project_id == project_id, GuideVersion.template_id == template_id
            )
        ).all()
    )
    snapshot = GuideVersion(
        project_id=project_id,
        template_id=template_id,
        number=number,
        name=guide.name,
        framework=guide.framework,
        source_yaml=text,
        sha256=digest,
        created_by=user.id,
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def resolve_version(
    session: Session, *, project_id: int, user: User, guide_id: int | None, template_id: str | None
) -> GuideVersion:
    """The version to run or match: a project guide's latest, or a snapshot of a built-in guide."""
    if (guide_id is None) == (template_id is None):
        raise InvalidInput(
            "Choose a guide: give either `guide_id` (a project guide) or `template_id` (built-in)."
        )
    if template_id is not None:
        return template_snapshot(session, project_id=project_id, template_id=template_id, user=user)
    guide = session.get(Guide, guide_id)
    if guide is None or guide.project_id != project_id:
        raise NotFound(f"Guide {guide_id} does not exist in this project.")
    return latest_version(session, guide_id=guide.id or 0)
