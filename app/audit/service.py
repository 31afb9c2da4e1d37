"""Record and read audit events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.audit.models import AuditEvent, AuditEventPage, AuditEventRead
from app.db import add_after_read


def record(session: Session, *, actor: User, action: str, project_id: int | None, **detail: Any) -> None:
    """Add an audit event to the current transaction (it is kept only if the action is).

    In a read (an export is a GET), it is written in its own transaction once the read has succeeded,
    before the response is sent; see `app.db.add_after_read`.
    """
    add_after_read(
        session,
        AuditEvent(
            project_id=project_id, user_id=actor.id, actor_email=actor.email, action=action, detail=detail
        ),
    )


def record_export(
    session: Session, *, actor: User, project_id: int | None, what: str, fmt: str, **detail: Any
) -> None:
    """Log a download of participant data as `<what>.export` with its format and what narrowed it.

    Every export route calls this, so the audit log shows who took which data out, and how; details
    that are None (no persona, no saved version) are left out.
    """
    shown = {key: value for key, value in detail.items() if value is not None}
    record(session, actor=actor, action=f"{what}.export", project_id=project_id, format=str(fmt), **shown)


def event_page(session: Session, *, project_id: int, page: int, page_size: int) -> AuditEventPage:
    """One page of a project's audit events, newest first, with how many there are in all."""
    condition = col(AuditEvent.project_id) == project_id
    total = session.exec(select(func.count()).select_from(AuditEvent).where(condition)).one()
    rows = session.exec(
        select(AuditEvent)
        .where(condition)
        .order_by(col(AuditEvent.created_at).desc(), col(AuditEvent.id).desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    items = [AuditEventRead.model_validate(row) for row in rows]
    return AuditEventPage(items=items, total=total, page=page, page_size=page_size)
