"""Queue a job at most once per subject: the database's partial unique index decides every race."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.jobs.models import JobState

J = TypeVar("J", bound=JobState)


def add_once(session: Session, job: J, active: Callable[[], J | None]) -> J:
    """Add `job` unless `active()` finds a queued or running job for the same subject; returns the one kept.

    Two requests that queue the same subject at once both pass the first look; the unique index
    refuses the second insert (inside a savepoint, so the request's other work stays), which then
    returns the first one's job.
    """
    existing = active()
    if existing is not None:
        return existing
    try:
        with session.begin_nested():
            session.add(job)
            session.flush()
    except IntegrityError:
        winner = active()
        if winner is None:
            raise
        return winner
    return job
