"""An analysis queued while its project's sources are being coded (by another worker, or still queued)
goes back to the queue instead of holding its worker, and runs once the coding has ended (walk4: with
two web processes the demo's themes ran before its survey was coded and left it out)."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from app.analysis.jobs import queue_analysis, run_analysis
from app.analysis.models import AnalysisKind, AnalysisRun
from app.analysis.waiting import coding_wait_message
from app.coding.models import CodingJob
from app.config import settings
from app.db import utcnow
from app.jobs.child import ChildConfig, run_queued
from app.jobs.kinds import JobKind, JobRef
from app.jobs.models import JobState, JobStatus
from app.jobs.runner import ThreadRunner
from tests.app.jobs.helpers import expire_lease, get_job, queued_source
from tests.factories import PANEL_TRANSCRIPT, make_project, upload
from tests.fakes import FakePipeline, fake_factory


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "job_poll_seconds", 0.05)
    FakePipeline.fail_on = None


def _coding_elsewhere(db: Engine, job_id: int) -> None:
    """What another worker's job process shows while it codes: running, under a live lease."""
    _set(db, CodingJob, job_id, status=JobStatus.RUNNING, lease_owner="other-host:2:live",
         lease_expires_at=utcnow() + timedelta(minutes=5))  # fmt: skip


def _coding_ended(db: Engine, job_id: int) -> None:
    _set(db, CodingJob, job_id, status=JobStatus.DONE, lease_owner=None, lease_expires_at=None)


def _set(db: Engine, table: type[JobState], job_id: int, **values: Any) -> None:
    with db.begin() as conn:
        conn.execute(update(table).where(col(table.id) == job_id).values(**values))


def _queue_run(db: Engine, project_id: int, kind: AnalysisKind = AnalysisKind.THEMES) -> int:
    with Session(db) as session:
        run_id = queue_analysis(session, project_id=project_id, kind=kind).id or 0
        session.commit()
    return run_id


def _queued_themes(db: Engine, client: TestClient) -> tuple[int, int]:
    """(coding job id, themes run id) of one project: the source's job and the run both queued."""
    source_id, job_id = queued_source(client)
    project_id = client.get(f"/api/sources/{source_id}").json()["project_id"]
    return job_id, _queue_run(db, project_id)


def _wait_for(db: Engine, table: type[JobState], job_id: int, status: JobStatus) -> JobStatus:
    deadline = time.monotonic() + 30
    while (now := get_job(db, table, job_id).status) != status and time.monotonic() < deadline:
        time.sleep(0.02)
    return JobStatus(now)


def test_a_run_goes_back_to_the_queue_while_its_project_is_being_coded_and_runs_after(
    db: Engine, client: TestClient
) -> None:
    job_id, run_id = _queued_themes(db, client)
    _coding_elsewhere(db, job_id)
    assert run_analysis(db, run_id) == settings.job_poll_seconds  # returns at once: try again later
    run = get_job(db, AnalysisRun, run_id)
    assert (run.status, run.message, run.attempts) == (JobStatus.QUEUED, coding_wait_message(1), 0)
    _coding_ended(db, job_id)
    assert run_analysis(db, run_id) is None
    assert get_job(db, AnalysisRun, run_id).status == JobStatus.DONE


def test_a_coding_job_still_queued_holds_a_run_of_its_project(db: Engine, client: TestClient) -> None:
    _, run_id = _queued_themes(db, client)  # nobody has taken the source's coding job yet
    assert run_analysis(db, run_id) is not None
    assert get_job(db, AnalysisRun, run_id).status == JobStatus.QUEUED


