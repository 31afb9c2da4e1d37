"""HTML pages for interview guides: list, view (built-in or the project's), create, copy, edit, delete."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from app.access import ProjectResearcher, ProjectViewer, role_in
from app.deps import SessionDep
from app.errors import InvalidGuide, InvalidInput
from app.frameworks.service import stage_names
from app.guides import service
from app.guides.access import GuideOwner, GuideResearcher, GuideViewer
from app.guides.models import GuideCopy, GuideCreate, GuideWrite
from app.guides.parsing import version_guide
from app.projects.service import get_project
from app.security import CurrentUser
from app.web import templates
from nlp.guides import shipped_guide_text

router = APIRouter(include_in_schema=False)


@router.get("/projects/{project_id}/guides", response_class=HTMLResponse)
def guides_page(request: Request, session: SessionDep, user: CurrentUser, project: ProjectViewer) -> Response:
    """Built-in guides and the project's own, with forms to copy and create."""
    return _guides_page(request, session, user=user, project_id=project.id or 0)


def _guides_page(
    request: Request,
    session: Session,
    *,
    user: Any,
    project_id: int,
    error: str | None = None,
    text: str = "",
) -> Response:
    context = {
        "project": get_project(session, project_id),
        "role": role_in(session, user=user, project_id=project_id),
        "templates_": service.list_templates(),
        "guides": service.list_project_guides(session, project_id=project_id),
        "error": error,
        "text": text,
    }
    return templates.TemplateResponse(request, "guides.html", context, status_code=400 if error else 200)


@router.post("/projects/{project_id}/guides")
def create_guide_form(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    project: ProjectResearcher,
    template_id: Annotated[str | None, Form()] = None,
    guide_id: Annotated[int | None, Form()] = None,
    name: Annotated[str | None, Form()] = None,
    yaml: Annotated[str | None, Form()] = None,
) -> Response:
    """Copy a guide (built-in or the project's) or create one from YAML, then open it."""
    if template_id or guide_id:
        copy = GuideCopy(
            template_id=template_id or None, guide_id=guide_id, name=(name or "").strip() or None
        )
        data = GuideCreate(copy_of=copy)
    elif (yaml or "").strip():
        data = GuideCreate(yaml=yaml)
    else:
        return _guides_page(
            request,
            session,
            user=user,
            project_id=project.id or 0,
            error="Paste a guide in YAML, or copy one.",
        )
    try:
        with session.begin_nested():
            guide = service.create_guide(session, project=project, user=user, data=data)
    except (InvalidGuide, InvalidInput) as err:
        return _guides_page(
            request, session, user=user, project_id=project.id or 0, error=err.message, text=yaml or ""
        )
    return RedirectResponse(f"/guides/{guide.id}", status_code=303)


@router.get("/projects/{project_id}/guides/templates/{template_id}", response_class=HTMLResponse)
def template_page(
    request: Request, session: SessionDep, user: CurrentUser, project: ProjectViewer, template_id: str
) -> Response:
    """A built-in guide, read-only, with copy, run and export links."""
    guide = service.template(template_id)
    context: dict[str, Any] = {
        "project": project,
        "role": role_in(session, user=user, project_id=project.id or 0),
        "guide": guide,
        "stage_names": stage_names(session, project_id=project.id or 0, framework_id=guide.framework),
        "template_id": template_id,
        "row": None,
        "version": None,
        "versions": [],
        "exports": f"/api/guide-templates/{template_id}/export",
    }
    return templates.TemplateResponse(request, "guide.html", context)


@router.get("/guides/{guide_id}", response_class=HTMLResponse)
def guide_page(
    request: Request, session: SessionDep, user: CurrentUser, guide: GuideViewer, version: int | None = None
) -> Response:
    """A project guide at its latest version (or `version`), with its versions."""
    detail = service.detail(session, guide=guide, number=version)
    stored = service.get_version(session, guide=guide, number=version)
    shown = version_guide(session, stored)
    context = {
        "project": get_project(session, guide.project_id),
        "role": role_in(session, user=user, project_id=guide.project_id),
        "guide": shown,
        "stage_names": stage_names(session, project_id=guide.project_id, framework_id=shown.framework),
        "template_id": None,
        "row": guide,
        "version": detail,
        "versions": detail.versions,
        "exports": f"/api/guides/{guide.id}/export",
    }
    return templates.TemplateResponse(request, "guide.html", context)


@router.get("/guides/{guide_id}/edit", response_class=HTMLResponse)
def edit_page(request: Request, session: SessionDep, guide: GuideResearcher) -> Response:
    """Edit a guide's YAML; the schema is checked on save."""
    latest = service.latest_version(session, guide_id=guide.id or 0)
    return _edit(request, session, guide=guide, text=latest.source_yaml, error=None)


def _edit(request: Request, session: Session, *, guide: Any, text: str, error: str | None) -> Response:
    latest = service.latest_version(session, guide_id=guide.id or 0)
    context = {
        "project": get_project(session, guide.project_id),
        "row": guide,
        "text": text,
        "error": error,
        "latest": latest,
        "in_use": service.version_in_use(session, version_id=latest.id or 0),
        "example": shipped_guide_text("journey-survey"),
    }
    return templates.TemplateResponse(request, "guide_edit.html", context, status_code=400 if error else 200)


@router.post("/guides/{guide_id}/edit")
def save_edit(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    guide: GuideResearcher,
    yaml: Annotated[str, Form()] = "",
) -> Response:
    """Save the edited YAML: a new version if the current one was used, else in place."""
    try:
        with session.begin_nested():
            version = service.update_guide(session, guide=guide, user=user, data=GuideWrite(yaml=yaml))
    except (InvalidGuide, InvalidInput) as err:
        return _edit(request, session, guide=guide, text=yaml, error=err.message)
    return RedirectResponse(f"/guides/{guide.id}?version={version.number}", status_code=303)


@router.post("/guides/{guide_id}/delete")
def delete_form(session: SessionDep, guide: GuideOwner) -> Response:
    """Delete an unused guide and go back to the guides page."""
    project_id = guide.project_id
    service.delete_guide(session, guide=guide)
    return RedirectResponse(f"/projects/{project_id}/guides", status_code=303)
