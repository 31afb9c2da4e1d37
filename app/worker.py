"""Celery workers for coding jobs and analyses, for when one machine is not enough.

Run with `desirelines worker` (or `celery -A app.worker worker`) next to the web service, both
pointed at the same database and at DESIRELINES_BROKER_URL (e.g. redis://127.0.0.1:6379/0).
"""

from __future__ import annotations

from celery import Celery

from app.config import settings

celery_app = Celery("desirelines", broker=settings.broker_url or "redis://127.0.0.1:6379/0")
celery_app.conf.update(
    task_acks_late=True,  # a job whose worker dies is delivered again; the job is safe to re-run
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
)


@celery_app.task(name="desirelines.code_source")
def code_source(job_id: int) -> None:
    """Run one coding job (see app.coding.jobs.run_job)."""
    from app.coding.jobs import run_job
    from app.db import get_engine

    run_job(get_engine(), job_id)


@celery_app.task(name="desirelines.analyse")
def analyse(run_id: int) -> None:
    """Run one themes or personas analysis (see app.analysis.jobs.run_analysis)."""
    from app.analysis.jobs import run_analysis
    from app.db import get_engine

    run_analysis(get_engine(), run_id)
