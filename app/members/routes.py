"""JSON API for project members."""

from __future__ import annotations

from fastapi import APIRouter, status

from app.access import ProjectOwner, ProjectViewer
from app.deps import SessionDep
from app.members import service
from app.members.models import MemberAdd, MemberRead, MemberUpdate
from app.security import CurrentUser

router = APIRouter(prefix="/api/projects/{project_id}/members", tags=["members"])


@router.get("", response_model=list[MemberRead])
def list_members(session: SessionDep, project: ProjectViewer) -> list[MemberRead]:
    """List a project's members and their roles."""
    return service.list_members(session, project_id=project.id or 0)


@router.post("", response_model=MemberRead, status_code=status.HTTP_201_CREATED)
def add_member(session: SessionDep, user: CurrentUser, project: ProjectOwner, data: MemberAdd) -> MemberRead:
    """Add an existing user to the project with a role (owners)."""
    return service.add_member(session, project_id=project.id or 0, actor=user, data=data)


@router.patch("/{user_id}", response_model=MemberRead)
def change_role(
    session: SessionDep, user: CurrentUser, project: ProjectOwner, user_id: int, data: MemberUpdate
) -> MemberRead:
    """Change a member's role (owners); the last owner cannot step down."""
    return service.change_role(session, project_id=project.id or 0, actor=user, user_id=user_id, data=data)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_member(session: SessionDep, user: CurrentUser, project: ProjectOwner, user_id: int) -> None:
    """Remove a member (owners)."""
    service.remove_member(session, project_id=project.id or 0, actor=user, user_id=user_id)
