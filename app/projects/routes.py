"""JSON API for projects."""

from __future__ import annotations

from fastapi import APIRouter, status

from app.access import ProjectOwner, ProjectViewer, role_in
from app.deps import SessionDep
from app.projects import service
from app.projects.models import ProjectCreate, ProjectRead, ProjectSummary, ProjectUpdate
from app.security import CurrentUser

router = APIRouter(prefix="/api/projects", tags=["projects"])


@router.get("", response_model=list[ProjectSummary])
def list_projects(session: SessionDep, user: CurrentUser) -> list[ProjectSummary]:
    """List the projects you are a member of, with their counts and your role."""
    return service.list_projects(session, user=user)


@router.post("", response_model=ProjectRead, status_code=status.HTTP_201_CREATED)
def create_project(session: SessionDep, user: CurrentUser, data: ProjectCreate) -> ProjectRead:
    """Create a project; you become its owner."""
    return ProjectRead.model_validate(service.create_project(session, data=data, owner=user))


@router.get("/{project_id}", response_model=ProjectSummary)
def get_project(session: SessionDep, user: CurrentUser, project: ProjectViewer) -> ProjectSummary:
    """Read one project with its counts."""
    role = role_in(session, user=user, project_id=project.id or 0)
    return service.summarize(session, [project], {project.id or 0: str(role)})[0]


@router.patch("/{project_id}", response_model=ProjectRead)
def update_project(session: SessionDep, project: ProjectOwner, data: ProjectUpdate) -> ProjectRead:
    """Rename a project or change its framework or privacy settings (owners)."""
    return ProjectRead.model_validate(service.update_project(session, project_id=project.id or 0, data=data))


@router.delete("/{project_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_project(session: SessionDep, user: CurrentUser, project: ProjectOwner) -> None:
    """Delete a project with all its sources, participants and utterances (owners)."""
    service.delete_project(session, project_id=project.id or 0, actor=user)
