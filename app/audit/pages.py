"""HTML page: a project's audit log."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.access import ProjectOwner
from app.audit.service import event_page
from app.deps import SessionDep
from app.pagination import PageDep
from app.web import templates

router = APIRouter(include_in_schema=False)


@router.get("/projects/{project_id}/audit", response_class=HTMLResponse)
def audit_page(request: Request, session: SessionDep, project: ProjectOwner, paging: PageDep) -> Response:
    """The project's audit log (owners)."""
    events = event_page(session, project_id=project.id or 0, page=paging.page, page_size=paging.page_size)
    return templates.TemplateResponse(request, "audit.html", {"project": project, "events": events})
