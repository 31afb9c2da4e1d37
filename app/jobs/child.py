"""The job process: a child of the web service that runs queued jobs one at a time.

It builds its own engine, lowers its CPU priority (so the web process wins the CPU on a small
machine), and loops: run every queued job (each claimed with a lease, see app.jobs.lease), then wait
until the web process wakes it or `job_poll_seconds` pass. Models load once, the first time a job
needs them, and stay loaded. The loop ends when the web process asks it to stop or is gone.
"""

from __future__ import annotations

import importlib
import logging
import os
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.engine import Engine

from app.config import settings
from app.db import PoolOptions, make_engine
from app.jobs.dispatch import run
from app.jobs.kinds import SETUP_MODULES
from app.jobs.reaper import queued_jobs

log = logging.getLogger(__name__)


class Flag(Protocol):
    """A multiprocessing Event, as far as the child uses it."""

    def is_set(self) -> bool: ...

    def set(self) -> None: ...

    def clear(self) -> None: ...

    def wait(self, timeout: float | None = None) -> bool: ...


@dataclass(frozen=True)
class ChildConfig:
    """What the job process needs from the web process (sent once, when it starts)."""

    database_url: str
    settings: dict[str, Any]
    parent_pid: int
    make_pipeline: Any = None  # the coding handler's pipeline factory, passed through as it is
    setup_modules: tuple[str, ...] = SETUP_MODULES


def main(config: ChildConfig, wake: Flag, stop: Flag) -> None:
    """The job process's entry point (spawned by app.jobs.process.ProcessRunner)."""
    for module in config.setup_modules:
        importlib.import_module(module)

    logging.basicConfig(level=logging.INFO, format="%(levelname)s job process: %(message)s")
    _adopt(config.settings)
    _lower_priority(settings.job_nice)
    engine = make_engine(config.database_url, PoolOptions.from_settings(settings))
    try:
        loop(engine, config, wake, stop)
    finally:
        engine.dispose()
    # Native thread pools the analyses start (numba, OpenMP) can hang the interpreter's teardown
    # for good; the loop has ended and the engine is closed, so nothing is left to clean up.
    logging.shutdown()
    os._exit(0)


def loop(engine: Engine, config: ChildConfig, wake: Flag, stop: Flag) -> None:
    while not stop.is_set() and os.getppid() == config.parent_pid:
        wake.clear()  # a wake-up that comes while the jobs below run is kept for the next round
        run_queued(engine, config, stop)
        wake.wait(settings.job_poll_seconds)


def run_queued(engine: Engine, config: ChildConfig, stop: Flag) -> None:
    """Run the jobs queued now, oldest first; a database outage waits for the next round."""
    try:
        pending = queued_jobs(engine)
    except Exception:
        log.exception("could not look for queued jobs")
        return
    for ref in pending:
        if stop.is_set():
            return
        try:
            run(engine, ref, config.make_pipeline)  # a job not ready yet stays queued: the next round
        except Exception:  # jobs record their own failures; this is an outage around them
            log.exception("%s job %s stopped", ref.kind, ref.id)


def _adopt(values: dict[str, Any]) -> None:
    """Take the web process's settings (tests and the CLI may pass their own, not the environment's)."""
    for name, value in values.items():
        setattr(settings, name, value)


def _lower_priority(nice: int) -> None:
    if nice and hasattr(os, "nice"):
        os.nice(nice)
