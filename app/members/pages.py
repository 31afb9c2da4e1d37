"""HTML pages: a project's members, and the owners' forms to add, re-role or remove them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.access import ProjectOwner, ProjectViewer, role_in
from app.deps import SessionDep
from app.members import service
from app.members.models import MemberAdd, MemberUpdate, ProjectRole
from app.security import CurrentUser
from app.web import templates

router = APIRouter(include_in_schema=False)


@router.get("/projects/{project_id}/members", response_class=HTMLResponse)
def members_page(
    request: Request, session: SessionDep, user: CurrentUser, project: ProjectViewer
) -> Response:
    """Who can see and work on a project; owners manage it here."""
    context = {
        "project": project,
        "members": service.list_members(session, project_id=project.id or 0),
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
    data = MemberAdd(email=email, role=role)
    service.add_member(session, project_id=project.id or 0, actor=user, data=data)
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
        service.remove_member(session, project_id=project.id or 0, actor=user, user_id=user_id)
    else:
        data = MemberUpdate(role=ProjectRole(role))
        service.change_role(session, project_id=project.id or 0, actor=user, user_id=user_id, data=data)
    return RedirectResponse(f"/projects/{project.id}/members", status_code=303)
