"""`celery -A app.worker worker` keeps working: the Celery app lives in app.jobs.worker."""

from app.jobs.worker import celery_app, run_job

__all__ = ["celery_app", "run_job"]
