"""Where coding jobs run: in this process (a worker thread), inline, or on Celery workers via Redis."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from sqlalchemy.engine import Engine

from app.analysis.jobs import run_analysis
from app.coding.jobs import PipelineFactory, run_job
from app.config import Settings


class Runner(Protocol):
    def submit(self, job_id: int) -> None: ...

    def submit_analysis(self, run_id: int) -> None: ...


class InlineRunner:
    """Runs the job before returning (the CLI, and tests)."""

    def __init__(self, engine: Engine, make_pipeline: PipelineFactory | None = None) -> None:
        self.engine = engine
        self.make_pipeline = make_pipeline

    def submit(self, job_id: int) -> None:
        run_job(self.engine, job_id, self.make_pipeline)

    def submit_analysis(self, run_id: int) -> None:
        run_analysis(self.engine, run_id)


class ThreadRunner:
    """One background thread in the web process: enough for one machine, jobs run one at a time."""

    def __init__(self, engine: Engine, make_pipeline: PipelineFactory | None = None) -> None:
        self.engine = engine
        self.make_pipeline = make_pipeline
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coding")

    def submit(self, job_id: int) -> None:
        self.pool.submit(run_job, self.engine, job_id, self.make_pipeline)

    def submit_analysis(self, run_id: int) -> None:
        self.pool.submit(run_analysis, self.engine, run_id)


class CeleryRunner:
    """Sends the job to Celery workers (`desirelines worker`) through the broker, e.g. Redis."""

    def submit(self, job_id: int) -> None:
        from app.worker import code_source

        code_source.delay(job_id)

    def submit_analysis(self, run_id: int) -> None:
        from app.worker import analyse

        analyse.delay(run_id)


class NoRunner:
    """Leaves jobs queued (a researcher can start them later)."""

    def submit(self, job_id: int) -> None:
        return None

    def submit_analysis(self, run_id: int) -> None:
        return None


def make_runner(settings: Settings, engine: Engine) -> Runner:
    mode = settings.coding_runner
    if mode == "auto":
        mode = "celery" if settings.broker_url else "thread"
    runners: dict[str, Runner] = {"inline": InlineRunner(engine), "off": NoRunner()}
    if mode == "thread":
        return ThreadRunner(engine)
    if mode == "celery":
        return CeleryRunner()
    return runners[mode]
