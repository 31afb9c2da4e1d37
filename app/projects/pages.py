"""HTML pages: projects list, project overview, members and audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.access import ProjectOwner, ProjectViewer, role_in
from app.audit.service import list_events
from app.coding.progress import active_coding_progress
from app.coding.service import substantive_counts
from app.deps import SessionDep
from app.members import service as members
from app.members.models import MemberAdd, MemberUpdate, ProjectRole
from app.pagination import PageDep
from app.participants.service import count_participants, list_participants
from app.projects import service
from app.projects.models import ProjectCreate, ProjectUpdate
from app.security import CurrentUser
from app.sources.service import list_sources
from app.web import templates
from nlp.frameworks import list_frameworks, load_framework

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def projects_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """Your projects, with a form to start one."""
    projects = service.list_projects(session, user=user)
    frameworks = [load_framework(fid) for fid in list_frameworks()]
    return templates.TemplateResponse(
        request, "projects.html", {"projects": projects, "frameworks": frameworks}
    )


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


@router.get("/projects/{project_id}", response_class=HTMLResponse)
def project_page(
    request: Request, session: SessionDep, user: CurrentUser, project: ProjectViewer
) -> Response:
    """A project's sources, participants and search box."""
    project_id = project.id or 0
    sources = list_sources(session, project_id=project_id)
    context = {
        "project": service.summarize(session, [project])[0],
        "role": role_in(session, user=user, project_id=project_id),
        "sources": sources,
        "coding_progress": active_coding_progress(session, source_ids=[s.id or 0 for s in sources]),
        "participants": list_participants(session, project_id=project_id, limit=12),
        "participant_total": count_participants(session, project_id=project_id),
        "substantive": substantive_counts(session, project_id=project_id),
    }
    return templates.TemplateResponse(request, "project.html", context)


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


@router.get("/projects/{project_id}/members", response_class=HTMLResponse)
def members_page(
    request: Request, session: SessionDep, user: CurrentUser, project: ProjectViewer
) -> Response:
    """Who can see and work on a project; owners manage it here."""
    context = {
        "project": project,
        "members": members.list_members(session, project_id=project.id or 0),
        "role": role_in(session, user=user, project_id=project.id or 0),
        "roles": list(ProjectRole),
    }
    return templates.TemplateResponse(request, "members.html", context)


@router.post("/projects/{project_id}/members")
def add_member_form(
    session: SessionDep,
    user: CurrentUser,
    project: ProjectOwner,
    email: Annotated[str, Form()],
    role: Annotated[ProjectRole, Form()],
) -> Response:
    """Add a member from the members page."""
    members.add_member(session, project=project, actor=user, data=MemberAdd(email=email, role=role))
    return RedirectResponse(f"/projects/{project.id}/members", status_code=303)


@router.post("/projects/{project_id}/members/{user_id}")
def change_member_form(
    session: SessionDep,
    user: CurrentUser,
    project: ProjectOwner,
    user_id: int,
    role: Annotated[str, Form()],
) -> Response:
    """Change a member's role, or remove them (role "remove")."""
    if role == "remove":
        members.remove_member(session, project=project, actor=user, user_id=user_id)
    else:
        data = MemberUpdate(role=ProjectRole(role))
        members.change_role(session, project=project, actor=user, user_id=user_id, data=data)
    return RedirectResponse(f"/projects/{project.id}/members", status_code=303)


@router.get("/projects/{project_id}/audit", response_class=HTMLResponse)
def audit_page(request: Request, session: SessionDep, project: ProjectOwner, paging: PageDep) -> Response:
    """The project's audit log (owners)."""
    events = list_events(session, project_id=project.id or 0, offset=paging.offset, limit=paging.page_size)
    return templates.TemplateResponse(
        request, "audit.html", {"project": project, "events": events, "paging": paging}
    )
