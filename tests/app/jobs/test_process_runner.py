"""The process runner: coding jobs and themes runs go to done in a child process of the service, a
killed child is started again and its job finishes with no duplicate codes, and the child stops with
the app. Runs on the SQLite file database and on PostgreSQL (the child opens its own engine)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.coding.models import CodingJob
from app.config import Settings
from app.jobs.kinds import JobKind, JobRef
from app.jobs.process import ProcessRunner
from app.jobs.reaper import PeriodicReaper
from app.main import create_app
from tests.app.jobs.helpers import GatedFactory, get_job, machine_code_counts, queued_source, respondent_count
from tests.factories import two_group_study
from tests.topic_fakes import topic_factory

T = TypeVar("T")
WAIT_S = 300.0  # a bound, not a measurement: the first themes run in a fresh process compiles numba code


def wait_for(look: Callable[[], T], done: Callable[[T], bool], what: str) -> T:
    deadline = time.monotonic() + WAIT_S
    while True:
        value = look()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def job_settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(data_dir=tmp_path, job_poll_seconds=0.5, job_lease_seconds=3.0, job_nice=0, **values)


@pytest.fixture
def runner_for(app: FastAPI, db: Engine, tmp_path: Path) -> Iterator[Callable[..., ProcessRunner]]:
    """Puts a process runner (with the given pipeline factory) on the app; stops its child after."""
    made: list[ProcessRunner] = []

    def make(factory: Any) -> ProcessRunner:
        made.append(ProcessRunner(job_settings(tmp_path), db, factory))
        app.state.runner = made[-1]
        return made[-1]

    yield make
    for runner in made:
        runner.close()


def test_coding_and_themes_run_to_done_in_the_child_process(
    db: Engine, client: TestClient, runner_for: Callable[..., ProcessRunner]
) -> None:
    runner = runner_for(topic_factory)
    project = two_group_study(client, "Process runner study")  # each upload queues a coding job
    sources = client.get(f"/api/projects/{project['id']}/sources").json()["items"]
    statuses = wait_for(
        lambda: [client.get(f"/api/sources/{s['id']}/coding").json()["status"] for s in sources],
        lambda states: all(s in ("done", "failed") for s in states),
        "coding",
    )
    assert statuses == ["done"] * 6
    run_id = client.post(f"/api/projects/{project['id']}/themes/runs", json={"scope": "all"}).json()["id"]
    run = wait_for(
        lambda: client.get(f"/api/projects/{project['id']}/analyses/{run_id}").json(),
        lambda run: run["status"] in ("done", "failed"),
        "themes",
    )
    assert run["status"] == "done", run
    assert len(client.get(f"/api/projects/{project['id']}/themes").json()["themes"]) >= 2
    child = runner.process
    assert child is not None and child.pid != os.getpid() and child.is_alive()
    job = get_job(db, CodingJob, client.get(f"/api/sources/{sources[0]['id']}/coding").json()["id"])
    assert job.attempts == 1

    runner.close()
    assert not child.is_alive() and child.exitcode == 0  # it finished its loop: no job was cut off


def test_a_killed_child_is_restarted_and_its_job_finishes_without_duplicates(
    db: Engine, client: TestClient, runner_for: Callable[..., ProcessRunner], tmp_path: Path
) -> None:
    gate = tmp_path / "gate"
    runner = runner_for(GatedFactory(str(gate)))
    source_id, job_id = queued_source(client)
    runner.dispatch(JobRef(JobKind.CODING, job_id))
    first = wait_for(lambda: get_job(db, CodingJob, job_id), lambda job: job.done >= 2, "first batch")
    assert (first.status, first.done) == ("running", 2)  # held at the gate after the first batch
    child = runner.process
    assert child is not None and child.pid is not None
    os.kill(child.pid, signal.SIGKILL)
    gate.touch()
    reaper = PeriodicReaper(db, runner.dispatch, 0.3)  # the service's reaper, faster
    reaper.start()
    try:
        job = wait_for(
            lambda: get_job(db, CodingJob, job_id), lambda job: job.status in ("done", "failed"), "rerun"
        )
    finally:
        reaper.stop()
    assert (job.status, job.attempts, job.lease_owner) == ("done", 2, None)
    assert job.done == respondent_count(db, source_id)
    assert runner.restarts == 1 and runner.process is not None and runner.process.pid != child.pid
    counts = machine_code_counts(db, source_id)
    assert len(counts) > 0 and {n for _, _, n in counts} == {1}


def test_the_app_starts_the_job_process_and_stops_it_when_it_stops(db: Engine, tmp_path: Path) -> None:
    app = create_app(job_settings(tmp_path, coding_runner="auto"), db)
    runner = app.state.runner
    assert isinstance(runner, ProcessRunner)  # no broker: a process on this machine
    with TestClient(app):
        child = runner.process
        assert child is not None and child.is_alive()
    assert not child.is_alive() and child.exitcode == 0
