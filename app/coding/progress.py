"""How far each source's active coding job has got, for the "coding 40%" and "queued" badges of the project
page."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.coding.models import CodingJob
from app.jobs.models import JobStatus
from app.sources.models import Source

ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


def coding_percent(done: int, total: int) -> int:
    """Whole percent done; 0 while the total is unknown, never 100 before the job ends."""
    if total <= 0:
        return 0
    return min(99, int(100 * done / total))


def active_coding_progress(session: Session, *, source_ids: list[int]) -> dict[int, int | None]:
    """Percent done of the running coding job of each source that has one, None where the job is still
    queued behind others (one query)."""
    if not source_ids:
        return {}
    rows = session.exec(
        select(CodingJob.source_id, CodingJob.status, CodingJob.done, CodingJob.total).where(
            col(CodingJob.source_id).in_(source_ids), col(CodingJob.status).in_(ACTIVE)
        )
    ).all()
    return {
        source_id: None if status == JobStatus.QUEUED else coding_percent(done, total)
        for source_id, status, done, total in rows
    }


def sources_being_coded(session: Session, *, project_id: int) -> int:
    """How many of the project's sources are queued or being coded: pages built from coded utterances
    leave theirs out until then, and say so."""
    query = (
        select(func.count())
        .select_from(CodingJob)
        .join(Source, col(Source.id) == col(CodingJob.source_id))
        .where(Source.project_id == project_id, col(CodingJob.status).in_(ACTIVE))
    )
    return int(session.exec(query).one())
