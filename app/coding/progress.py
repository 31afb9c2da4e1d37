"""How far each source's active coding job has got, for the "coding 40%", "loading models" and "queued"
badges of the project page, and how a running job reports it between the saves of its batches."""

from __future__ import annotations

import logging
import math
import time
from datetime import datetime
from typing import Any

from sqlalchemy import func, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.coding.models import CodingJob, loading_models
from app.db import utcnow
from app.jobs.lease import Lease
from app.jobs.models import JobStatus
from app.sources.models import Source

log = logging.getLogger(__name__)

ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
# What one encoded text is worth of its batch's progress; the coders share the rest. Measured on a 2-core
# machine: the four coders take 5-10% of a fresh batch's time (bench_coding allows them a quarter).
ENCODED_SHARE = 0.85
MIN_INTERVAL_S = 0.5


def coding_percent(done: int, total: int) -> int:
    """Whole percent done; 0 while the total is unknown, never 100 before the job ends."""
    if total <= 0:
        return 0
    return min(99, int(100 * done / total))


def coding_badges(session: Session, *, source_ids: list[int]) -> dict[int, str]:
    """The badge of each source that has an active coding job: "queued" behind others, "loading models"
    while a claimed job waits for them, else "coding 40%" (one query)."""
    if not source_ids:
        return {}
    columns = (CodingJob.source_id, CodingJob.status, CodingJob.done, CodingJob.total, CodingJob.started_at)
    query = sa_select(*(col(c) for c in columns)).where(
        col(CodingJob.source_id).in_(source_ids), col(CodingJob.status).in_(ACTIVE)
    )
    rows = session.execute(query).tuples().all()
    return {
        source_id: _badge(status, done, total, started_at)
        for source_id, status, done, total, started_at in rows
    }


def _badge(status: JobStatus, done: int, total: int, started_at: datetime | None) -> str:
    if status == JobStatus.QUEUED:
        return "queued"
    if loading_models(status, started_at):
        return "loading models"
    return f"coding {coding_percent(done, total)}%"


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
    """A running job's `done` count while a batch is coded, before its codes are saved.

    Codes are still saved batch by batch (app.coding.jobs); this only moves the count, with one UPDATE of
    the job's row under its lease, so a badge moves within a batch instead of jumping every batch: after
    each part the encoder finishes (64 texts, see StoredFeatureEncoder) and after each coder has coded the
    batch (CodingPipeline.on_coded). Each text the batch had to encode counts ENCODED_SHARE of an
    utterance, and the coders share the rest of the batch, so a re-run from stored features moves with the
    coders alone. The count never goes back, and it is written at most every MIN_INTERVAL_S seconds (the
    page refreshes every 3): a fast batch writes its save alone. A report that fails is skipped.
    """

    def __init__(self, lease: Lease) -> None:
        self.lease = lease
        self.start = self.size = self.encoded_to = self.reported = 0
        self.written_at = -math.inf

    def started(self) -> None:
        """The models are loaded: the job is coding now, no longer loading (see `coding_message`)."""
        self._write(started_at=utcnow())

    def batch(self, start: int, size: int) -> None:
        """The next batch: `size` utterances after the first `start`."""
        self.start, self.size, self.encoded_to = start, size, start

    def encoded(self, count: int, total: int) -> None:
        """`count` of the batch's `total` texts to encode are encoded."""
        self.encoded_to = self.start + int(ENCODED_SHARE * count)
        self._report(self.encoded_to)

    def coded(self, count: int, total: int) -> None:
        """`count` of the `total` coders have coded the batch (its save records the end)."""
        end = self.start + self.size
        if count < total:
            self._report(self.encoded_to + (end - self.encoded_to) * count // total)

    def _report(self, done: int) -> None:
        now = time.monotonic()
        if done <= self.reported or now - self.written_at < MIN_INTERVAL_S:
            return
        self.reported, self.written_at = done, now
        self._write(done=done)

    def _write(self, **values: Any) -> None:
        statement = (
            update(CodingJob)
            .where(
                col(CodingJob.id) == self.lease.job_id,
                col(CodingJob.lease_owner) == self.lease.owner,
                col(CodingJob.status) == JobStatus.RUNNING,
            )
            .values(**values)
        )
        try:
            with self.lease.engine.begin() as conn:
                conn.execute(statement)
        except Exception:  # progress is for show; the batch's save records the real count
            log.warning("coding job %s: could not report progress", self.lease.job_id, exc_info=True)
