"""A coding job's progress moves while a batch is encoded, not only when the batch's codes are saved, so
a typical interview's badge does not sit at 0% and then jump."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.coding.features import StoredFeatureEncoder
from app.coding.jobs import BATCH
from app.coding.models import CodingJob
from app.jobs.runner import InlineRunner
from tests.factories import make_project, upload
from tests.fakes import FakeEncoder, FakePipeline, fake_factory

UTTERANCES = 300


def long_interview(n: int) -> str:
    """An interview with `n` answers of one distinct sentence each."""
    turns = [
        f"Interviewer: What happened in week {i}?\n"
        f"Interviewee: In week {i} our team spent {i} hours fixing the export for client {i}.\n"
        for i in range(1, n + 1)
    ]
    return "".join(turns)


def watching_factory(db: Engine, seen: list[int]) -> Callable[[Any, StoredFeatureEncoder], FakePipeline]:
    """The fake pipeline, whose encoder notes the job's stored `done` count each time it is called."""

    class Watching(FakeEncoder):
        def encode_features(self, texts: Sequence[str]):
            with Session(db) as session:
                seen.append(session.exec(select(CodingJob.done)).one())
            return super().encode_features(texts)

    def make(framework: Any, encoder: StoredFeatureEncoder) -> FakePipeline:
        pipeline = fake_factory(framework, encoder)
        encoder._encoder = Watching  # type: ignore[assignment]
        return pipeline

    return make


def test_a_300_utterance_interview_reports_progress_within_its_first_batch(
    app: FastAPI, db: Engine, client: TestClient
) -> None:
    seen: list[int] = []
    app.state.runner = InlineRunner(db, watching_factory(db, seen))
    FakePipeline.fail_on = None
    project = make_project(client)
    source = upload(client, project["id"], "long.txt", long_interview(UTTERANCES).encode()).json()["source"]
    job = client.get(f"/api/sources/{source['id']}/coding").json()
    assert (job["status"], job["total"], job["done"]) == ("done", UTTERANCES, UTTERANCES)
    assert seen == sorted(seen) and seen[0] == 0
    assert [done for done in seen if 0 < done < BATCH]  # moved before the first batch was saved
    assert BATCH in seen  # the saved batch's count, before the next one is encoded
