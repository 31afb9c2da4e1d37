"""What a queued analysis run waits for, said as it is now.

A run's stored message is written when something happens to it (deferred while its project is coded,
claimed, ended). While it sits in the queue behind another job nothing writes it, so the stored message
goes stale ("waiting for coding" long after the coding ended); pages and the API describe a queued run
from the queue instead (`run_read`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_
from sqlmodel import Session, col, select

from app.analysis.models import AnalysisKind, AnalysisRun, AnalysisRunRead
from app.coding.models import CodingJob
from app.db import utcnow
from app.jobs.models import JobStatus
from app.sources.models import Source
from app.words import plural

STARTING = "Waiting for a worker to start it"
_SCOPES = {"all": "over the whole project", "pain_point": "on pain points"}


def coding_active(project_id: int) -> tuple[Any, ...]:
    """Conditions on CodingJob joined to Source: the project's jobs queued, or running under a live lease
    (a running job whose lease ran out has lost its worker and holds nothing)."""
    status, live = col(CodingJob.status), col(CodingJob.lease_expires_at) > utcnow()
    waiting = or_(status == JobStatus.QUEUED, and_(status == JobStatus.RUNNING, live))
    return Source.project_id == project_id, waiting


def coding_pending(session: Session, *, project_id: int) -> int:
    """How many of the project's sources wait for coding or are being coded now."""
    query = (
        select(func.count())
        .select_from(CodingJob)
        .join(Source, col(Source.id) == col(CodingJob.source_id))
        .where(*coding_active(project_id))
    )
    return int(session.exec(query).one())


def coding_wait_message(pending: int) -> str:
    return f"Waiting for {plural(pending, 'source')} of the project to be coded"


def run_read(session: Session, run: AnalysisRun) -> AnalysisRunRead:
    """The run as pages and the API show it: a queued run's message says what it waits for now."""
    shown = AnalysisRunRead.model_validate(run)
    if run.status != JobStatus.QUEUED:
        return shown
    return shown.model_copy(update={"message": waiting_for(session, run)})


def waiting_for(session: Session, run: AnalysisRun) -> str:
    """The project's coding while any is left, else the runs a worker has taken or takes first."""
    pending = coding_pending(session, project_id=run.project_id)
    if pending:
        return coding_wait_message(pending)
    ahead = _ahead(session, run)
    if not ahead:
        return STARTING
    return f"Waiting for {', '.join(ahead[:-1])}{' and ' if len(ahead) > 1 else ''}{ahead[-1]} to finish"


def _ahead(session: Session, run: AnalysisRun) -> list[str]:
    """This project's runs that are running or queued before `run`, named; other projects' running runs
    and coding jobs, counted (their names are not this project's members' to see).

    Only the columns a name needs are read, and only this project's rows: other runs' settings, errors and
    messages can be large."""
    earlier = and_(col(AnalysisRun.status) == JobStatus.QUEUED, col(AnalysisRun.id) < (run.id or 0))
    query = (
        select(AnalysisRun.kind, AnalysisRun.scope, AnalysisRun.status)
        .where(col(AnalysisRun.project_id) == run.project_id, or_(_run_active(), earlier))
        .order_by(col(AnalysisRun.id))
    )
    mine = [
        _name(kind, scope, queued=status == JobStatus.QUEUED) for kind, scope, status in session.exec(query)
    ]
    others = _running_elsewhere(session, run.project_id)
    if not others:
        return mine
    return [*mine, "a job of another project" if others == 1 else f"{others} jobs of other projects"]


def _run_active() -> ColumnElement[bool]:
    """A run running now under a live lease (one whose lease ran out has lost its worker)."""
    return and_(col(AnalysisRun.status) == JobStatus.RUNNING, col(AnalysisRun.lease_expires_at) > utcnow())


def _running_elsewhere(session: Session, project_id: int) -> int:
    """Analysis runs and coding jobs of other projects running now under a live lease, in one query."""
    runs = (
        select(func.count())
        .select_from(AnalysisRun)
        .where(col(AnalysisRun.project_id) != project_id, _run_active())
        .scalar_subquery()
    )
    coding = (
        select(func.count())
        .select_from(CodingJob)
        .join(Source, col(Source.id) == col(CodingJob.source_id))
        .where(
            col(Source.project_id) != project_id,
            col(CodingJob.status) == JobStatus.RUNNING,
            col(CodingJob.lease_expires_at) > utcnow(),
        )
        .scalar_subquery()
    )
    return int(session.exec(select(runs + coding)).one())


def _name(kind: str, scope: str, *, queued: bool) -> str:
    """E.g. "the themes run on pain points", "the personas run, queued before it"."""
    code, _, label = scope.partition(":")
    said = f" {_SCOPES.get(scope) or f'on {code} {label}'}" if kind == AnalysisKind.THEMES else ""
    return f"the {kind} run{said}{', queued before it' if queued else ''}"
