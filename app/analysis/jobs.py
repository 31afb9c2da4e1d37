"""Queue and run analyses (themes, personas) in the background, like coding jobs.

A run is recorded first, then handed to the runner after the request commits; whatever happens, it
ends as done or failed with a message a researcher can read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.analysis.models import AnalysisKind, AnalysisRun
from app.coding.models import JobStatus
from app.db import session_scope, utcnow
from app.errors import NotFound

log = logging.getLogger(__name__)

Compute = Callable[[Session, AnalysisRun], None]


def queue_analysis(
    session: Session,
    *,
    project_id: int,
    kind: AnalysisKind,
    scope: str = "all",
    settings: dict[str, Any] | None = None,
    user_id: int | None = None,
) -> AnalysisRun:
    run = AnalysisRun(
        project_id=project_id, kind=kind, scope=scope, settings=settings or {}, created_by=user_id
    )
    session.add(run)
    session.flush()
    return run


def run_analysis(engine: Engine, run_id: int) -> None:
    """Run one analysis to the end; failures are recorded on the run, never raised."""
    try:
        with session_scope(engine) as session:
            run = _get(session, run_id)
            run.status, run.message, run.error = JobStatus.RUNNING, "Reading coded utterances", None
            session.add(run)
        with session_scope(engine) as session:
            run = _get(session, run_id)
            _computers()[run.kind](session, run)
            run.status, run.finished_at = JobStatus.DONE, utcnow()
            session.add(run)
    except Exception as err:  # a run must end in a recorded state whatever went wrong
        log.exception("analysis run %s failed", run_id)
        with session_scope(engine) as session:
            run = _get(session, run_id)
            run.status, run.finished_at = JobStatus.FAILED, utcnow()
            run.error, run.message = f"{type(err).__name__}: {err}", "Failed"
            session.add(run)


def unfinished_runs(session: Session) -> list[int]:
    query = select(AnalysisRun.id).where(col(AnalysisRun.status).in_([JobStatus.QUEUED, JobStatus.RUNNING]))
    return [run_id for run_id in session.exec(query) if run_id is not None]


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
) -> tuple[AnalysisRun | None, AnalysisRun | None]:
    """(the newest finished run, whose results pages show; a newer run still going or failed, if any)."""
    done = latest_done(session, project_id=project_id, kind=kind, scope=scope)
    newest = latest_run(session, project_id=project_id, kind=kind, scope=scope)
    return done, newest if newest is not None and newest is not done else None


def get_run(session: Session, *, run_id: int) -> AnalysisRun:
    return _get(session, run_id)


def _get(session: Session, run_id: int) -> AnalysisRun:
    run = session.get(AnalysisRun, run_id)
    if run is None:
        raise NotFound(f"Analysis run {run_id} does not exist.")
    return run


def _computers() -> dict[AnalysisKind, Compute]:
    from app.personas.service import compute_personas
    from app.themes.service import compute_themes

    return {AnalysisKind.THEMES: compute_themes, AnalysisKind.PERSONAS: compute_personas}
