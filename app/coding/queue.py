"""Queue a source for coding from a request: the job row now, the work after the commit."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import BackgroundTasks, Request
from sqlmodel import Session

from app.coding.jobs import queue_job
from app.sources.models import Source


def queue_after_commit(request: Request, tasks: BackgroundTasks, session: Session, *, source_id: int) -> None:
    """Background tasks run after the response, so after the request's transaction has committed."""
    source = session.get(Source, source_id)
    if source is None:
        return
    job = queue_job(session, source=source)
    tasks.add_task(request.app.state.runner.submit, job.id)


def submit_after_commit(request: Request, tasks: BackgroundTasks, job_ids: Sequence[int]) -> None:
    """Hand queued jobs to the runner once the request's transaction has committed."""
    for job_id in job_ids:
        tasks.add_task(request.app.state.runner.submit, job_id)
