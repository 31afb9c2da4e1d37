"""Leases and the reaper: a killed worker's job is queued again and finishes with no duplicate codes,
a job delivered twice runs once, a worker that lost its lease writes nothing, and no job stays
running without a live lease."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from app.analysis.jobs import queue_analysis, run_analysis
from app.analysis.models import AnalysisKind, AnalysisRun
from app.coding.features import StoredFeatureEncoder
from app.coding.jobs import run_job
from app.coding.models import CodingJob
from app.config import settings
from app.db import utcnow
from app.jobs.kinds import JobKind, JobRef
from app.jobs.lease import Lease, hold
from app.jobs.reaper import reap
from app.jobs.runner import ThreadRunner
from app.sources.models import Source
from tests.app.jobs.helpers import (
    dying_factory,
    expire_lease,
    get_job,
    machine_code_counts,
    queued_source,
    respondent_count,
)
from tests.fakes import FakePipeline, fake_factory


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.coding.jobs.BATCH", 2)  # the panel's 9 answer sentences take five batches
    FakePipeline.fail_on = None


def test_a_killed_workers_job_is_queued_again_and_finishes_without_duplicates(
    db: Engine, client: TestClient
) -> None:
    source_id, job_id = queued_source(client)
    with pytest.raises(SystemExit):
        run_job(db, job_id, dying_factory(after_calls=1))  # dies after writing the first batch
    died = get_job(db, CodingJob, job_id)
    assert died.status == "running" and died.done == 2 and died.lease_owner is not None
    assert reap(db) == []  # its lease is still live: nobody else may take the job yet

    expire_lease(db, CodingJob, job_id, owner=died.lease_owner)
    assert reap(db) == [JobRef(JobKind.CODING, job_id)]
    assert get_job(db, CodingJob, job_id).status == "queued"
    run_job(db, job_id, fake_factory)

    done = get_job(db, CodingJob, job_id)
    total = respondent_count(db, source_id)
    assert (done.status, done.done, done.attempts, done.lease_owner) == ("done", total, 2, None)
    counts = machine_code_counts(db, source_id)
    assert {n for _, _, n in counts} == {1}  # one code per utterance and kind
    assert len({u for u, _, _ in counts}) == total
    with Session(db) as session:
        assert session.get(Source, source_id).status == "coded"  # type: ignore[union-attr]


def test_the_reaper_gives_up_after_the_last_attempt(db: Engine, client: TestClient) -> None:
    source_id, job_id = queued_source(client)
    with db.begin() as conn:
        conn.execute(
            update(CodingJob).where(col(CodingJob.id) == job_id).values(attempts=settings.job_max_attempts)
        )
    expire_lease(db, CodingJob, job_id)
    assert reap(db) == []
    failed = get_job(db, CodingJob, job_id)
    assert failed.status == "failed" and "lease expired" in failed.error and failed.lease_owner is None
    with Session(db) as session:
        assert session.get(Source, source_id).status == "failed"  # type: ignore[union-attr]


def test_a_running_job_without_a_lease_is_not_left_running(db: Engine, client: TestClient) -> None:
    _, job_id = queued_source(client)
    with db.begin() as conn:  # what the code before leases left behind after a crash
        conn.execute(update(CodingJob).where(col(CodingJob.id) == job_id).values(status="running"))
    assert reap(db) == [JobRef(JobKind.CODING, job_id)]


def test_a_job_delivered_twice_runs_once(db: Engine, client: TestClient) -> None:
    source_id, job_id = queued_source(client)
    second_delivery: list[None] = []

    def factory(framework: Any, encoder: StoredFeatureEncoder) -> FakePipeline:
        pipeline = fake_factory(framework, encoder)
        original = pipeline.code

        def code(items: Any) -> Any:
            if not second_delivery:  # while this worker holds the job, the message arrives again
                second_delivery.append(run_job(db, job_id, fake_factory))
            return original(items)

        pipeline.code = code  # type: ignore[method-assign]
        return pipeline

    run_job(db, job_id, factory)
    job = get_job(db, CodingJob, job_id)
    assert (job.status, job.attempts, job.done) == ("done", 1, respondent_count(db, source_id))
    assert {n for _, _, n in machine_code_counts(db, source_id)} == {1}


def test_a_worker_that_lost_its_lease_stops_without_writing(db: Engine, client: TestClient) -> None:
    source_id, job_id = queued_source(client)
    calls: list[int] = []

    def factory(framework: Any, encoder: StoredFeatureEncoder) -> FakePipeline:
        pipeline = fake_factory(framework, encoder)
        original = pipeline.code

        def code(items: Any) -> Any:
            calls.append(1)
            if len(calls) == 2:  # the reaper judged this worker dead and another took the job
                with db.begin() as conn:
                    conn.execute(
                        update(CodingJob).where(col(CodingJob.id) == job_id).values(lease_owner="other")
                    )
            return original(items)

        pipeline.code = code  # type: ignore[method-assign]
        return pipeline

    run_job(db, job_id, factory)
    job = get_job(db, CodingJob, job_id)
    assert (job.status, job.lease_owner, job.done) == ("running", "other", 2)  # left to the new owner
    assert len({u for u, _, _ in machine_code_counts(db, source_id)}) == 2


def test_a_heartbeat_extends_the_lease(
    db: Engine, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, job_id = queued_source(client)
    with hold(db, CodingJob, job_id) as lease:
        assert lease is not None
        first = get_job(db, CodingJob, job_id).lease_expires_at
        monkeypatch.setattr(settings, "job_lease_seconds", 3600.0)
        lease.check()
        assert get_job(db, CodingJob, job_id).lease_expires_at > first + timedelta(minutes=50)


def test_the_heartbeat_thread_renews_while_the_job_computes(db: Engine, client: TestClient,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    _, job_id = queued_source(client)
    monkeypatch.setattr(settings, "job_lease_seconds", 0.3)  # a beat every 0.1 s
    with hold(db, CodingJob, job_id) as lease:
        assert lease is not None
        first = get_job(db, CodingJob, job_id).lease_expires_at
        deadline = time.monotonic() + 60
        while get_job(db, CodingJob, job_id).lease_expires_at == first and time.monotonic() < deadline:
            time.sleep(0.05)
        renewed = get_job(db, CodingJob, job_id).lease_expires_at
    assert renewed != first


def test_a_lost_lease_is_noticed_by_the_heartbeat(db: Engine, client: TestClient) -> None:
    _, job_id = queued_source(client)
    lease = Lease(db, CodingJob, job_id, owner="nobody")  # a lease this worker never held
    with pytest.raises(Exception, match="lease"):
        lease.check()


def test_the_service_start_recovers_stale_jobs_and_runs(app: FastAPI, db: Engine, client: TestClient) -> None:
    source_id, job_id = queued_source(client)
    expire_lease(db, CodingJob, job_id)
    with Session(db) as session:
        project_id = session.get(Source, source_id).project_id  # type: ignore[union-attr]
        run_id = queue_analysis(session, project_id=project_id, kind=AnalysisKind.PERSONAS).id
        session.commit()
    expire_lease(db, AnalysisRun, run_id or 0)
    runner = ThreadRunner(db, fake_factory)
    app.state.runner = runner
    with TestClient(app):  # starting the app runs its lifespan: reap, then dispatch what is queued
        runner.pool.shutdown(wait=True)
    assert get_job(db, CodingJob, job_id).status == "done"
    assert get_job(db, AnalysisRun, run_id or 0).status == "done"


def test_an_analysis_computes_with_no_database_connection_open(
    db: Engine, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    project_id = client.post("/api/projects", json={"name": "Study"}).json()["id"]
    with Session(db) as session:
        run_id = queue_analysis(session, project_id=project_id, kind=AnalysisKind.THEMES).id or 0
        session.commit()
    open_while_computing: list[int] = []

    from app.analysis import jobs

    themes = jobs._analyses[AnalysisKind.THEMES]

    def compute(inputs: Any) -> Any:
        open_while_computing.append(db.pool.checkedout())  # type: ignore[attr-defined]
        return themes.compute(inputs)

    monkeypatch.setitem(jobs._analyses, AnalysisKind.THEMES, replace(themes, compute=compute))
    run_analysis(db, run_id)
    run = get_job(db, AnalysisRun, run_id)
    assert run.status == "done" and run.finished_at is not None and run.lease_owner is None
    assert open_while_computing == [0]


def test_a_run_already_ended_is_not_run_again(db: Engine, client: TestClient) -> None:
    _, job_id = queued_source(client)
    run_job(db, job_id, fake_factory)
    finished = get_job(db, CodingJob, job_id).finished_at
    run_job(db, job_id, fake_factory)  # a late second delivery
    assert get_job(db, CodingJob, job_id).finished_at == finished
    assert finished <= utcnow()
