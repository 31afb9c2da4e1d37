"""The kinds of background job, and what the job system needs to know of each.

The features that own a job table (app.coding, app.analysis) sit above app.jobs: they import its
models and leases, so app.jobs must not import them. Each kind is registered instead
(`register_job_type`), by the composition module app.handlers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.jobs.models import JobState


class JobKind(StrEnum):
    CODING = "coding"
    ANALYSIS = "analysis"


@dataclass(frozen=True)
class JobRef:
    """One job: which table and which row."""

    kind: JobKind
    id: int


# run(engine, job id, options): `options` is what the runner was built with (tests pass a fake coding
# pipeline factory); a kind that takes none ignores it. It returns None when the job has ended (or was not
# this worker's to run), or a number of seconds: the job is not ready, stays queued, and is to be tried
# again after that long (see `Retry`), so the worker is free for other jobs meanwhile.
Retry = float | None
RunJob = Callable[[Engine, int, Any], Retry]


@dataclass(frozen=True)
class Awaited:
    """A queued or running job that a job not ready yet waits for, named for a researcher."""

    ref: JobRef
    name: str  # e.g. "coding of source 'panel.txt'"


# waits_for(engine, job id): the jobs a job not ready yet waits for (asked after its `run` returned a
# delay), so a runner that nothing else runs beside (app.jobs.runner.InlineRunner) runs them first.
WaitsFor = Callable[[Engine, int], list[Awaited]]


def waits_for_nothing(_engine: Engine, _job_id: int) -> list[Awaited]:
    return []


@dataclass(frozen=True)
class JobType:
    """A job table, how to run one of its jobs, what else changes when the job system gives up on one, and
    (for a kind whose jobs can wait for others) which jobs one waits for."""

    table: type[JobState]
    run: RunJob
    gave_up: Callable[[Session, list[int]], None]
    waits_for: WaitsFor = waits_for_nothing


# What a process that runs or reaps jobs imports first (by name: app.jobs imports no feature): every
# table, so the ORM resolves each foreign key, and the composition module that registers each kind.
# The job process (app.jobs.child) and the Celery worker (app.jobs.worker) both load these.
SETUP_MODULES = ("app.models", "app.handlers")

_job_types: dict[JobKind, JobType] = {}


def register_job_type(kind: JobKind, job_type: JobType) -> None:
    """Say how jobs of `kind` run (registering a kind again replaces it)."""
    _job_types[kind] = job_type


def job_types() -> dict[JobKind, JobType]:
    """The registered kinds; the reaper walks each one's table."""
    return dict(_job_types)


def job_type(kind: JobKind) -> JobType:
    try:
        return _job_types[kind]
    except KeyError:
        message = f"No job type registered for {kind!r}: import {', '.join(SETUP_MODULES)} first."
        raise LookupError(message) from None
