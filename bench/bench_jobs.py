"""Benchmark: what the job system costs around the models, on a source far beyond SQL parameter limits.

    .venv/bin/python bench/bench_jobs.py [--utterances 100000] [--database-url postgresql+psycopg://...]

Imports a small interview into a fresh database (SQLite in a temporary folder unless a URL is given),
adds N respondent utterances to it, and codes the source with a pipeline that costs nothing (one code
per utterance), so the time is the job's own: reading inputs, leases and heartbeats, batched
idempotent writes. Then it leaves the job as a killed worker would (running, lease expired) and times
the reaper plus the second run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from app.accounts.service import create_user
from app.coding.jobs import queue_job, run_job
from app.coding.models import CodingJob
from app.db import make_engine, utcnow
from app.handlers import register_handlers
from app.jobs.reaper import reap
from app.migrate import upgrade
from app.projects.models import ProjectCreate
from app.projects.service import create_project
from app.sources.models import Source
from app.sources.service import import_file
from app.utterances.models import Utterance
from nlp.pipeline import UtteranceCoding
from nlp.types import Code, CodingInput

INTERVIEW = b"Interviewer: What happened?\nCustomer: The spreadsheet broke every Monday.\n"


class OneCodeEach:
    def code(self, items: Sequence[CodingInput]) -> list[UtteranceCoding]:
        return [UtteranceCoding(codes=[Code("bench", "1", "emotion", "neutral", 0.5)]) for _ in items]


def big_source(engine: Engine, utterances: int) -> int:
    """A source with `utterances` extra respondent sentences; returns its queued job's id."""
    with Session(engine, expire_on_commit=False) as session:
        owner = create_user(session, email="bench@example.com", password="benchmark-password")
        project = create_project(session, data=ProjectCreate(name="Bench"), owner=owner)
        result = import_file(session, project=project, filename="big.txt", data=INTERVIEW, max_bytes=2**20)
        session.commit()
        source_id, project_id = result.source.id or 0, project.id or 0
    rows = [
        {"project_id": project_id, "source_id": source_id, "speaker_role": "respondent", "turn": 10 + i,
         "sentence": 0, "text": f"Answer number {i} about the tool."}
        for i in range(utterances)
    ]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(Utterance), rows)
    with Session(engine) as session:
        job = queue_job(session, source=session.get(Source, source_id))  # type: ignore[arg-type]
        session.commit()
        return job.id or 0


def timed(engine: Engine, job_id: int) -> float:
    started = time.perf_counter()
    run_job(engine, job_id, lambda framework, encoder: OneCodeEach())
    return time.perf_counter() - started


def as_if_killed(engine: Engine, job_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(CodingJob)
            .where(col(CodingJob.id) == job_id)
            .values(status="running", lease_owner="dead", lease_expires_at=utcnow() - timedelta(seconds=1))
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--utterances", type=int, default=100_000)
    parser.add_argument(
        "--database-url", default=None, help="An empty database (default: SQLite, temporary)."
    )
    args = parser.parse_args()
    register_handlers()  # the job kinds and analyses that app.jobs and app.analysis run
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(engine)
        job_id = big_source(engine, args.utterances)
        first = timed(engine, job_id)
        as_if_killed(engine, job_id)
        started = time.perf_counter()
        requeued = reap(engine)
        reaped = time.perf_counter() - started
        again = timed(engine, job_id)
        with Session(engine) as session:
            job = session.get(CodingJob, job_id)
            status, done = (job.status, job.done) if job else ("missing", 0)
        engine.dispose()
    print(f"database              {engine.dialect.name}")
    print(f"utterances coded      {done:,} ({status})")
    print(f"coding job            {first:.1f} s ({done / first:,.0f} utterances/s, no model)")
    print(f"reaper                {reaped * 1000:.0f} ms, queued again: {len(requeued)}")
    print(f"second run            {again:.1f} s")


if __name__ == "__main__":
    main()
