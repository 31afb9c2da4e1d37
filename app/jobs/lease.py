"""Leases: a running job belongs to one worker while that worker keeps renewing it.

`hold()` claims a queued job (one conditional UPDATE, so two workers can never both win), starts a
heartbeat thread that renews the lease every third of its length, and stops it at the end. A worker
that finds its lease gone (the reaper gave the job to another) stops without writing.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import col

from app.config import settings
from app.db import utcnow
from app.jobs.models import JobState, JobStatus
from app.jobs.retry import with_retry

log = logging.getLogger(__name__)


class LeaseLost(Exception):
    """This worker no longer holds the job's lease: another worker has (or will have) the job."""


def new_owner() -> str:
    """Who holds a lease: host, process and a random part (two threads of one process differ)."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def lease_length() -> timedelta:
    return timedelta(seconds=settings.job_lease_seconds)


def claim(conn: Connection, table: type[JobState], job_id: int, *, owner: str, **values: Any) -> bool:
    """Take a queued job: status running, this owner's lease, one more attempt. False if not queued."""
    statement = (
        update(table)
        .where(col(table.id) == job_id, col(table.status) == JobStatus.QUEUED)
        .values(
            status=JobStatus.RUNNING,
            lease_owner=owner,
            lease_expires_at=utcnow() + lease_length(),
            attempts=col(table.attempts) + 1,
            **values,
        )
    )
    return conn.execute(statement).rowcount == 1


def renew(conn: Connection, table: type[JobState], job_id: int, *, owner: str) -> None:
    """Extend the lease; raises LeaseLost when this owner no longer holds it."""
    statement = (
        update(table)
        .where(*_held_by(table, job_id, owner))
        .values(lease_expires_at=utcnow() + lease_length())
    )
    if conn.execute(statement).rowcount != 1:
        raise LeaseLost(f"{table.__name__} {job_id}: lease of {owner} is gone")


def end(
    conn: Connection, table: type[JobState], job_id: int, *, owner: str, status: JobStatus, **values: Any
) -> bool:
    """Record the outcome and drop the lease; False (nothing written) if this owner lost the lease."""
    statement = (
        update(table)
        .where(*_held_by(table, job_id, owner))
        .values(status=status, lease_owner=None, lease_expires_at=None, **values)
    )
    return conn.execute(statement).rowcount == 1


def _held_by(table: type[JobState], job_id: int, owner: str) -> tuple[Any, ...]:
    return (col(table.id) == job_id, col(table.lease_owner) == owner, col(table.status) == JobStatus.RUNNING)


class Lease:
    """A claimed job's lease, renewed by a heartbeat thread until `stop()`."""

    def __init__(self, engine: Engine, table: type[JobState], job_id: int, owner: str) -> None:
        self.engine, self.table, self.job_id, self.owner = engine, table, job_id, owner
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"lease-{job_id}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def check(self) -> None:
        """A heartbeat now (between batches): raises LeaseLost if the job is no longer ours."""
        if self.lost:
            raise LeaseLost(f"{self.table.__name__} {self.job_id}: lease lost")
        with self.engine.begin() as conn:
            renew(conn, self.table, self.job_id, owner=self.owner)

    def end(self, conn: Connection, status: JobStatus, **values: Any) -> bool:
        """Record the outcome in the caller's transaction (see `end`)."""
        return end(conn, self.table, self.job_id, owner=self.owner, status=status, **values)

    def _beat(self) -> None:
        interval = settings.job_lease_seconds / 3
        while not self._stop.wait(interval):
            try:
                with self.engine.begin() as conn:
                    renew(conn, self.table, self.job_id, owner=self.owner)
            except LeaseLost:
                self.lost = True
                return
            except Exception:  # a failed heartbeat is retried at the next beat; the lease may lapse
                log.warning("heartbeat for %s %s failed", self.table.__name__, self.job_id, exc_info=True)


@contextmanager
def hold(engine: Engine, table: type[JobState], job_id: int, **values: Any) -> Iterator[Lease | None]:
    """Claim the job and keep its lease alive inside the block; None when it was not queued."""
    owner = new_owner()

    def take() -> bool:
        with engine.begin() as conn:
            return claim(conn, table, job_id, owner=owner, **values)

    if not with_retry(take, what=f"claim {table.__name__} {job_id}"):
        yield None
        return
    lease = Lease(engine, table, job_id, owner)
    lease.start()
    try:
        yield lease
    finally:
        lease.stop()
