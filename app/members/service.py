"""Members of a project: add, change role, remove; a project always keeps at least one owner."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.accounts.service import find_user
from app.audit.service import record
from app.errors import Conflict, InvalidInput, NotFound
from app.members.models import MemberAdd, MemberRead, Membership, MemberUpdate, ProjectRole


def add_owner(session: Session, *, project_id: int, user: User) -> None:
    session.add(Membership(project_id=project_id, user_id=user.id or 0, role=ProjectRole.OWNER))
    session.flush()


def list_members(session: Session, *, project_id: int) -> list[MemberRead]:
    rows = session.exec(
        select(Membership, User)
        .join(User, col(User.id) == Membership.user_id)
        .where(Membership.project_id == project_id)
        .order_by(col(User.email))
    ).all()
    return [MemberRead(user_id=user.id or 0, email=user.email, role=ProjectRole(m.role)) for m, user in rows]


def add_member(session: Session, *, project_id: int, actor: User, data: MemberAdd) -> MemberRead:
    user = find_user(session, email=data.email)
    if user is None:
        raise NotFound(f"No user has the email {data.email!r}; an admin creates accounts first.")
    if _membership(session, project_id=project_id, user_id=user.id or 0) is not None:
        raise Conflict(f"{user.email} is already a member of this project.")
    session.add(Membership(project_id=project_id, user_id=user.id or 0, role=data.role))
    record(session, actor=actor, action="member.add", project_id=project_id, email=user.email, role=data.role)
    session.flush()
    return MemberRead(user_id=user.id or 0, email=user.email, role=data.role)


def change_role(
    session: Session, *, project_id: int, actor: User, user_id: int, data: MemberUpdate
) -> MemberRead:
    membership = _existing(session, project_id=project_id, user_id=user_id)
    before = ProjectRole(membership.role)
    if before == ProjectRole.OWNER and data.role != ProjectRole.OWNER:
        _keep_an_owner(session, project_id=project_id)
    membership.role = data.role
    session.add(membership)
    user = session.get(User, user_id)
    email = user.email if user else str(user_id)
    record(
        session,
        actor=actor,
        action="member.role",
        project_id=project_id,
        email=email,
        before=before,
        after=data.role,
    )
    session.flush()
    return MemberRead(user_id=user_id, email=email, role=data.role)


def remove_member(session: Session, *, project_id: int, actor: User, user_id: int) -> None:
    membership = _existing(session, project_id=project_id, user_id=user_id)
    if ProjectRole(membership.role) == ProjectRole.OWNER:
        _keep_an_owner(session, project_id=project_id)
    user = session.get(User, user_id)
    session.delete(membership)
    record(
        session,
        actor=actor,
        action="member.remove",
        project_id=project_id,
        email=user.email if user else None,
    )
    session.flush()


def _membership(session: Session, *, project_id: int, user_id: int) -> Membership | None:
    return session.exec(
        select(Membership).where(Membership.project_id == project_id, Membership.user_id == user_id)
    ).first()


def _existing(session: Session, *, project_id: int, user_id: int) -> Membership:
    membership = _membership(session, project_id=project_id, user_id=user_id)
    if membership is None:
        raise NotFound(f"User {user_id} is not a member of this project.")
    return membership


def _keep_an_owner(session: Session, *, project_id: int) -> None:
    owners = session.exec(
        select(func.count())
        .select_from(Membership)
        .where(Membership.project_id == project_id, Membership.role == ProjectRole.OWNER)
    ).one()
    if owners <= 1:
        raise InvalidInput("A project needs at least one owner; make someone else owner first.")
