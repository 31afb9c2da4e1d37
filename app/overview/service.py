"""Projects seen whole: each with its counts of sources, participants and utterances, and deleting one
with everything in it. These span the features that fill a project, which all build on app.projects,
so they live above them rather than in app.projects.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.audit.service import record
from app.members.models import Membership
from app.participants.models import Participant
from app.projects.models import Project, ProjectSummary
from app.projects.service import get_project
from app.sources.models import Source
from app.sources.service import delete_source
from app.utterances.models import Utterance


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


def delete_project(session: Session, *, project_id: int, actor: User) -> None:
    """Delete a project with all its sources, participants and utterances."""
    project = get_project(session, project_id)
    record(session, actor=actor, action="project.delete", project_id=project_id, name=project.name)
    # Delete children explicitly (not only by FK cascade) so SQLite's FTS triggers see every row go.
    for source in session.exec(select(Source).where(Source.project_id == project_id)).all():
        delete_source(session, source_id=source.id or 0)
    for participant in session.exec(select(Participant).where(Participant.project_id == project_id)).all():
        session.delete(participant)
    session.delete(project)
    session.flush()
