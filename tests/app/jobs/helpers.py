"""Factories for job tests: a source queued for coding (runner off), and looks at the stored rows."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.coding.features import StoredFeatureEncoder
from app.coding.models import CodeOrigin, CodeRecord, CodingJob
from app.db import utcnow
from app.jobs.models import JobState, JobStatus
from app.utterances.models import Utterance
from tests.factories import PANEL_TRANSCRIPT, make_project, upload
from tests.fakes import FakePipeline, fake_factory


def queued_source(client: TestClient) -> tuple[int, int]:
    """(source id, coding job id) of a freshly uploaded interview whose job waits (the runner is off)."""
    project = make_project(client)
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    job = client.get(f"/api/sources/{source['id']}/coding").json()
    assert job["status"] == "queued"
    return source["id"], job["id"]


def get_job(db: Engine, table: type[JobState], job_id: int) -> Any:
    with Session(db) as session:
        return session.get(table, job_id)


def expire_lease(db: Engine, table: type[JobState], job_id: int, *, owner: str = "gone-host:1:dead") -> None:
    """What a killed worker leaves behind: its job running, under a lease that has run out."""
    with db.begin() as conn:
        conn.execute(
            update(table)
            .where(col(table.id) == job_id)
            .values(
                status=JobStatus.RUNNING, lease_owner=owner, lease_expires_at=utcnow() - timedelta(seconds=1)
            )
        )


def machine_code_counts(db: Engine, source_id: int) -> list[tuple[int, str, int]]:
    """(utterance, kind, how many machine codes) for every coded utterance of the source."""
    query = (
        select(CodeRecord.utterance_id, CodeRecord.kind, func.count())
        .join(Utterance, col(Utterance.id) == CodeRecord.utterance_id)
        .where(Utterance.source_id == source_id, CodeRecord.origin == CodeOrigin.MACHINE)
        .group_by(col(CodeRecord.utterance_id), col(CodeRecord.kind))
    )
    with Session(db) as session:
        return [(u, k, n) for u, k, n in session.exec(query)]


def respondent_count(db: Engine, source_id: int) -> int:
    query = select(func.count()).where(
        Utterance.source_id == source_id, Utterance.speaker_role == "respondent"
    )
    with Session(db) as session:
        return int(session.exec(query).one())


def dying_factory(after_calls: int) -> Callable[[Any, StoredFeatureEncoder], FakePipeline]:
    """A pipeline whose worker process dies (SystemExit, not caught by the job) after some batches."""

    def make(framework: Any, encoder: StoredFeatureEncoder) -> FakePipeline:
        pipeline = fake_factory(framework, encoder)
        calls = {"n": 0}
        original = pipeline.code

        def code(items: Any) -> Any:
            calls["n"] += 1
            if calls["n"] > after_calls:
                raise SystemExit("worker killed")
            return original(items)

        pipeline.code = code  # type: ignore[method-assign]
        return pipeline

    return make


def all_jobs(db: Engine) -> list[CodingJob]:
    with Session(db) as session:
        return list(session.exec(select(CodingJob)))


class GatedFactory:
    """A pipeline factory for the job process (picklable, so it travels to the child): the fake
    pipeline in batches of two, and after the first batch it waits until the file `gate` exists. The
    test sees the first batch stored, kills the process mid-job, and opens the gate for the next one."""

    def __init__(self, gate: str) -> None:
        self.gate = gate

    def __call__(self, framework: Any, encoder: StoredFeatureEncoder) -> FakePipeline:
        import app.coding.jobs

        app.coding.jobs.BATCH = 2  # read after the factory is called: this job runs in batches of two
        pipeline = fake_factory(framework, encoder)
        calls = {"n": 0}
        original = pipeline.code

        def code(items: Any) -> Any:
            calls["n"] += 1
            while calls["n"] > 1 and not os.path.exists(self.gate):
                time.sleep(0.05)
            return original(items)

        pipeline.code = code  # type: ignore[method-assign]
        return pipeline
