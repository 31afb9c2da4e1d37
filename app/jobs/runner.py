"""Where jobs run: in a child process (app.jobs.process), in this process (a worker thread), inline, on
Celery workers via Redis, or not yet."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from sqlalchemy.engine import Engine

from app.config import Settings
from app.jobs.dispatch import run
from app.jobs.kinds import Awaited, JobKind, JobRef, job_type
from app.jobs.reaper import fail_queued

log = logging.getLogger(__name__)


class Runner(Protocol):
    background: bool  # runs jobs outside the caller (so the service hands it queued jobs on start)

    def dispatch(self, ref: JobRef) -> None: ...

    def submit(self, job_id: int) -> None: ...

    def submit_analysis(self, run_id: int) -> None: ...

    def start(self) -> None: ...

    def close(self) -> None: ...


class Submits:
    """`submit` and `submit_analysis` for the routes, both through `dispatch`; `start` and `close` (the
    app's lifespan calls them) do nothing unless a runner has something to start."""

    def dispatch(self, ref: JobRef) -> None:
        raise NotImplementedError

    def start(self) -> None:
        return None

    def close(self) -> None:
        return None

    def submit(self, job_id: int) -> None:
        self.dispatch(JobRef(JobKind.CODING, job_id))

    def submit_analysis(self, run_id: int) -> None:
        self.dispatch(JobRef(JobKind.ANALYSIS, run_id))


class InlineRunner(Submits):
    """Runs the job before returning (the CLI, and tests). Nothing else runs jobs for this caller, so a
    job that is not ready yet (an analysis whose project still has sources queued for coding) does not
    wait here: the queued jobs it waits for are run first, here, and then the job. One that still waits
    after those (on jobs another worker runs) is failed at once, its error naming what it waits for.

    `make_pipeline` goes to each job's handler as it is (the coding handler builds its pipeline with it).
    """

    background = False

    def __init__(self, engine: Engine, make_pipeline: Any = None) -> None:
        self.engine = engine
        self.make_pipeline = make_pipeline

    def dispatch(self, ref: JobRef) -> None:
        tried: set[JobRef] = set()
        while run(self.engine, ref, self.make_pipeline) is not None:
            awaited = job_type(ref.kind).waits_for(self.engine, ref.id)
            todo = [job.ref for job in awaited if job.ref not in tried]
            if not todo:  # each was run here already (or is another worker's): waiting would not help
                self._fail(ref, awaited)
                return
            for job in todo:
                tried.add(job)
                self.dispatch(job)

    def _fail(self, ref: JobRef, awaited: list[Awaited]) -> None:
        names = ", ".join(job.name for job in awaited) or "jobs it does not name"
        error = (
            f"Not run: it waits for {names}, which another worker is running. This service runs jobs"
            " inline (coding_runner 'inline'), so it does not wait for them; start it again once they"
            " have ended."
        )
        if fail_queued(self.engine, ref, error):
            log.warning("%s job %s failed: %s", ref.kind, ref.id, error)


class ThreadRunner(Submits):
    """One background thread in the web process, jobs one at a time (tests; the process runner is the
    default, as long jobs in a thread slow the web process's requests). A job that is not ready yet goes
    back to the pool after the delay its handler asks for (a timer), so the thread takes other jobs."""

    background = True

    def __init__(self, engine: Engine, make_pipeline: Any = None) -> None:
        self.engine = engine
        self.make_pipeline = make_pipeline
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jobs")

    def dispatch(self, ref: JobRef) -> None:
        self.pool.submit(self._run, ref)

    def _run(self, ref: JobRef) -> None:
        retry = run(self.engine, ref, self.make_pipeline)
        if retry is not None:
            timer = threading.Timer(retry, self._again, (ref,))
            timer.daemon = True
            timer.start()

    def _again(self, ref: JobRef) -> None:
        try:
            self.dispatch(ref)
        except RuntimeError:  # the pool was shut down meanwhile: the job stays queued for the next start
            log.info("%s job %s stays queued: the job thread has stopped", ref.kind, ref.id)


class CeleryRunner(Submits):
    """Sends the job to Celery workers (`desirelines worker`) through the broker, e.g. Redis."""

    background = True

    def dispatch(self, ref: JobRef) -> None:
        from app.jobs.worker import run_job

        run_job.delay(ref.kind.value, ref.id)


class NoRunner(Submits):
    """Leaves jobs queued (a worker, a restart or a researcher starts them later)."""

    background = False

    def dispatch(self, ref: JobRef) -> None:
        return None


def make_runner(settings: Settings, engine: Engine) -> Runner:
    mode = settings.coding_runner
    if mode == "auto":
        mode = "celery" if settings.broker_url else "process"
    if mode == "process":
        from app.jobs.process import ProcessRunner  # imports this module

        return ProcessRunner(settings, engine)
    if mode == "thread":
        return ThreadRunner(engine)
    if mode == "celery":
        return CeleryRunner()
    if mode == "inline":
        return InlineRunner(engine)
    return NoRunner()
