"""Project-level authorization: members by role; non-members get 404, so existence never leaks.

Each route states what it needs with one of the Annotated aliases below; they run before the
request body is validated, so a caller without access learns nothing from validation errors either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Protocol, TypeVar

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
from app.utterances.models import Utterance


class ProjectRow(Protocol):
    """Any table whose rows belong to one project."""

    @property
    def project_id(self) -> int: ...


Owned = TypeVar("Owned", bound=ProjectRow)


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


def authorize_row(
    session: Session,
    *,
    user: User,
    model: type[Owned],
    row_id: int,
    needed: ProjectRole,
    label: str | None = None,
) -> Owned:
    """A row that belongs to a project (source, participant, guide...), if the user may see it.

    `label` names the row in the 404 message where the class name is not the researcher's word.
    """
    row = session.get(model, row_id)
    missing = NotFound(f"{label or model.__name__} {row_id} does not exist.")
    if row is None:
        raise missing
    try:
        authorize_project(session, user=user, project_id=row.project_id, needed=needed)
    except NotFound:
        raise missing from None
    return row


# FastAPI takes each path parameter's name from a dependency's signature, hence one factory per kind.
def _source(needed: ProjectRole) -> Callable[..., Source]:
    def dependency(source_id: int, session: SessionDep, user: CurrentUser) -> Source:
        return authorize_row(session, user=user, model=Source, row_id=source_id, needed=needed)

    return dependency


def _participant(needed: ProjectRole) -> Callable[..., Participant]:
    def dependency(participant_id: int, session: SessionDep, user: CurrentUser) -> Participant:
        return authorize_row(session, user=user, model=Participant, row_id=participant_id, needed=needed)

    return dependency


def _utterance(needed: ProjectRole) -> Callable[..., Utterance]:
    def dependency(utterance_id: int, session: SessionDep, user: CurrentUser) -> Utterance:
        return authorize_row(session, user=user, model=Utterance, row_id=utterance_id, needed=needed)

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
UtteranceViewer = Annotated[Utterance, Depends(_utterance(ProjectRole.VIEWER))]
UtteranceResearcher = Annotated[Utterance, Depends(_utterance(ProjectRole.RESEARCHER))]
