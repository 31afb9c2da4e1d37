"""JSON API for projects: create and update (list, read with counts, delete: app/overview/routes.py)."""

from __future__ import annotations

from fastapi import APIRouter, status

from app.access import ProjectOwner
from app.deps import SessionDep
from app.projects import service
from app.projects.models import ProjectCreate, ProjectRead, ProjectUpdate
from app.security import CurrentUser

router = APIRouter(prefix="/api/projects", tags=["projects"])


@router.post("", response_model=ProjectRead, status_code=status.HTTP_201_CREATED)
def create_project(session: SessionDep, user: CurrentUser, data: ProjectCreate) -> ProjectRead:
    """Create a project; you become its owner."""
    return ProjectRead.model_validate(service.create_project(session, data=data, owner=user))


@router.patch("/{project_id}", response_model=ProjectRead)
def update_project(session: SessionDep, project: ProjectOwner, data: ProjectUpdate) -> ProjectRead:
    """Rename a project or change its framework or privacy settings (owners)."""
    return ProjectRead.model_validate(service.update_project(session, project_id=project.id or 0, data=data))
