"""JSON API for a project's audit log (owners)."""

from __future__ import annotations

from fastapi import APIRouter

from app.access import ProjectOwner
from app.audit.models import AuditEventPage
from app.audit.service import event_page
from app.deps import SessionDep
from app.pagination import PageDep

router = APIRouter(prefix="/api/projects/{project_id}/audit", tags=["audit"])


@router.get("", response_model=AuditEventPage)
def audit_log(session: SessionDep, project: ProjectOwner, paging: PageDep) -> AuditEventPage:
    """Who uploaded, exported, deleted or changed roles, newest first, a page at a time with the total."""
    return event_page(session, project_id=project.id or 0, page=paging.page, page_size=paging.page_size)
