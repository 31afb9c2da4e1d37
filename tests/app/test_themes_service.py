"""Service level, beside the HTTP tests: a new run re-applies the project's theme edits, oldest first, to
the themes whose centroids match the edited ones, and to nothing else."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.analysis.evidence import EvidenceSet
from app.analysis.models import AnalysisKind, AnalysisRun
from app.jobs.models import JobStatus
from app.themes.models import Theme, ThemeEdit, ThemeEditAction
from app.themes.service import replay_edits
from tests.factories import make_project

DIM = 8
NO_EVIDENCE = EvidenceSet([], np.zeros((0, DIM), dtype=np.float32))


def axis(i: int, wobble: float = 0.0) -> np.ndarray:
    """A unit vector along axis `i`, tilted slightly towards the next axis by `wobble`."""
    v = np.zeros(DIM, dtype=np.float32)
    v[i], v[(i + 1) % DIM] = 1.0, wobble
    return v / np.linalg.norm(v)


@pytest.fixture
def run_session(client: TestClient, db: Engine) -> Iterator[tuple[Session, AnalysisRun]]:
    """A session and a new themes run (scope "all") with two themes: pricing (axis 0), onboarding (axis 1)."""
    project_id = make_project(client, "Replay")["id"]
    with Session(db, expire_on_commit=False) as session:
        run = AnalysisRun(project_id=project_id, kind=AnalysisKind.THEMES, status=JobStatus.RUNNING)
        session.add(run)
        session.flush()
        for number, (label, count) in enumerate([("price / cost", 6), ("setup / onboarding", 3)]):
            session.add(
                Theme(
                    run_id=run.id or 0,
                    project_id=project_id,
                    number=number,
                    label=label,
                    machine_label=label,
                    utterance_count=count,
                    centroid=axis(number).tobytes(),
                )
            )
        session.flush()
        yield session, run


def edit(run: AnalysisRun, action: ThemeEditAction, *centroids: np.ndarray, **fields: object) -> ThemeEdit:
    data = np.stack(centroids).astype(np.float32).tobytes()
    return ThemeEdit(project_id=run.project_id, scope="all", action=action, centroids=data, **fields)


def labels(session: Session, run: AnalysisRun) -> dict[int, tuple[str, bool]]:
    themes = session.exec(select(Theme).where(Theme.run_id == run.id)).all()
    return {t.number: (t.label, t.edited) for t in themes}


def test_renames_reach_the_matching_theme_and_the_newest_wins(
    run_session: tuple[Session, AnalysisRun],
) -> None:
    session, run = run_session
    session.add(edit(run, ThemeEditAction.RENAME, axis(0, 0.1), label="Pricing"))
    session.add(edit(run, ThemeEditAction.RENAME, axis(0, 0.2), label="Pricing surprises"))
    session.flush()
    assert replay_edits(session, run, NO_EVIDENCE) == 2
    assert labels(session, run) == {0: ("Pricing surprises", True), 1: ("setup / onboarding", False)}


def test_an_edit_that_matches_no_theme_or_another_scope_is_left_alone(
    run_session: tuple[Session, AnalysisRun],
) -> None:
    session, run = run_session
    session.add(edit(run, ThemeEditAction.RENAME, axis(4), label="Gone theme"))
    other = edit(run, ThemeEditAction.RENAME, axis(0), label="Other scope")
    other.scope = "pain_point"
    session.add(other)
    session.flush()
    assert replay_edits(session, run, NO_EVIDENCE) == 0
    assert labels(session, run) == {0: ("price / cost", False), 1: ("setup / onboarding", False)}


def test_a_split_is_not_replayed_on_a_theme_too_small_for_its_parts(
    run_session: tuple[Session, AnalysisRun],
) -> None:
    session, run = run_session
    session.add(edit(run, ThemeEditAction.SPLIT, axis(1), parts=2))  # 3 utterances; 2 parts need 4
    session.add(edit(run, ThemeEditAction.MERGE, axis(0)))  # a merge needs two matching themes
    session.flush()
    assert replay_edits(session, run, NO_EVIDENCE) == 0
    assert labels(session, run) == {0: ("price / cost", False), 1: ("setup / onboarding", False)}
