"""One entry point for every background job: `run(engine, ref)` runs a coding job or an analysis."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from app.jobs.kinds import JobKind, JobRef
from app.jobs.reaper import reap

if TYPE_CHECKING:
    from app.coding.jobs import PipelineFactory


def run(engine: Engine, ref: JobRef, make_pipeline: PipelineFactory | None = None) -> None:
    """Run one job to its end. A job another worker holds, or one already finished, is left alone.

    A job whose worker died (a message delivered again) is first queued again by the reaper if its
    lease has expired, so it can be claimed here.
    """
    reap(engine, only=ref)
    if ref.kind == JobKind.CODING:
        from app.coding.jobs import run_job

        run_job(engine, ref.id, make_pipeline)
    else:
        from app.analysis.jobs import run_analysis

        run_analysis(engine, ref.id)
