"""Queue and run analyses (themes, personas) in the background, through the same job system as coding.

A run is recorded first (at most one queued or running per project, kind and scope), then handed to
the runner after the request commits. It reads its inputs in one short session, computes with no
session open, and stores its result in one short transaction; whatever happens, it ends as done or
failed with a message a researcher can read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.analysis.models import AnalysisKind, AnalysisRun, AnalysisRunRead
from app.analysis.waiting import coding_active, coding_pending, coding_wait_message, run_read
from app.coding.models import CodingJob
from app.config import settings as app_settings
from app.db import session_scope, utcnow
from app.errors import NotFound
from app.jobs.lease import Lease, LeaseLost, hold
from app.jobs.models import ACTIVE, JobStatus
from app.jobs.queueing import add_once
from app.jobs.retry import with_retry
from app.sources.models import Source

log = logging.getLogger(__name__)

# An analysis reads the project's coded utterances once. Each web process has its own job process, so
# another one may still be coding a source (the demo's survey) when this one reaches a run queued after
# it, or a coding job of the project may still wait in the queue. The run then goes back to the queue,
# still queued, and is tried again later (after `job_poll_seconds`), so it does not leave that source
# out and its worker is free meanwhile (for that very coding job, when there is one worker). A job whose
# worker died (lease run out) holds nothing; CODING_WAIT_S after it was queued, the run goes ahead
# regardless.
CODING_WAIT_S = 3600.0


@dataclass(frozen=True)
class Analysis:
    """An analysis in three steps, so no transaction stays open while it computes.

    `read` gathers its inputs in one short session, `compute` works with no session open, and
    `write` stores the result (and sets the run's message and items) in one short transaction.
    """

    read: Callable[[Session, AnalysisRun], Any]
    compute: Callable[[Any], Any]
    write: Callable[[Session, AnalysisRun, Any], None]


# The features that store an analysis's results (app.themes, app.personas) import this module, so each
# registers its analysis here (see app.handlers) instead of this module importing them.
_analyses: dict[AnalysisKind, Analysis] = {}


def register_analysis(kind: AnalysisKind, analysis: Analysis) -> None:
    """Say how runs of `kind` read, compute and store (registering a kind again replaces it)."""
    _analyses[kind] = analysis


def _analysis(kind: AnalysisKind) -> Analysis:
    try:
        return _analyses[kind]
    except KeyError:
        raise LookupError(f"No analysis registered for {kind!r}: import app.handlers first.") from None


def queue_analysis(
    session: Session,
    *,
    project_id: int,
    kind: AnalysisKind,
    scope: str = "all",
    settings: dict[str, Any] | None = None,
    user_id: int | None = None,
) -> AnalysisRun:
    """Queue a run, or return the one of this kind and scope already queued or running."""
    run = AnalysisRun(
        project_id=project_id, kind=kind, scope=scope, settings=settings or {}, created_by=user_id
    )
    return add_once(session, run, lambda: active_run(session, project_id=project_id, kind=kind, scope=scope))


def active_run(session: Session, *, project_id: int, kind: AnalysisKind, scope: str) -> AnalysisRun | None:
    """The queued or running run of this kind and scope, if any (there is at most one)."""
    query = select(AnalysisRun).where(
        AnalysisRun.project_id == project_id,
        AnalysisRun.kind == kind,
        AnalysisRun.scope == scope,
        col(AnalysisRun.status).in_(ACTIVE),
    )
    return session.exec(query).first()


def run_analysis(engine: Engine, run_id: int) -> float | None:
    """Run one queued analysis to the end; failures are recorded on the run, never raised.

    While the project's sources are being coded (here or elsewhere, or still queued for it), the run
    is not started: it stays queued and the seconds after which to try it again are returned (see
    app.jobs.dispatch.run). Otherwise returns None.
    """
    if _defer(engine, run_id):
        return app_settings.job_poll_seconds
    with hold(engine, AnalysisRun, run_id, message="Reading coded utterances", error=None) as lease:
        if lease is None:
            log.debug("analysis run %s is not queued (running elsewhere or ended); nothing to do", run_id)
            return None
        try:
            _analyse(engine, lease)
        except LeaseLost:
            log.warning("analysis run %s: lease lost, another worker has the run", run_id)
        except Exception as err:  # a run must end in a recorded state whatever went wrong
            log.exception("analysis run %s failed", run_id)
            _record_failure(engine, lease, f"{type(err).__name__}: {err}")
    return None


def coding_awaited(engine: Engine, run_id: int) -> list[tuple[int, str]]:
    """(coding job id, source filename) of each source the run's project waits for (see
    `coding_pending`), oldest job first; none when the run is gone."""
    with session_scope(engine) as session:
        run = session.get(AnalysisRun, run_id)
        if run is None:
            return []
        query = (
            select(CodingJob.id, Source.filename)
            .join(Source, col(Source.id) == col(CodingJob.source_id))
            .where(*coding_active(run.project_id))
            .order_by(col(CodingJob.id))
        )
        return [(job_id or 0, filename) for job_id, filename in session.exec(query)]


def _defer(engine: Engine, run_id: int) -> bool:
    """True when the queued run must wait for coding (and has waited less than CODING_WAIT_S since it
    was queued). The first time, its message says so and the log says it once."""
    with session_scope(engine) as session:
        run = session.get(AnalysisRun, run_id)
        if run is None or run.status != JobStatus.QUEUED:
            return False  # gone, or another worker has it: `hold` says so
        pending = coding_pending(session, project_id=run.project_id)
        if not pending or utcnow() - run.created_at >= timedelta(seconds=CODING_WAIT_S):
            return False
        message = coding_wait_message(pending)
        changed = session.execute(
            update(AnalysisRun)
            .where(
                col(AnalysisRun.id) == run_id,
                col(AnalysisRun.status) == JobStatus.QUEUED,
                col(AnalysisRun.message) != message,
            )
            .values(message=message)
        )
    if changed.rowcount == 1:  # type: ignore[attr-defined]
        log.info("analysis run %s waits, queued, for %s source(s) to be coded", run_id, pending)
    return True


def _analyse(engine: Engine, lease: Lease) -> None:
    with session_scope(engine) as session:
        run = _get(session, lease.job_id)
        analysis = _analysis(run.kind)
        inputs = analysis.read(session, run)
    result = analysis.compute(inputs)  # minutes, maybe: the database is free meanwhile

    def write() -> None:
        with session_scope(engine) as session:
            run = _get(session, lease.job_id)
            analysis.write(session, run, result)
            session.flush()
            if not lease.end(session.connection(), JobStatus.DONE, finished_at=utcnow()):
                raise LeaseLost(f"analysis run {lease.job_id}: lease lost before its results were stored")

    with_retry(write, what=f"store analysis run {lease.job_id}")


def _record_failure(engine: Engine, lease: Lease, error: str) -> None:
    def write() -> None:
        with session_scope(engine) as session:
            lease.end(
                session.connection(), JobStatus.FAILED, finished_at=utcnow(), error=error, message="Failed"
            )

    try:
        with_retry(write, what=f"record analysis run {lease.job_id} as failed")
    except Exception:  # the database stayed down: the lease lapses and the reaper takes the run
        log.exception("analysis run %s: could not record the failure", lease.job_id)


def runs_given_up(session: Session, run_ids: list[int]) -> None:
    """The reaper failed these runs; their message says so."""
    session.execute(update(AnalysisRun).where(col(AnalysisRun.id).in_(run_ids)).values(message="Failed"))


def latest_run(
    session: Session, *, project_id: int, kind: AnalysisKind, scope: str = "all"
) -> AnalysisRun | None:
    """The newest run of this kind and scope, whatever its state."""
    query = (
        select(AnalysisRun)
        .where(AnalysisRun.project_id == project_id, AnalysisRun.kind == kind, AnalysisRun.scope == scope)
        .order_by(col(AnalysisRun.id).desc())
    )
    return session.exec(query).first()


def latest_done(
    session: Session, *, project_id: int, kind: AnalysisKind, scope: str = "all"
) -> AnalysisRun | None:
    query = (
        select(AnalysisRun)
        .where(
            AnalysisRun.project_id == project_id,
            AnalysisRun.kind == kind,
            AnalysisRun.scope == scope,
            AnalysisRun.status == JobStatus.DONE,
        )
        .order_by(col(AnalysisRun.id).desc())
    )
    return session.exec(query).first()


def shown_and_pending(
    session: Session, *, project_id: int, kind: AnalysisKind, scope: str = "all"
) -> tuple[AnalysisRun | None, AnalysisRunRead | None]:
    """(the newest finished run, whose results pages show; a newer run still going or failed, if any,
    a queued one saying what it waits for now)."""
    done = latest_done(session, project_id=project_id, kind=kind, scope=scope)
    newest = latest_run(session, project_id=project_id, kind=kind, scope=scope)
    return done, run_read(session, newest) if newest is not None and newest is not done else None


def get_run(session: Session, *, run_id: int) -> AnalysisRun:
    return _get(session, run_id)


def _get(session: Session, run_id: int) -> AnalysisRun:
    run = session.get(AnalysisRun, run_id)
    if run is None:
        raise NotFound(f"Analysis run {run_id} does not exist.")
    return run
