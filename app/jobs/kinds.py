"""The kinds of background job, and what the job system needs to know of each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

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


@dataclass(frozen=True)
class JobType:
    """A job table, and what else changes when the job system gives up on one of its jobs."""

    table: type[JobState]
    gave_up: Callable[[Session, list[int]], None]


@cache
def job_types() -> dict[JobKind, JobType]:
    # Imported here: the feature modules import app.jobs for the models and the lease.
    from app.analysis.jobs import runs_given_up
    from app.analysis.models import AnalysisRun
    from app.coding.jobs import jobs_given_up
    from app.coding.models import CodingJob

    return {
        JobKind.CODING: JobType(CodingJob, jobs_given_up),
        JobKind.ANALYSIS: JobType(AnalysisRun, runs_given_up),
    }
