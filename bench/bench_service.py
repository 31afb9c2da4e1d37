"""Benchmark: how long the service takes to code a one-hour interview (about 700 utterances).

    .venv/bin/python bench/bench_service.py

Builds a one-hour interview from the (fictional) demo transcripts, imports it into a fresh SQLite
database, and times the coding job twice: cold (models loaded inside the job, as for the first
upload after a restart) and warm (models already loaded, as for every later upload).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from app.accounts.service import create_user
from app.coding.jobs import default_pipeline, queue_job, run_job
from app.db import make_engine
from app.migrate import upgrade
from app.projects.models import ProjectCreate
from app.projects.service import create_project
from app.sources.models import Source
from app.sources.service import import_file
from nlp.ingest import read_source
from nlp.types import Transcript

DEMO = Path(__file__).resolve().parent.parent / "app" / "demo" / "data" / "interviews"


def one_hour_interview(target_utterances: int = 700) -> bytes:
    """Turns of the demo interviews, relabelled as one conversation, until ~700 sentences."""
    lines: list[str] = []
    sentences = 0
    for path in sorted(DEMO.glob("*")):
        parsed = read_source(path.name, path.read_bytes())
        assert isinstance(parsed, Transcript)
        for turn in parsed.turns:
            asks = turn.speaker in ("Maya Lindqvist", "Jon Okafor") or "Interviewer" in turn.speaker
            speaker = "Interviewer" if asks else "Customer"
            lines.append(f"{speaker}: {turn.text}")
            sentences += max(1, turn.text.count(". ") + 1)
            if sentences >= target_utterances:
                return "\n".join(lines).encode()
    return "\n".join(lines).encode()


def timed_job(engine, project, data: bytes, name: str) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        result = import_file(session, project=project, filename=name, data=data, max_bytes=50 * 2**20)
        job = queue_job(session, source=session.get(Source, result.source.id))
        session.commit()
        job_id, utterances = job.id or 0, result.utterances
    started = time.perf_counter()
    run_job(engine, job_id)
    return time.perf_counter() - started, utterances


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(engine)
        with Session(engine, expire_on_commit=False) as session:
            owner = create_user(session, email="bench@example.com", password="benchmark-password")
            project = create_project(session, data=ProjectCreate(name="Bench"), owner=owner)
            session.commit()
        data = one_hour_interview()
        cold, utterances = timed_job(engine, project, data, "hour-1.txt")
        default_pipeline("seven-step")
        warm, _ = timed_job(engine, project, data.replace(b"Customer:", b"Client:"), "hour-2.txt")
    print(f"interview             {utterances} utterances (one hour of talk)")
    print(f"coding job, cold      {cold:.1f} s (models loaded during the job)")
    print(f"coding job, warm      {warm:.1f} s (target < 10 s)")


if __name__ == "__main__":
    main()
