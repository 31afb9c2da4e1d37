"""Projects: create, read, update (listing with counts and deleting: app/overview)."""

from __future__ import annotations

from sqlmodel import Session, select

from app.accounts.models import User
from app.errors import Conflict, InvalidInput, NotFound
from app.frameworks.service import resolve
from app.members.service import add_owner
from app.projects.models import Project, ProjectCreate, ProjectUpdate
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
    add_owner(session, project_id=project.id or 0, user=owner)
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
        try:
            resolve(session, project_id=project_id, framework_id=str(changes["framework"]))
        except NotFound as err:
            raise InvalidInput(err.message) from err
    project.sqlmodel_update(changes)
    session.add(project)
    session.flush()
    return project
