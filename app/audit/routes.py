"""JSON API for a project's audit log (owners)."""

from __future__ import annotations

from fastapi import APIRouter

from app.access import ProjectOwner
from app.audit.models import AuditEventRead
from app.audit.service import list_events
from app.deps import SessionDep
from app.pagination import PageDep

router = APIRouter(prefix="/api/projects/{project_id}/audit", tags=["audit"])


@router.get("", response_model=list[AuditEventRead])
def audit_log(session: SessionDep, project: ProjectOwner, paging: PageDep) -> list[AuditEventRead]:
    """Who uploaded, exported, deleted or changed roles, newest first."""
    events = list_events(session, project_id=project.id or 0, offset=paging.offset, limit=paging.page_size)
    return [AuditEventRead.model_validate(e) for e in events]
