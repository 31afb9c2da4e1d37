"""An analysis queued while another worker codes one of its project's sources waits for that coding
(walk4: with two web processes the demo's themes ran before its survey was coded and left it out)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from app.analysis.jobs import queue_analysis, run_analysis
from app.analysis.models import AnalysisKind, AnalysisRun
from app.coding.models import CodingJob
from app.db import utcnow
from app.jobs.models import JobStatus
from tests.app.jobs.helpers import expire_lease, get_job, queued_source


@pytest.fixture(autouse=True)
def quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.analysis.jobs.CODING_POLL_S", 0.05)


def _coding_elsewhere(db: Engine, job_id: int) -> None:
    """What another worker's job process shows while it codes: running, under a live lease."""
    with db.begin() as conn:
        conn.execute(
            update(CodingJob)
            .where(col(CodingJob.id) == job_id)
            .values(
                status=JobStatus.RUNNING,
                lease_owner="other-host:2:live",
                lease_expires_at=utcnow() + timedelta(minutes=5),
            )
        )


def _queued_themes(db: Engine, client: TestClient) -> tuple[int, int]:
    source_id, job_id = queued_source(client)
    project_id = client.get(f"/api/sources/{source_id}").json()["project_id"]
    with Session(db) as session:
        run_id = queue_analysis(session, project_id=project_id, kind=AnalysisKind.THEMES).id or 0
        session.commit()
    return job_id, run_id


def test_a_run_waits_while_its_project_is_being_coded_and_then_runs(db: Engine, client: TestClient) -> None:
    job_id, run_id = _queued_themes(db, client)
    _coding_elsewhere(db, job_id)
    worker = threading.Thread(target=run_analysis, args=(db, run_id))
    worker.start()
    time.sleep(0.5)
    assert get_job(db, AnalysisRun, run_id).status == JobStatus.QUEUED  # not started on half the data
    with db.begin() as conn:
        conn.execute(
            update(CodingJob)
            .where(col(CodingJob.id) == job_id)
            .values(status=JobStatus.DONE, lease_owner=None, lease_expires_at=None)
        )
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert get_job(db, AnalysisRun, run_id).status == JobStatus.DONE


def test_a_coding_job_whose_worker_died_does_not_hold_a_run(db: Engine, client: TestClient) -> None:
    job_id, run_id = _queued_themes(db, client)
    expire_lease(db, CodingJob, job_id)  # running, but its lease has run out: nobody is coding it
    run_analysis(db, run_id)
    assert get_job(db, AnalysisRun, run_id).status == JobStatus.DONE


def test_a_run_waits_no_longer_than_its_limit(
    db: Engine, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.analysis.jobs.CODING_WAIT_S", 0.2)
    job_id, run_id = _queued_themes(db, client)
    _coding_elsewhere(db, job_id)
    run_analysis(db, run_id)
    assert get_job(db, AnalysisRun, run_id).status == JobStatus.DONE
