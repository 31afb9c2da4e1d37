"""Celery workers for coding jobs and analyses, for when one machine is not enough.

Run with `desirelines worker` (or `celery -A app.jobs.worker worker`) next to the web service, both
pointed at the same database and at DESIRELINES_BROKER_URL (e.g. redis://127.0.0.1:6379/0).

A message is acknowledged only when its job has ended, and a worker process that dies hands its
message back, so a job is never lost with its worker; the job's lease (app.jobs.lease) makes sure a
second delivery never runs a job twice at once, and the reaper (started with each worker) queues
again the jobs whose worker stopped.
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.signals import worker_ready, worker_shutdown

from app.config import settings
from app.jobs.kinds import SETUP_MODULES, JobKind, JobRef

celery_app = Celery("desirelines", broker=settings.broker_url or "redis://127.0.0.1:6379/0")
celery_app.conf.update(
    task_acks_late=True,  # acknowledged after the job ends: a job whose worker dies is delivered again
    task_reject_on_worker_lost=True,  # ... also when the process running it is killed
    worker_prefetch_multiplier=1,  # a worker holds one message at a time, so none waits behind a long job
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    # Loaded when the worker starts: the tables and the features whose jobs it runs (app.jobs imports none).
    imports=SETUP_MODULES,
)
_reapers: list[Any] = []


@celery_app.task(name="desirelines.run_job")
def run_job(kind: str, job_id: int) -> None:
    """Run one coding job or analysis (see app.jobs.dispatch.run).

    A job that is not ready yet stays queued and is sent again with a countdown, so this worker takes
    other messages meanwhile (the new message is sent before this one is acknowledged).
    """
    from app.db import get_engine
    from app.jobs.dispatch import run

    retry = run(get_engine(), JobRef(JobKind(kind), job_id))
    if retry is not None:
        run_job.apply_async((kind, job_id), countdown=retry)


def submit(ref: JobRef) -> None:
    run_job.delay(ref.kind.value, ref.id)


@worker_ready.connect
def _recover_on_start(**_: Any) -> None:
    """Queue again the jobs of workers that stopped, send every queued job, and keep reaping."""
    from app.db import get_engine
    from app.jobs.reaper import PeriodicReaper, recover

    reaper = PeriodicReaper(get_engine(), submit, settings.job_reap_seconds)
    reaper.start()  # first, so it runs even when the database is down right now
    _reapers.append(reaper)
    recover(get_engine(), submit)


@worker_shutdown.connect
def _stop_reaping(**_: Any) -> None:
    while _reapers:
        _reapers.pop().stop()
