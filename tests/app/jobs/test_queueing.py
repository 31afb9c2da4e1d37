"""At most one active job per source and per analysis scope: queueing twice returns the active job,
and the database itself refuses a second one."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.analysis.jobs import queue_analysis
from app.analysis.models import AnalysisKind, AnalysisRun
from app.coding.jobs import active_job
from app.coding.models import CodingJob
from app.jobs.models import JobStatus
from app.jobs.queueing import add_once
from app.projects.models import Project
from tests.app.jobs.helpers import all_jobs, queued_source


def test_queueing_a_source_twice_returns_the_active_job(db: Engine, client: TestClient) -> None:
    source_id, job_id = queued_source(client)
    again = client.post(f"/api/sources/{source_id}/coding")
    assert again.status_code == 202 and again.json()["id"] == job_id
    assert [j.id for j in all_jobs(db) if j.status in ("queued", "running")] == [job_id]


def test_the_database_refuses_a_second_active_job_for_a_source(db: Engine, client: TestClient) -> None:
    source_id, job_id = queued_source(client)
    with Session(db) as session:
        session.add(CodingJob(source_id=source_id))
        with pytest.raises(IntegrityError):
            session.commit()
    with Session(db) as session:
        first = session.get(CodingJob, job_id)
        assert first is not None
        first.status = JobStatus.DONE
        session.add(first)
        session.add(CodingJob(source_id=source_id))  # an ended job does not count
        session.commit()
    assert len(all_jobs(db)) == 2


def test_a_racing_insert_returns_the_winner_and_keeps_the_requests_work(
    db: Engine, client: TestClient
) -> None:
    source_id, job_id = queued_source(client)
    with Session(db) as session:
        project = Project(name="kept")
        session.add(project)
        looks = iter([None])  # the first look misses the other request's job, as in a race

        def active() -> CodingJob | None:
            return next(looks, None) or active_job(session, source_id=source_id)

        kept = add_once(session, CodingJob(source_id=source_id), active)
        assert kept.id == job_id
        session.commit()
    with Session(db) as session:
        assert session.exec(select(Project).where(Project.name == "kept")).first() is not None
    assert len(all_jobs(db)) == 1


def test_an_analysis_scope_has_one_active_run(db: Engine, client: TestClient) -> None:
    project_id = client.post("/api/projects", json={"name": "Study"}).json()["id"]
    with Session(db) as session:
        first = queue_analysis(session, project_id=project_id, kind=AnalysisKind.THEMES, scope="all")
        same = queue_analysis(session, project_id=project_id, kind=AnalysisKind.THEMES, scope="all")
        other = queue_analysis(session, project_id=project_id, kind=AnalysisKind.THEMES, scope="pain_point")
        personas = queue_analysis(session, project_id=project_id, kind=AnalysisKind.PERSONAS)
        session.commit()
        assert same.id == first.id
        assert len({first.id, other.id, personas.id}) == 3
    with Session(db) as session:
        session.add(AnalysisRun(project_id=project_id, kind=AnalysisKind.THEMES, scope="all"))
        with pytest.raises(IntegrityError):
            session.commit()
