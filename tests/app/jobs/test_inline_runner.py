"""The inline runner (the CLI, tests) has nothing beside it to run jobs: a run waiting for coding still
queued has that coding run first, here, instead of sleeping until it gives up; a run waiting for coding
another worker holds fails at once, saying what it waits for."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from app.analysis.jobs import queue_analysis
from app.analysis.models import AnalysisKind, AnalysisRun
from app.coding.models import CodingJob
from app.config import settings
from app.db import utcnow
from app.jobs.kinds import JobKind, JobRef
from app.jobs.models import JobStatus
from app.jobs.runner import InlineRunner
from tests.app.jobs.helpers import get_job, queued_source
from tests.fakes import FakePipeline, fake_factory


@pytest.fixture(autouse=True)
def no_long_sleeps(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sleep of more than a second fails the test: the waiting run's delay is the usual five seconds."""
    real = time.sleep

    def sleep(seconds: float) -> None:
        if seconds > 1:
            raise AssertionError(f"the inline runner slept {seconds} s")
        real(seconds)

    monkeypatch.setattr(time, "sleep", sleep)
    monkeypatch.setattr(settings, "job_poll_seconds", 5.0)
    FakePipeline.fail_on = None


def _queued_themes(db: Engine, client: TestClient) -> tuple[int, int]:
    """(coding job id, themes run id): a project's source queued for coding, and its themes queued after."""
    source_id, job_id = queued_source(client)
    project_id = client.get(f"/api/sources/{source_id}").json()["project_id"]
    with Session(db) as session:
        run_id = queue_analysis(session, project_id=project_id, kind=AnalysisKind.THEMES).id or 0
        session.commit()
    return job_id, run_id


def test_a_run_waiting_for_queued_coding_has_it_run_first(db: Engine, client: TestClient) -> None:
    job_id, run_id = _queued_themes(db, client)
    started = time.monotonic()
    InlineRunner(db, fake_factory).dispatch(JobRef(JobKind.ANALYSIS, run_id))
    assert get_job(db, CodingJob, job_id).status == JobStatus.DONE
    run = get_job(db, AnalysisRun, run_id)
    assert (run.status, run.error) == (JobStatus.DONE, None)
    assert time.monotonic() - started < 30


def test_a_run_waiting_for_coding_another_worker_holds_fails_at_once(db: Engine, client: TestClient) -> None:
    job_id, run_id = _queued_themes(db, client)
    with db.begin() as conn:  # another worker's job process is coding the source
        conn.execute(
            update(CodingJob)
            .where(col(CodingJob.id) == job_id)
            .values(status=JobStatus.RUNNING, lease_owner="other-host:2:live",
                    lease_expires_at=utcnow() + timedelta(minutes=5))
        )  # fmt: skip
    InlineRunner(db, fake_factory).dispatch(JobRef(JobKind.ANALYSIS, run_id))
    run = get_job(db, AnalysisRun, run_id)
    assert (run.status, run.message, run.attempts) == (JobStatus.FAILED, "Failed", 0)
    assert "coding of source 'panel.txt'" in run.error
    assert run.finished_at is not None
    assert get_job(db, CodingJob, job_id).status == JobStatus.RUNNING  # the other worker's job is left alone