def test_a_deferred_run_leaves_the_worker_free_for_other_jobs(db: Engine, client: TestClient) -> None:
    job_id, run_id = _queued_themes(db, client)
    _coding_elsewhere(db, job_id)
    project_id = get_job(db, AnalysisRun, run_id).project_id
    second = upload(client, project_id, "second.txt", PANEL_TRANSCRIPT.replace("twelve", "nine").encode())
    second_job = client.get(f"/api/sources/{second.json()['source']['id']}/coding").json()["id"]
    runner = ThreadRunner(db, fake_factory)  # one thread: a waiting run would keep the coding job out
    runner.dispatch(JobRef(JobKind.ANALYSIS, run_id))
    runner.dispatch(JobRef(JobKind.CODING, second_job))
    assert _wait_for(db, CodingJob, second_job, JobStatus.DONE) == JobStatus.DONE
    assert get_job(db, AnalysisRun, run_id).status == JobStatus.QUEUED  # the other worker still codes
    _coding_ended(db, job_id)
    assert _wait_for(db, AnalysisRun, run_id, JobStatus.DONE) == JobStatus.DONE
    runner.pool.shutdown(wait=True)


def test_a_retry_after_the_job_thread_stopped_leaves_the_run_queued(
    db: Engine, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    job_id, run_id = _queued_themes(db, client)
    _coding_elsewhere(db, job_id)
    runner = ThreadRunner(db, fake_factory)
    runner.pool.shutdown(wait=True)  # the service is stopping when the deferred run's timer fires
    with caplog.at_level(logging.INFO, logger="app.jobs.runner"):
        runner._again(JobRef(JobKind.ANALYSIS, run_id))  # no RuntimeError out of the timer thread
    assert get_job(db, AnalysisRun, run_id).status == JobStatus.QUEUED
    assert any("stays queued" in r.getMessage() for r in caplog.records)


def test_the_job_process_takes_the_next_job_past_a_deferred_run(db: Engine, client: TestClient) -> None:
    job_id, waiting = _queued_themes(db, client)
    _coding_elsewhere(db, job_id)
    ready = _queue_run(db, make_project(client, "Other study")["id"])  # queued after the waiting run
    run_queued(db, ChildConfig(database_url="", settings={}, parent_pid=0), threading.Event())
    assert get_job(db, AnalysisRun, waiting).status == JobStatus.QUEUED
    assert get_job(db, AnalysisRun, ready).status == JobStatus.DONE
    _coding_ended(db, job_id)
    run_queued(db, ChildConfig(database_url="", settings={}, parent_pid=0), threading.Event())
    assert get_job(db, AnalysisRun, waiting).status == JobStatus.DONE


def test_a_deferred_run_is_logged_once(
    db: Engine, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    job_id, run_id = _queued_themes(db, client)
    _coding_elsewhere(db, job_id)
    with caplog.at_level(logging.INFO, logger="app.analysis.jobs"):
        for _ in range(3):
            assert run_analysis(db, run_id) is not None
    assert len([r for r in caplog.records if "waits" in r.getMessage()]) == 1


def test_a_celery_worker_sends_a_deferred_run_again_later(
    db: Engine, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.jobs.worker import run_job

    job_id, run_id = _queued_themes(db, client)
    _coding_elsewhere(db, job_id)
    monkeypatch.setattr("app.db.get_engine", lambda: db)
    sent: list[tuple[Any, Any]] = []
    monkeypatch.setattr(run_job, "apply_async", lambda args, countdown: sent.append((args, countdown)))
    run_job("analysis", run_id)
    assert sent == [(("analysis", run_id), settings.job_poll_seconds)]
    assert get_job(db, AnalysisRun, run_id).status == JobStatus.QUEUED


def test_a_coding_job_whose_worker_died_does_not_hold_a_run(db: Engine, client: TestClient) -> None:
    job_id, run_id = _queued_themes(db, client)
    expire_lease(db, CodingJob, job_id)  # running, but its lease has run out: nobody is coding it
    run_analysis(db, run_id)
    assert get_job(db, AnalysisRun, run_id).status == JobStatus.DONE


def test_a_run_waits_no_longer_than_its_limit(
    db: Engine, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.analysis.jobs.CODING_WAIT_S", 0.0)  # queued longer ago than the limit
    job_id, run_id = _queued_themes(db, client)
    _coding_elsewhere(db, job_id)
    assert run_analysis(db, run_id) is None
    assert get_job(db, AnalysisRun, run_id).status == JobStatus.DONE
