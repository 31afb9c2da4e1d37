"""The audit log after a participant is erased: events stay (who did what, when), but file names and
other details that carry the participant's name are cleaned."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, select

from app.audit.models import AuditEvent


def scrub_details(session: Session, *, project_id: int, clean: Callable[[str], str]) -> int:
    """Clean the string details of the project's events; how many changed."""
    changed = 0
    for event in session.exec(select(AuditEvent).where(AuditEvent.project_id == project_id)):
        detail = {key: _clean(value, clean) for key, value in event.detail.items()}
        if detail != event.detail:
            event.detail = detail
            session.add(event)
            changed += 1
    return changed


def _clean(value: Any, clean: Callable[[str], str]) -> Any:
    return clean(value) if isinstance(value, str) else value
