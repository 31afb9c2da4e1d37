"""Service level, beside the HTTP tests: a rebuilt persona keeps the edits and picture of the previous
persona that shares most of its members, and only of the last finished run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.analysis.models import AnalysisKind, AnalysisRun
from app.jobs.models import JobStatus
from app.participants.models import Participant
from app.personas.models import Persona, PersonaMember
from app.personas.service import CARRY_OVER, carry_over, previous_personas
from tests.factories import make_project

EDITS = {"goals": {"value": "Close the books in a day", "pinned": [], "removed": [], "by": 1, "at": "now"}}


@pytest.fixture
def project_session(client: TestClient, db: Engine) -> Iterator[tuple[Session, int, list[int]]]:
    """A session, a project and six participants in it."""
    project_id = make_project(client, "Carry-over")["id"]
    with Session(db, expire_on_commit=False) as session:
        people = [Participant(project_id=project_id, display_name=f"P{i}") for i in range(6)]
        session.add_all(people)
        session.flush()
        yield session, project_id, [p.id or 0 for p in people]


def _run(session: Session, project_id: int, status: JobStatus) -> AnalysisRun:
    run = AnalysisRun(project_id=project_id, kind=AnalysisKind.PERSONAS, status=status)
    session.add(run)
    session.flush()
    return run


def _persona(session: Session, run: AnalysisRun, members: list[int], **fields: object) -> Persona:
    persona = Persona(
        run_id=run.id or 0, project_id=run.project_id, number=0, name="P", initials="P", **fields
    )
    session.add(persona)
    session.flush()
    session.add_all(PersonaMember(persona_id=persona.id or 0, participant_id=m) for m in members)
    session.flush()
    return persona


def test_edits_and_picture_come_from_the_most_alike_previous_persona(
    project_session: tuple[Session, int, list[int]],
) -> None:
    session, project_id, p = project_session
    done = _run(session, project_id, JobStatus.DONE)
    _persona(session, done, p[:3], edits=EDITS, image=b"png", image_type="image/png")
    _persona(session, done, p[3:], edits={"name": {"value": "Other"}})
    current = _run(session, project_id, JobStatus.RUNNING)
    previous = previous_personas(session, current)
    assert sorted(len(members) for _, members in previous) == [3, 3]

    alike = Persona(run_id=current.id or 0, project_id=project_id, number=0, name="N", initials="N")
    carry_over(alike, set(p[:2]), previous)  # 2 of 3 shared: Jaccard 2/3
    assert (alike.edits, alike.image, alike.image_type) == (EDITS, b"png", "image/png")

    different = Persona(run_id=current.id or 0, project_id=project_id, number=1, name="D", initials="D")
    carry_over(different, {p[0], p[3]}, previous)  # at most 1 of 4 shared with either
    assert CARRY_OVER > 1 / 4 and (different.edits, different.image) == ({}, None)


def test_only_the_last_finished_run_before_this_one_counts(
    project_session: tuple[Session, int, list[int]],
) -> None:
    session, project_id, p = project_session
    older = _run(session, project_id, JobStatus.DONE)
    _persona(session, older, p[:3], edits={"name": {"value": "Old"}})
    newer = _run(session, project_id, JobStatus.DONE)
    kept = _persona(session, newer, p[:3], edits=EDITS)
    _run(session, project_id, JobStatus.FAILED)
    current = _run(session, project_id, JobStatus.RUNNING)
    assert [persona.id for persona, _ in previous_personas(session, current)] == [kept.id]
    assert previous_personas(session, older) == []
