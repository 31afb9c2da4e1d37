"""How far each source's active coding job has got, for the "coding 40%" and "queued" badges of the project
page, and how a running job reports it between the saves of its batches."""

from __future__ import annotations

import logging

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from app.coding.models import CodingJob
from app.jobs.lease import Lease
from app.jobs.models import JobStatus
from app.sources.models import Source

log = logging.getLogger(__name__)

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


class BatchProgress:
    """A running job's `done` count while a batch is encoded (the slow part), before its codes are saved.

    Codes are still saved batch by batch (app.coding.jobs); this only moves the count, with one UPDATE of
    the job's row under its lease after each part the encoder finishes (see StoredFeatureEncoder), so a
    badge moves every 64 utterances instead of jumping every batch. A report that fails is skipped.
    """

    def __init__(self, lease: Lease) -> None:
        self.lease = lease
        self.start = self.size = 0

    def batch(self, start: int, size: int) -> None:
        """The next batch: `size` utterances after the first `start`."""
        self.start, self.size = start, size

    def encoded(self, count: int, total: int) -> None:
        """`count` of the batch's `total` texts to encode are encoded (the batch's save records the end)."""
        if count >= total:
            return
        done = self.start + self.size * count // total
        statement = (
            update(CodingJob)
            .where(
                col(CodingJob.id) == self.lease.job_id,
                col(CodingJob.lease_owner) == self.lease.owner,
                col(CodingJob.status) == JobStatus.RUNNING,
            )
            .values(done=done)
        )
        try:
            with self.lease.engine.begin() as conn:
                conn.execute(statement)
        except Exception:  # progress is for show; the batch's save records the real count
            log.warning("coding job %s: could not report progress", self.lease.job_id, exc_info=True)
