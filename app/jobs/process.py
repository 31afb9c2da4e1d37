"""The process runner: jobs run in one child process of the web service (app.jobs.child), not in it.

Themes (UMAP, numba, HDBSCAN) and coding hold Python's GIL for long stretches; in the web process
they would slow every request on a small machine. The child claims queued jobs from the database
with the usual leases, so nothing is handed over but a wake-up: `dispatch` sets an event, and the
child looks for queued jobs. A child that dies is started again; its job's lease runs out and the
reaper queues the job again. The child is stopped with the app (cut off after `job_stop_seconds`;
its job is then queued again by the next start's reaper).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from typing import Any

from sqlalchemy.engine import Engine

from app.config import Settings
from app.jobs.child import ChildConfig, main
from app.jobs.kinds import JobRef
from app.jobs.runner import Submits

log = logging.getLogger(__name__)
RESTART_DELAY_S = 1.0


class ProcessRunner(Submits):
    """One job process beside the web process, started with the app and started again if it dies."""

    background = True

    def __init__(
        self, settings: Settings, engine: Engine, make_pipeline: Any = None
    ) -> None:
        self._context = multiprocessing.get_context("spawn")  # no copy of this process's threads
        self.wake, self._stop = self._context.Event(), self._context.Event()
        self.config = ChildConfig(
            database_url=engine.url.render_as_string(hide_password=False),
            settings=settings.model_dump(),
            parent_pid=os.getpid(),
            make_pipeline=make_pipeline,
        )
        self.stop_seconds = settings.job_stop_seconds
        self.process: BaseProcess | None = None
        self.restarts = 0
        self._lock = threading.Lock()
        self._closing = threading.Event()

    def start(self) -> None:
        """Start the job process (and the thread that restarts it); nothing if it runs already."""
        with self._lock:
            if self.process is not None or self._closing.is_set():
                return
            self.process = self._spawn()
        threading.Thread(target=self._watch, name="job-process-watch", daemon=True).start()

    def dispatch(self, ref: JobRef) -> None:
        self.start()
        self.wake.set()

    def close(self) -> None:
        """Ask the job process to stop after its current job; cut it off after `job_stop_seconds`."""
        self._closing.set()
        self._stop.set()
        self.wake.set()
        with self._lock:
            process = self.process
        if process is None:
            return
        process.join(self.stop_seconds)
        if process.is_alive():
            log.warning(
                "job process %s still busy after %.0f s; stopping it (its job is queued again when"
                " its lease runs out, so it runs at the next start)",
                process.pid,
                self.stop_seconds,
            )
            process.terminate()
            process.join(5)
        if process.is_alive():
            process.kill()
            process.join(5)

    def _spawn(self) -> BaseProcess:
        process = self._context.Process(
            target=main, args=(self.config, self.wake, self._stop), name="desirelines-jobs", daemon=True
        )
        process.start()
        return process

    def _watch(self) -> None:
        while True:
            with self._lock:
                process = self.process
            if process is None:
                return
            # Wait for the end without reaping: while closing, close() reaps it (two threads in
            # waitpid race, and the loser sees a dead process as alive).
            wait([process.sentinel])
            if self._closing.wait(RESTART_DELAY_S):
                return
            process.join()
            log.error("job process %s exited with %s; starting another", process.pid, process.exitcode)
            with self._lock:
                if self._closing.is_set():
                    return
                self.process = self._spawn()
                self.restarts += 1
