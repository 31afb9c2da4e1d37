"""Which runs a queued run names as ahead of it: this project's running runs and those queued before it,
by name; other projects' running runs (and coding), only counted. Read without the runs' settings, errors
or messages, which can be large and are not this project's to load."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.analysis.models import AnalysisKind, AnalysisRun
from app.analysis.waiting import waiting_for
from app.db import utcnow
from app.jobs.models import JobStatus
from tests.factories import make_project

LARGE = {"notes": "x" * 20_000}


def _add(
    session: Session, project_id: int, kind: AnalysisKind, scope: str, status: JobStatus, **more: Any
) -> int:
    run = AnalysisRun(project_id=project_id, kind=kind, scope=scope, status=status, settings=LARGE, **more)
    session.add(run)
    session.flush()  # ids in the order the runs were queued
    return run.id or 0


def _running(session: Session, project_id: int, kind: AnalysisKind, scope: str, *, live: bool = True) -> int:
    expires = utcnow() + timedelta(minutes=5 if live else -5)
    return _add(
        session, project_id, kind, scope, JobStatus.RUNNING, lease_owner="host:1", lease_expires_at=expires
    )


def _study(db: Engine, client: TestClient) -> int:
    """A queued run among its project's runs and other projects' runs, each before or after it; its id."""
    mine, *others = (make_project(client, name)["id"] for name in ("Mine", "Other", "Third"))
    themes, personas = AnalysisKind.THEMES, AnalysisKind.PERSONAS
    with Session(db) as session:
        _running(session, mine, themes, "all")
        _add(session, mine, themes, "pain_point", JobStatus.QUEUED)
        _running(session, mine, themes, "stage:1", live=False)  # its worker is gone: it holds nothing
        _add(session, mine, personas, "all", JobStatus.DONE, error="e" * 20_000)
        _add(session, others[0], themes, "pain_point", JobStatus.QUEUED)  # queued first, but elsewhere
        _running(session, others[0], themes, "stage:1", live=False)
        run_id = _add(session, mine, themes, "emotion:anger", JobStatus.QUEUED)
        _add(session, mine, themes, "force:push", JobStatus.QUEUED)  # behind it
        _running(session, mine, personas, "all")  # queued after it, but a worker took it
        for project_id in others:
            _running(session, project_id, themes, "all")
        session.commit()
    return run_id


def test_a_queued_run_names_its_projects_runs_ahead_and_counts_other_projects(
    db: Engine, client: TestClient
) -> None:
    run_id = _study(db, client)
    with Session(db) as session:
        said = waiting_for(session, session.get_one(AnalysisRun, run_id))
    assert said == (
        "Waiting for the themes run over the whole project, the themes run on pain points, queued before it,"
        " the personas run and 2 jobs of other projects to finish"
    )


def test_the_runs_ahead_are_read_without_their_settings_errors_or_messages(
    db: Engine, client: TestClient
) -> None:
    run_id = _study(db, client)
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    with Session(db) as session:
        run = session.get_one(AnalysisRun, run_id)
        event.listen(db, "before_cursor_execute", seen)
        try:
            waiting_for(session, run)
        finally:
            event.remove(db, "before_cursor_execute", seen)
    read = [s for s in statements if "analysis_run" in s]
    assert read
    for column in ("settings", "error", "message", "lease_owner"):
        assert not any(f"analysis_run.{column}" in s for s in read), column
