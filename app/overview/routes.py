"""JSON API for projects seen whole: list and read them with their counts, delete one."""

from __future__ import annotations

from fastapi import APIRouter, status

from app.access import ProjectOwner, ProjectViewer, role_in
from app.deps import SessionDep
from app.overview import service
from app.projects.models import ProjectSummary
from app.security import CurrentUser

router = APIRouter(prefix="/api/projects", tags=["projects"])


@router.get("", response_model=list[ProjectSummary])
def list_projects(session: SessionDep, user: CurrentUser) -> list[ProjectSummary]:
    """List the projects you are a member of, with their counts and your role."""
    return service.list_projects(session, user=user)


@router.get("/{project_id}", response_model=ProjectSummary)
def get_project(session: SessionDep, user: CurrentUser, project: ProjectViewer) -> ProjectSummary:
    """Read one project with its counts."""
    role = role_in(session, user=user, project_id=project.id or 0)
    return service.summarize(session, [project], {project.id or 0: str(role)})[0]


@router.delete("/{project_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_project(session: SessionDep, user: CurrentUser, project: ProjectOwner) -> None:
    """Delete a project with all its sources, participants and utterances (owners)."""
    service.delete_project(session, project_id=project.id or 0, actor=user)
