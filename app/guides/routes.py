"""JSON API for interview guides: built-in templates, a project's guides, versions and exports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status
from fastapi.responses import Response

from app.access import ProjectResearcher, ProjectViewer
from app.deps import SessionDep
from app.frameworks.service import stage_names
from app.guides import service
from app.guides.access import GuideOwner, GuideResearcher, GuideViewer
from app.guides.export import ExportFormat, export_response
from app.guides.models import (
    GuideCreate,
    GuideDetail,
    GuideSummary,
    GuideWrite,
    TemplateDetail,
    TemplateSummary,
)
from app.guides.parsing import document, version_guide
from app.security import CurrentUser
from nlp.guides import shipped_guide_text

router = APIRouter(prefix="/api", tags=["guides"])
FormatQuery = Annotated[ExportFormat, Query(alias="format", description="html, md (Markdown) or pdf")]
VersionQuery = Annotated[int | None, Query(ge=1, description="Version number; the latest by default")]


@router.get("/guide-templates", response_model=list[TemplateSummary])
def list_templates(user: CurrentUser) -> list[TemplateSummary]:
    """The built-in interview guides (read-only templates any project can run or copy)."""
    return service.list_templates()


@router.get("/guide-templates/{template_id}", response_model=TemplateDetail)
def get_template(user: CurrentUser, template_id: str) -> TemplateDetail:
    """One built-in guide with its YAML and its sections and questions."""
    guide = service.template(template_id)
    summary = service.list_templates()
    return TemplateDetail(
        **next(t for t in summary if t.id == guide.id).model_dump(),
        yaml=shipped_guide_text(template_id),
        document=document(guide),
    )


@router.get("/guide-templates/{template_id}/export", response_class=Response)
def export_template(user: CurrentUser, template_id: str, fmt: FormatQuery = ExportFormat.HTML) -> Response:
    """A built-in guide as a printout (HTML, PDF: one page per section) or as Markdown."""
    guide = service.template(template_id)
    return export_response(guide, fmt, stage_names=service.template_stage_names(guide))


@router.get("/projects/{project_id}/guides", response_model=list[GuideSummary])
def list_guides(session: SessionDep, project: ProjectViewer) -> list[GuideSummary]:
    """The project's own guides with their latest version."""
    return service.list_project_guides(session, project_id=project.id or 0)


@router.post("/projects/{project_id}/guides", response_model=GuideDetail, status_code=status.HTTP_201_CREATED)
def create_guide(
    session: SessionDep, user: CurrentUser, project: ProjectResearcher, data: GuideCreate
) -> GuideDetail:
    """Create a guide from YAML or a JSON document, or copy one (`copy_of`: template_id or guide_id)."""
    guide = service.create_guide(session, project=project, user=user, data=data)
    return service.detail(session, guide=guide)


@router.get("/guides/{guide_id}", response_model=GuideDetail)
def get_guide(session: SessionDep, guide: GuideViewer, version: VersionQuery = None) -> GuideDetail:
    """A guide at its latest version (or `version`), with the list of versions."""
    return service.detail(session, guide=guide, number=version)


@router.put("/guides/{guide_id}", response_model=GuideDetail)
def update_guide(
    session: SessionDep, user: CurrentUser, guide: GuideResearcher, data: GuideWrite
) -> GuideDetail:
    """Replace a guide's content; a version an interview used stays as it was and a new one is added."""
    version = service.update_guide(session, guide=guide, user=user, data=data)
    return service.detail(session, guide=guide, number=version.number)


@router.delete("/guides/{guide_id}")
def delete_guide(session: SessionDep, guide: GuideOwner) -> dict[str, int]:
    """Delete a guide that no interview or transcript has used."""
    guide_id = guide.id or 0
    service.delete_guide(session, guide=guide)
    return {"deleted": guide_id}


@router.get("/guides/{guide_id}/export", response_class=Response)
def export_guide(
    session: SessionDep,
    guide: GuideViewer,
    fmt: FormatQuery = ExportFormat.HTML,
    version: VersionQuery = None,
) -> Response:
    """A guide version as a printout (HTML, PDF: one page per section) or as Markdown."""
    stored = service.get_version(session, guide=guide, number=version)
    shown = version_guide(session, stored)
    names = stage_names(session, project_id=guide.project_id, framework_id=shown.framework)
    return export_response(shown, fmt, stage_names=names, version=stored.number)
