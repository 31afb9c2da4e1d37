"""Faults during a coding job: the database unreachable for a status write, mid-job, or for longer
than the retries; and a source far beyond any SQL parameter limit."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.coding.models import CodingJob
from app.jobs.kinds import JobKind, JobRef
from app.jobs.reaper import reap
from app.sources.models import Source
from app.utterances.models import Utterance
from nlp.pipeline import UtteranceCoding
from nlp.types import Code, CodingInput
from tests.app.jobs.helpers import expire_lease, get_job, machine_code_counts, queued_source, respondent_count
from tests.fakes import fake_factory

Match = Callable[[str, Any], bool]


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.jobs.retry.DELAYS", (0.0, 0.0, 0.0))


class Outage:
    """Makes matching statements fail as if the server had gone away, `times` times (-1: always)."""

    def __init__(self, db: Engine, match: Match, times: int) -> None:
        self.db, self.match, self.left, self.failed = db, match, times, 0

    def __call__(self, conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if self.left != 0 and self.match(statement, parameters):
            self.left -= 1
            self.failed += 1
            raise OperationalError(
                statement, parameters, Exception("server closed the connection unexpectedly")
            )


@pytest.fixture
def outage(db: Engine) -> Iterator[Callable[[Match, int], Outage]]:
    made: list[Outage] = []

    def start(match: Match, times: int) -> Outage:
        made.append(Outage(db, match, times))
        event.listen(db, "before_cursor_execute", made[-1])
        return made[-1]

    yield start
    for listener in made:
        event.remove(db, "before_cursor_execute", listener)


def _values(parameters: Any) -> list[Any]:
    rows = parameters if isinstance(parameters, list) else [parameters]
    return [v for row in rows for v in (row.values() if isinstance(row, dict) else row)]


def job_status_write(*statuses: str) -> Match:
    return lambda sql, params: (
        sql.startswith("UPDATE codingjob") and any(s in _values(params) for s in statuses)
    )


def test_a_status_write_is_retried_while_the_database_is_down(
    db: Engine, client: TestClient, outage: Callable[[Match, int], Outage]
) -> None:
    source_id, job_id = queued_source(client)
    down = outage(job_status_write("done"), 2)
    from app.coding.jobs import run_job

    run_job(db, job_id, fake_factory)
    assert down.failed == 2
    assert get_job(db, CodingJob, job_id).status == "done"
    with Session(db) as session:
        assert session.get(Source, source_id).status == "coded"  # type: ignore[union-attr]


def test_the_database_down_mid_job_is_recorded_as_a_failure(
    db: Engine, client: TestClient, outage: Callable[[Match, int], Outage]
) -> None:
    source_id, job_id = queued_source(client)
    batch = outage(lambda sql, _: sql.startswith("INSERT INTO code"), 1)
    status = outage(job_status_write("failed"), 2)
    from app.coding.jobs import run_job

    run_job(db, job_id, fake_factory)
    assert (batch.failed, status.failed) == (1, 2)
    job = get_job(db, CodingJob, job_id)
    assert job.status == "failed" and "OperationalError" in job.error and job.lease_owner is None
    with Session(db) as session:
        assert session.get(Source, source_id).status == "failed"  # type: ignore[union-attr]


def test_a_job_whose_end_could_not_be_written_is_reaped_and_finished(
    db: Engine, client: TestClient, outage: Callable[[Match, int], Outage]
) -> None:
    source_id, job_id = queued_source(client)
    down = outage(job_status_write("done", "failed"), -1)
    from app.coding.jobs import run_job

    run_job(db, job_id, fake_factory)  # never raises, even when nothing could be recorded
    down.left = 0  # the database is back
    stuck = get_job(db, CodingJob, job_id)
    assert stuck.status == "running" and down.failed == 8  # done and failed, each tried 4 times
    expire_lease(db, CodingJob, job_id, owner=stuck.lease_owner)  # the lease lapses: nobody renews it
    assert reap(db) == [JobRef(JobKind.CODING, job_id)]
    run_job(db, job_id, fake_factory)
    assert get_job(db, CodingJob, job_id).status == "done"
    assert {n for _, _, n in machine_code_counts(db, source_id)} == {1}


class OneCodeEach:
    """A pipeline that costs nothing: one emotion code per utterance."""

    def code(self, items: Sequence[CodingInput]) -> list[UtteranceCoding]:
        return [UtteranceCoding(codes=[Code("fake.emotion", "1", "emotion", "neutral", 0.5)]) for _ in items]


def test_a_source_of_100000_utterances_is_coded(
    db: Engine, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond SQLite's 32,766 and PostgreSQL's 65,535 parameters per statement."""
    monkeypatch.setattr("app.coding.jobs.BATCH", 5000)
    source_id, job_id = queued_source(client)
    with Session(db) as session:
        project_id = session.get(Source, source_id).project_id  # type: ignore[union-attr]
    rows = [
        {"project_id": project_id, "source_id": source_id, "speaker_role": "respondent", "turn": 100 + i,
         "sentence": 0, "text": f"Answer number {i} about the tool."}
        for i in range(100_000)
    ]  # fmt: skip
    with db.begin() as conn:
        conn.execute(insert(Utterance), rows)
    from app.coding.jobs import run_job

    run_job(db, job_id, lambda framework, encoder: OneCodeEach())
    job = get_job(db, CodingJob, job_id)
    total = respondent_count(db, source_id)
    assert total > 100_000
    assert (job.status, job.error, job.done) == ("done", None, total)
    counts = machine_code_counts(db, source_id)
    assert len(counts) == total and {n for _, _, n in counts} == {1}


def test_a_batch_written_twice_leaves_one_code_per_utterance_and_kind(db: Engine, client: TestClient) -> None:
    """A batch delivered again (two workers, or a retry) replaces its codes instead of adding to them."""
    from app.coding.inputs import coding_inputs
    from app.coding.jobs import _save_batch

    source_id, job_id = queued_source(client)
    with Session(db) as session:
        ids = [u.id or 0 for u, _ in coding_inputs(session, source_id=source_id)][:3]
    results = OneCodeEach().code([CodingInput("text", None, None)] * len(ids))
    _save_batch(db, job_id, ids, results, done=len(ids))
    _save_batch(db, job_id, ids, results, done=len(ids))
    assert sorted(machine_code_counts(db, source_id)) == sorted((i, "emotion", 1) for i in ids)
