"""Project-level authorization: members by role; non-members get 404, so existence never leaks.

Each route states what it needs with one of the Annotated aliases below; they run before the
request body is validated, so a caller without access learns nothing from validation errors either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends
from sqlmodel import Session, select

from app.accounts.models import User
from app.deps import SessionDep
from app.errors import Forbidden, NotFound
from app.members.models import Membership, ProjectRole
from app.participants.models import Participant
from app.projects.models import Project
from app.security import CurrentUser
from app.sources.models import Source


def role_in(session: Session, *, user: User, project_id: int) -> ProjectRole | None:
    membership = session.exec(
        select(Membership).where(Membership.project_id == project_id, Membership.user_id == user.id)
    ).first()
    return ProjectRole(membership.role) if membership else None


def authorize_project(session: Session, *, user: User, project_id: int, needed: ProjectRole) -> Project:
    """The project, if `user` is a member with at least the `needed` role.

    Raises:
        NotFound: no such project, or the user is not a member (the same answer on purpose).
        Forbidden: a member whose role is below `needed`.
    """
    project = session.get(Project, project_id)
    role = role_in(session, user=user, project_id=project_id) if project else None
    if project is None or role is None:
        raise NotFound(f"Project {project_id} does not exist.")
    if not role.allows(needed):
        raise Forbidden(f"This needs the {needed} role in project {project.name!r}; you are a {role}.")
    return project


def _project(needed: ProjectRole) -> Callable[..., Project]:
    def dependency(project_id: int, session: SessionDep, user: CurrentUser) -> Project:
        return authorize_project(session, user=user, project_id=project_id, needed=needed)

    return dependency


def _source(needed: ProjectRole) -> Callable[..., Source]:
    def dependency(source_id: int, session: SessionDep, user: CurrentUser) -> Source:
        source = session.get(Source, source_id)
        if source is None:
            raise NotFound(f"Source {source_id} does not exist.")
        try:
            authorize_project(session, user=user, project_id=source.project_id, needed=needed)
        except NotFound:
            raise NotFound(f"Source {source_id} does not exist.") from None
        return source

    return dependency


def _participant(needed: ProjectRole) -> Callable[..., Participant]:
    def dependency(participant_id: int, session: SessionDep, user: CurrentUser) -> Participant:
        participant = session.get(Participant, participant_id)
        if participant is None:
            raise NotFound(f"Participant {participant_id} does not exist.")
        try:
            authorize_project(session, user=user, project_id=participant.project_id, needed=needed)
        except NotFound:
            raise NotFound(f"Participant {participant_id} does not exist.") from None
        return participant

    return dependency


ProjectViewer = Annotated[Project, Depends(_project(ProjectRole.VIEWER))]
ProjectResearcher = Annotated[Project, Depends(_project(ProjectRole.RESEARCHER))]
ProjectOwner = Annotated[Project, Depends(_project(ProjectRole.OWNER))]
SourceViewer = Annotated[Source, Depends(_source(ProjectRole.VIEWER))]
SourceResearcher = Annotated[Source, Depends(_source(ProjectRole.RESEARCHER))]
SourceOwner = Annotated[Source, Depends(_source(ProjectRole.OWNER))]
ParticipantViewer = Annotated[Participant, Depends(_participant(ProjectRole.VIEWER))]
ParticipantResearcher = Annotated[Participant, Depends(_participant(ProjectRole.RESEARCHER))]
ParticipantOwner = Annotated[Participant, Depends(_participant(ProjectRole.OWNER))]
