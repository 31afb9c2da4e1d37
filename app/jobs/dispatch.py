"""One entry point for every background job: `run(engine, ref)` runs a job of any registered kind."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from app.jobs.kinds import JobRef, job_type
from app.jobs.reaper import reap


def run(engine: Engine, ref: JobRef, options: Any = None) -> None:
    """Run one job to its end. A job another worker holds, or one already finished, is left alone.

    A job whose worker died (a message delivered again) is first queued again by the reaper if its
    lease has expired, so it can be claimed here. `options` goes to the job's handler as it is.
    """
    reap(engine, only=ref)
    job_type(ref.kind).run(engine, ref.id, options)
