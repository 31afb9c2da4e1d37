"""One entry point for every background job: `run(engine, ref)` runs a job of any registered kind."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from app.jobs.kinds import JobRef, Retry, job_type
from app.jobs.reaper import reap


def run(engine: Engine, ref: JobRef, options: Any = None) -> Retry:
    """Run one job to its end. A job another worker holds, or one already finished, is left alone.

    A job that is not ready yet (an analysis whose project is still being coded elsewhere) stays queued
    and its handler returns the seconds after which to try it again; the caller sends it back to its
    queue (see app.jobs.runner, app.jobs.worker; the job process finds it queued at its next round).

    A job whose worker died (a message delivered again) is first queued again by the reaper if its
    lease has expired, so it can be claimed here. `options` goes to the job's handler as it is.
    """
    reap(engine, only=ref)
    return job_type(ref.kind).run(engine, ref.id, options)
