"""A queued run says what it waits for now: the project's coding while it lasts, then the run ahead of it
(walk: runs queued behind another still said "Waiting for the project's sources to be coded" after coding)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.analysis.jobs import queue_analysis, run_analysis
from app.analysis.models import AnalysisKind, AnalysisRun
from app.config import settings
from app.db import utcnow
from app.jobs.models import JobStatus
from tests.app.jobs.helpers import get_job, queued_source
from tests.app.jobs.test_analysis_waits import _coding_elsewhere, _coding_ended, _set


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "job_poll_seconds", 0.05)


def _queue(db: Engine, project_id: int, scope: str) -> int:
    with Session(db) as session:
        run_id = queue_analysis(session, project_id=project_id, kind=AnalysisKind.THEMES, scope=scope).id or 0
        session.commit()
    return run_id


def _shown(client: TestClient, project_id: int, run_id: int) -> str:
    shown = client.get(f"/api/projects/{project_id}/analyses/{run_id}").json()
    assert shown["status"] == "queued"
    return str(shown["message"])


def test_a_queued_run_says_it_waits_for_coding_then_for_the_run_ahead_of_it(db: Engine, client: TestClient) -> None:
    source_id, job_id = queued_source(client)
    project_id = client.get(f"/api/sources/{source_id}").json()["project_id"]
    first, second = _queue(db, project_id, "all"), _queue(db, project_id, "pain_point")
    _coding_elsewhere(db, job_id)
    assert run_analysis(db, second) is not None  # deferred while the source is coded
    assert get_job(db, AnalysisRun, second).message == "Waiting for 1 source of the project to be coded"
    assert _shown(client, project_id, second) == "Waiting for 1 source of the project to be coded"

    _coding_ended(db, job_id)
    # A worker took the first run; the second waits for it, with its old message still stored.
    _set(db, AnalysisRun, first, status=JobStatus.RUNNING, lease_owner="host:1:live", lease_expires_at=utcnow() + timedelta(minutes=5))
    waiting = "Waiting for the themes run over the whole project to finish"
    assert _shown(client, project_id, second) == waiting
    page = client.get(f"/projects/{project_id}/themes", params={"scope": "pain_point"}).text
    assert waiting in page and "to be coded" not in page

    _set(db, AnalysisRun, first, status=JobStatus.DONE, lease_owner=None, lease_expires_at=None)
    assert _shown(client, project_id, second) == "Waiting for a worker to start it"
