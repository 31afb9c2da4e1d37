"""Projects: create, list with counts, read, update, delete."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.audit.service import record
from app.errors import Conflict, InvalidInput, NotFound
from app.members.models import Membership, ProjectRole
from app.participants.models import Participant
from app.projects.models import Project, ProjectCreate, ProjectSummary, ProjectUpdate
from app.sources.models import Source
from app.utterances.models import Utterance
from nlp.frameworks import list_frameworks


def get_project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(f"Project {project_id} does not exist.")
    return project


def find_project(session: Session, *, name: str) -> Project | None:
    return session.exec(select(Project).where(Project.name == name)).first()


def create_project(session: Session, *, data: ProjectCreate, owner: User) -> Project:
    """Create a project owned by `owner`."""
    if find_project(session, name=data.name) is not None:
        raise Conflict(f"A project named {data.name!r} already exists.")
    if data.framework not in list_frameworks():
        raise InvalidInput(f"Framework {data.framework!r} is not one of {', '.join(list_frameworks())}.")
    project = Project.model_validate(data)
    session.add(project)
    session.flush()
    session.add(Membership(project_id=project.id or 0, user_id=owner.id or 0, role=ProjectRole.OWNER))
    session.flush()
    return project


def get_or_create_project(session: Session, *, name: str, owner: User) -> Project:
    return find_project(session, name=name) or create_project(
        session, data=ProjectCreate(name=name), owner=owner
    )


def update_project(session: Session, *, project_id: int, data: ProjectUpdate) -> Project:
    project = get_project(session, project_id)
    changes = data.model_dump(exclude_unset=True)
    new_name = changes.get("name")
    if new_name and new_name != project.name and find_project(session, name=new_name) is not None:
        raise Conflict(f"A project named {new_name!r} already exists.")
    if "framework" in changes:
        from app.frameworks.service import resolve

        try:
            resolve(session, project_id=project_id, framework_id=str(changes["framework"]))
        except NotFound as err:
            raise InvalidInput(err.message) from err
    project.sqlmodel_update(changes)
    session.add(project)
    session.flush()
    return project


def delete_project(session: Session, *, project_id: int, actor: User) -> None:
    project = get_project(session, project_id)
    record(session, actor=actor, action="project.delete", project_id=project_id, name=project.name)
    # Delete children explicitly (not only by FK cascade) so SQLite's FTS triggers see every row go.
    from app.sources.service import delete_source

    for source in session.exec(select(Source).where(Source.project_id == project_id)).all():
        delete_source(session, source_id=source.id or 0)
    for participant in session.exec(select(Participant).where(Participant.project_id == project_id)).all():
        session.delete(participant)
    session.delete(project)
    session.flush()


def summarize(
    session: Session, projects: list[Project], roles: dict[int, str] | None = None
) -> list[ProjectSummary]:
    """Attach source, participant and utterance counts with three grouped queries (no N+1)."""
    ids = [p.id for p in projects]
    counts = {
        name: _count_by_project(session, model, ids)
        for name, model in (("source", Source), ("participant", Participant), ("utterance", Utterance))
    }
    return [
        ProjectSummary(
            **project.model_dump(),
            source_count=counts["source"].get(project.id or 0, 0),
            participant_count=counts["participant"].get(project.id or 0, 0),
            utterance_count=counts["utterance"].get(project.id or 0, 0),
            role=(roles or {}).get(project.id or 0),
        )
        for project in projects
    ]


def _count_by_project(
    session: Session, model: type[Source] | type[Participant] | type[Utterance], ids: list[int | None]
) -> dict[int, int]:
    project_col = col(model.project_id)
    rows = session.exec(
        select(project_col, func.count()).where(project_col.in_(ids)).group_by(project_col)
    ).all()
    return {project_id: count for project_id, count in rows}


def list_projects(session: Session, *, user: User) -> list[ProjectSummary]:
    """The projects `user` is a member of, newest first, with their role in each."""
    rows = session.exec(
        select(Project, Membership.role)
        .join(Membership, col(Membership.project_id) == Project.id)
        .where(Membership.user_id == user.id)
        .order_by(col(Project.created_at).desc())
    ).all()
    return summarize(session, [p for p, _ in rows], {p.id or 0: role for p, role in rows})
