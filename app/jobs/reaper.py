"""The reaper: no job stays `running` without a live lease.

A running job whose lease expired lost its worker (killed, out of memory, machine gone, database
unreachable for longer than the lease). It is queued again, up to `job_max_attempts` claims, and then
failed with an error saying so. The reaper runs when the service and each worker start, before a job
is claimed, and every `job_reap_seconds` in a background thread; jobs it queues again are handed to
the runner.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from app.config import settings
from app.db import session_scope, utcnow
from app.jobs.kinds import JobKind, JobRef, JobType, job_types
from app.jobs.kinds import job_type as registered_type
from app.jobs.models import JobState, JobStatus
from app.jobs.retry import with_retry

log = logging.getLogger(__name__)
Submit = Callable[[JobRef], None]


def gave_up_message(attempts: int) -> str:
    return (
        f"The worker running this job stopped without finishing, {attempts} times (its lease expired). "
        "Start it again when the cause is fixed."
    )


def reap(engine: Engine, *, now: datetime | None = None, only: JobRef | None = None) -> list[JobRef]:
    """Queue again (or fail) every running job whose lease expired; returns the jobs queued again."""
    moment = now or utcnow()
    queued: list[JobRef] = []
    for kind, job_type in job_types().items():
        if only is not None and only.kind != kind:
            continue
        ids = with_retry(
            lambda job_type=job_type: _reap_table(engine, job_type, moment, only),  # type: ignore[misc]
            what=f"reap {kind} jobs",
        )
        queued += [JobRef(kind, job_id) for job_id in ids]
    return queued


def _reap_table(engine: Engine, job_type: JobType, now: datetime, only: JobRef | None) -> list[int]:
    table = job_type.table
    with session_scope(engine) as session:
        query = select(col(table.id), col(table.attempts)).where(*_stale(table, now))
        if only is not None:
            query = query.where(col(table.id) == only.id)
        again, given_up = [], []
        for job_id, attempts in session.execute(query).all():
            if attempts < settings.job_max_attempts:
                if _set(session, table, job_id, now, status=JobStatus.QUEUED):
                    again.append(job_id)
            elif _set(session, table, job_id, now, status=JobStatus.FAILED, error=gave_up_message(attempts),
                      finished_at=now):  # fmt: skip
                given_up.append(job_id)
        if given_up:
            job_type.gave_up(session, given_up)
    for job_id in again:
        log.warning("%s %s lost its worker; queued again", table.__name__, job_id)
    return again


def _stale(table: type[JobState], now: datetime) -> tuple[ColumnElement[bool], ...]:
    expires = col(table.lease_expires_at)
    return (col(table.status) == JobStatus.RUNNING, or_(expires.is_(None), expires < now))


def _set(
    session: Session, table: type[JobState], job_id: int | None, now: datetime, **values: object
) -> bool:
    # Conditional again: a heartbeat that renewed the lease since the select wins.
    statement = (
        update(table)
        .where(col(table.id) == job_id, *_stale(table, now))
        .values(lease_owner=None, lease_expires_at=None, **values)
    )
    return session.connection().execute(statement).rowcount == 1


def fail_queued(engine: Engine, ref: JobRef, error: str) -> bool:
    """Fail a queued job that no worker is going to run, with `error` saying why (the job's kind records
    the rest, as when the reaper gives up); False when it was no longer queued."""
    registered = registered_type(ref.kind)
    table = registered.table

    def write() -> bool:
        with session_scope(engine) as session:
            statement = (
                update(table)
                .where(col(table.id) == ref.id, col(table.status) == JobStatus.QUEUED)
                .values(status=JobStatus.FAILED, error=error, finished_at=utcnow())
            )
            if session.connection().execute(statement).rowcount != 1:
                return False
            registered.gave_up(session, [ref.id])
            return True

    return with_retry(write, what=f"fail {ref.kind} job {ref.id}")


def queued_jobs(engine: Engine) -> list[JobRef]:
    """Every queued job, oldest first within each kind."""
    with session_scope(engine) as session:
        return [
            JobRef(kind, job_id)
            for kind, job_type in job_types().items()
            for job_id in session.scalars(
                select(col(job_type.table.id))
                .where(col(job_type.table.status) == JobStatus.QUEUED)
                .order_by(col(job_type.table.id))
            )
            if job_id is not None
        ]


def recover(engine: Engine, submit: Submit | None) -> list[JobRef]:
    """On start: reap, then hand every queued job to `submit` (a runner that has none passes None)."""
    reap(engine)
    pending = queued_jobs(engine)
    if submit is not None:
        for ref in pending:
            submit(ref)
    return pending


class PeriodicReaper:
    """Reaps every `every` seconds in a daemon thread and submits the jobs it queued again."""

    def __init__(self, engine: Engine, submit: Submit | None, every: float) -> None:
        self.engine, self.submit, self.every = engine, submit, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="job-reaper", daemon=True)

    def start(self) -> None:
        if self.every > 0:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            try:
                for ref in reap(self.engine):
                    if self.submit is not None:
                        self.submit(ref)
            except Exception:  # the next round tries again; the reaper thread must not die
                log.exception("reaping stale jobs failed")


__all__ = ["JobKind", "JobRef", "PeriodicReaper", "fail_queued", "reap", "recover"]
