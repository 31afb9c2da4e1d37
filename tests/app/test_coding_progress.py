"""A coding job says what it is doing: "Loading models" while the first job of a process waits for them,
then a count that moves while a batch is encoded and while the coders run, not only when the batch's codes
are saved, so a typical interview's badge does not sit at 0% and then jump."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.coding import progress
from app.coding.jobs import BATCH
from app.coding.models import LOADING_MODELS, CodingJob
from app.coding.progress import BatchProgress
from app.db import utcnow
from app.jobs.models import JobStatus
from app.jobs.runner import InlineRunner
from tests.app.jobs.helpers import queued_source
from tests.factories import make_project, upload
from tests.fakes import FAKE_CODERS, FakePipeline, watched_factory

UTTERANCES = 300
Seen = list[tuple[str, str, int]]


def long_interview(n: int) -> str:
    """An interview with `n` answers of one distinct sentence each."""
    turns = [
        f"Interviewer: What happened in week {i}?\n"
        f"Interviewee: In week {i} our team spent {i} hours fixing the export for client {i}.\n"
        for i in range(1, n + 1)
    ]
    return "".join(turns)


def noting(db: Engine, seen: Seen) -> Callable[[str], None]:
    """Notes (phase, message, done) of the one coding job as the fake pipeline reaches each phase."""

    def note(phase: str) -> None:
        with Session(db) as session:
            job = session.exec(select(CodingJob)).one()
            seen.append((phase, job.message, job.done))

    return note


def code_long_interview(app: FastAPI, db: Engine, client: TestClient) -> Seen:
    seen: Seen = []
    app.state.runner = InlineRunner(db, watched_factory(noting(db, seen)))
    FakePipeline.fail_on = None
    project = make_project(client)
    source = upload(client, project["id"], "long.txt", long_interview(UTTERANCES).encode()).json()["source"]
    job = client.get(f"/api/sources/{source['id']}/coding").json()
    assert (job["status"], job["total"], job["done"]) == ("done", UTTERANCES, UTTERANCES)
    return seen


@pytest.fixture
def every_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every progress report is written: the fakes code a batch in milliseconds, under the throttle."""
    monkeypatch.setattr(progress, "MIN_INTERVAL_S", 0.0)


def test_a_300_utterance_interview_reports_progress_within_its_first_batch(
    app: FastAPI, db: Engine, client: TestClient
) -> None:
    seen = [done for phase, _, done in code_long_interview(app, db, client) if phase == "encoding"]
    assert seen == sorted(seen) and seen[0] == 0
    assert [done for done in seen if 0 < done < BATCH]  # moved before the first batch was saved
    assert BATCH in seen  # the saved batch's count, before the next one is encoded


def test_the_job_says_it_loads_the_models_before_it_counts_utterances(
    app: FastAPI, db: Engine, client: TestClient, every_report: None
) -> None:
    seen = code_long_interview(app, db, client)
    assert seen[0] == ("loading", LOADING_MODELS, 0)
    assert seen[1] == ("encoding", f"Coding 0 of {UTTERANCES} utterances", 0)
    assert all(message.startswith("Coding ") for _, message, _ in seen[1:])


def test_progress_moves_while_the_coders_run_and_never_goes_back(
    app: FastAPI, db: Engine, client: TestClient, every_report: None
) -> None:
    seen = code_long_interview(app, db, client)
    done = [done for _, _, done in seen]
    assert done == sorted(done)
    first_batch = [done for phase, _, done in seen if phase == "coding" and done < BATCH]
    assert len(first_batch) == len(FAKE_CODERS)
    assert first_batch == sorted(set(first_batch))  # each coder that finished moved the count
    last_encoded = max(done for phase, _, done in seen if phase == "encoding" and done < BATCH)
    assert first_batch[0] >= last_encoded


def test_the_api_and_the_page_say_loading_models_until_the_job_starts_coding(
    db: Engine, client: TestClient
) -> None:
    source_id, job_id = queued_source(client)
    assert client.get(f"/api/sources/{source_id}/coding").json()["message"] == "Queued"
    running = update(CodingJob).where(col(CodingJob.id) == job_id)
    with db.begin() as conn:  # claimed: what a worker's lease leaves while its models load
        conn.execute(running.values(status=JobStatus.RUNNING, total=40, started_at=None))
    assert client.get(f"/api/sources/{source_id}/coding").json()["message"] == LOADING_MODELS
    page = client.get(f"/sources/{source_id}").text
    assert LOADING_MODELS in page and "0 of 40" not in page
    with db.begin() as conn:
        conn.execute(running.values(started_at=utcnow(), done=8))
    assert client.get(f"/api/sources/{source_id}/coding").json()["message"] == "Coding 8 of 40 utterances"
    assert "8 of 40" in client.get(f"/sources/{source_id}").text


class _Lease:
    job_id, owner, engine = 0, "", None


def test_progress_writes_are_throttled_and_never_go_back(monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[dict[str, Any]] = []
    batch = BatchProgress(_Lease())  # type: ignore[arg-type]
    monkeypatch.setattr(batch, "_write", lambda **values: written.append(values))
    batch.batch(0, 256)
    for count in range(64, 257, 64):
        batch.encoded(count, 256)
    for count in range(1, 5):
        batch.coded(count, 4)
    first = int(progress.ENCODED_SHARE * 64)
    assert written == [{"done": first}]  # the other reports came within MIN_INTERVAL_S of it
    monkeypatch.setattr(progress, "MIN_INTERVAL_S", 0.0)
    batch.coded(2, 4)
    batch.coded(1, 4)  # behind what was written: not written
    encoded = int(progress.ENCODED_SHARE * 256)  # the coders share the rest of the batch
    assert [values["done"] for values in written] == [first, encoded + (256 - encoded) * 2 // 4]
