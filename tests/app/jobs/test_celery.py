"""Fault tests on real Celery workers through Redis: a killed worker's job finishes after the restart
with no duplicate codes, and a job delivered several times to two concurrent workers runs once."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from celery import Celery
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.coding.jobs import run_job
from app.coding.models import CodingJob
from app.jobs.runner import CeleryRunner
from tests.app.jobs.helpers import (
    dying_factory,
    expire_lease,
    get_job,
    machine_code_counts,
    queued_source,
    respondent_count,
)
from tests.fakes import FakePipeline, fake_factory


@pytest.fixture
def celery(db: Engine, redis_broker: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Celery]:
    """The service's Celery app on the test Redis, with an empty queue, workers on the test database."""
    from app.jobs.worker import celery_app

    monkeypatch.setattr("app.db.get_engine", lambda: db)
    monkeypatch.setattr("app.coding.jobs.pipeline_with", fake_factory)
    monkeypatch.setattr("app.coding.jobs.BATCH", 2)
    FakePipeline.fail_on = None
    celery_app.conf.broker_url = redis_broker
    celery_app.control.purge()
    yield celery_app


def wait_until_ended(db: Engine, job_id: int) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = str(get_job(db, CodingJob, job_id).status)
        if status in ("done", "failed"):
            return status
        time.sleep(0.2)
    return "timed out"


def test_a_killed_workers_job_finishes_after_the_restart(
    db: Engine, client: TestClient, celery: Celery
) -> None:
    from celery.contrib.testing.worker import start_worker

    from app.jobs.worker import _recover_on_start, _stop_reaping

    source_id, job_id = queued_source(client)
    with pytest.raises(SystemExit):
        run_job(db, job_id, dying_factory(after_calls=2))  # the worker dies after two batches
    expire_lease(db, CodingJob, job_id, owner=get_job(db, CodingJob, job_id).lease_owner)
    with start_worker(celery, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        _recover_on_start()  # what `desirelines worker` does when it is ready
        try:
            status = wait_until_ended(db, job_id)
        finally:
            _stop_reaping()
    assert status == "done"
    job = get_job(db, CodingJob, job_id)
    assert (job.attempts, job.done, job.lease_owner) == (2, respondent_count(db, source_id), None)
    assert {n for _, _, n in machine_code_counts(db, source_id)} == {1}


def test_a_source_queued_three_times_on_two_workers_is_coded_once(
    app: FastAPI, db: Engine, client: TestClient, celery: Celery
) -> None:
    from celery.contrib.testing.worker import start_worker

    app.state.runner = CeleryRunner()
    source_id, job_id = queued_source_with_celery(client)  # three messages wait for the workers
    again = [client.post(f"/api/sources/{source_id}/coding").json()["id"] for _ in range(2)]
    with start_worker(celery, perform_ping_check=False, pool="threads", concurrency=2, loglevel="WARNING"):
        status = wait_until_ended(db, job_id)
        time.sleep(0.5)  # let the other deliveries reach the workers before they stop
    assert status == "done" and again == [job_id, job_id]
    assert get_job(db, CodingJob, job_id).attempts == 1
    counts = machine_code_counts(db, source_id)
    assert len(counts) > 0 and {n for _, _, n in counts} == {1}


def queued_source_with_celery(client: TestClient) -> tuple[int, int]:
    from tests.factories import PANEL_TRANSCRIPT, make_project, upload

    project = make_project(client)
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    return source["id"], client.get(f"/api/sources/{source['id']}/coding").json()["id"]
