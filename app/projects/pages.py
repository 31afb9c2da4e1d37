"""HTML forms: start a project, change its settings (the list and overview pages: app/overview/pages.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from app.access import ProjectOwner
from app.deps import SessionDep
from app.projects import service
from app.projects.models import ProjectCreate, ProjectUpdate
from app.security import CurrentUser

router = APIRouter(include_in_schema=False)


@router.post("/projects")
def create_project_form(
    session: SessionDep,
    user: CurrentUser,
    name: Annotated[str, Form()],
    description: Annotated[str, Form()] = "",
    framework: Annotated[str, Form()] = "seven-step",
) -> Response:
    """Create a project from the form, coding against the chosen journey framework, and open it."""
    data = ProjectCreate(name=name.strip(), description=description, framework=framework)
    project = service.create_project(session, data=data, owner=user)
    return RedirectResponse(f"/projects/{project.id}", status_code=303)


@router.post("/projects/{project_id}/settings")
def project_settings_form(
    session: SessionDep,
    project: ProjectOwner,
    redact_on_import: Annotated[bool, Form()] = False,
    keep_original_files: Annotated[bool, Form()] = False,
) -> Response:
    """Save the project's privacy settings (owners); unchecked boxes are sent as absent, meaning off."""
    data = ProjectUpdate(redact_on_import=redact_on_import, keep_original_files=keep_original_files)
    service.update_project(session, project_id=project.id or 0, data=data)
    return RedirectResponse(f"/projects/{project.id}", status_code=303)
