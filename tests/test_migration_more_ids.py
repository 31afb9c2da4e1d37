"""Migration 0020 rebuilds every other table people link to by id on SQLite (AUTOINCREMENT): no row, index
or trigger changes, and a deleted row's id is never given to the next one, in a migrated database as in a
fresh one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.accounts.models import ApiTokenCreate
from app.accounts.service import create_token, create_user
from app.analysis.models import AnalysisKind, AnalysisRun
from app.coding.models import CodeRecord
from app.db import make_engine, metadata
from app.guides.models import GuideCopy, GuideCreate
from app.guides.service import create_guide
from app.interviews.models import InterviewStart
from app.interviews.service import start_interview
from app.jobs.models import JobStatus
from app.journeys.models import JourneySnapshot, Opportunity, StageGoal
from app.migrate import MigrationError, alembic_config, downgrade, upgrade
from app.participants.models import Participant
from app.personas.models import Persona
from app.projects.models import ProjectCreate
from app.projects.service import create_project
from app.review.models import ReviewRound
from app.sources.service import import_file
from app.themes.models import Theme
from app.utterances.models import Utterance
from tests.factories import PANEL_TRANSCRIPT
from tests.snapshots import take

# The tables whose ids are in URLs, besides 0019's project, source and participant.
LINKED = [
    "user",  # /projects/{project_id}/members/{user_id}
    "apitoken",  # /account/tokens/{token_id}/revoke
    "analysis_run",  # /api/projects/{project_id}/analyses/{run_id}
    "persona",  # /projects/{project_id}/personas/{persona_id}, ?persona_id=
    "theme",  # /projects/{project_id}/themes/{theme_id}
    "guide",  # /guides/{guide_id}, ?guide_id=
    "liveinterview",  # /interviews/{interview_id}
    "review_round",  # /projects/{project_id}/rounds/{round_id}
    "journey_snapshot",  # /projects/{project_id}/journey?snapshot_id=
    "opportunity",  # /projects/{project_id}/journey/opportunities/{opportunity_id}
    "stage_goal",  # /projects/{project_id}/journey/kpis/{kpi_id}
    "speaker",  # /sources/{source_id}/speakers/{speaker_id}
    "surveyquestion",  # /sources/{source_id}?question=
    "utterance",  # /api/utterances/{utterance_id}/codes, /sources/{source_id}/utterances/{utterance_id}/...
    "code",  # review decisions and undo name a machine code by id (a stale tab must not hit another code)
]
SURVEY = (
    b"Name,Plan,What made you start looking?\n"
    b"Dana Lee,Pro,The forecast was a guess and my boss noticed it.\n"
    b"Sam Ortiz,Free,We lost a renewal because nobody saw the date coming.\n"
)


def _add_study(engine: Engine) -> None:
    """A row in every linked table, and rows referring to them, built as the app builds them."""
    with Session(engine) as session:
        owner = create_user(session, email="owner@example.com", password="correct horse battery staple")
        create_user(session, email="coder@example.com", password="correct horse battery staple")
        create_token(session, user=owner, data=ApiTokenCreate(name="script"))
        project = create_project(session, data=ProjectCreate(name="Linked"), owner=owner)
        project_id = project.id or 0
        for name, data in [("panel.txt", PANEL_TRANSCRIPT.encode()), ("survey.csv", SURVEY)]:
            import_file(session, project=project, filename=name, data=data, max_bytes=10**6)
        utterance = session.exec(select(Utterance).order_by(col(Utterance.id))).first()
        participant = session.exec(select(Participant)).first()
        assert utterance is not None and participant is not None
        themes = AnalysisRun(project_id=project_id, kind=AnalysisKind.THEMES, status=JobStatus.DONE)
        people = AnalysisRun(project_id=project_id, kind=AnalysisKind.PERSONAS, status=JobStatus.DONE)
        session.add_all([themes, people])
        session.flush()
        session.add_all(
            [
                Theme(run_id=themes.id or 0, project_id=project_id, number=0, label="Forecasts",
                      machine_label="forecast", centroid=np.ones(4, dtype=np.float32).tobytes(),
                      representative_ids=[utterance.id or 0]),
                Persona(run_id=people.id or 0, project_id=project_id, number=0, name="Planner", initials="P"),
                Opportunity(project_id=project_id, stage="decision", text="A shared calendar"),
                StageGoal(project_id=project_id, stage="decision", text="Renewals seen a month ahead"),
                JourneySnapshot(project_id=project_id, framework="seven-step", label="v1", data={}),
                ReviewRound(project_id=project_id, name="Round", kind="emotion",
                            utterance_ids=[utterance.id or 0], coder_ids=[owner.id or 0]),
                CodeRecord(utterance_id=utterance.id or 0, project_id=project_id, kind="emotion",
                           label="frustration", score=0.8, coder="desirelines.emotion", version="2"),
            ]
        )  # fmt: skip
        guide = create_guide(
            session, project=project, user=owner, data=GuideCreate(copy_of=GuideCopy(template_id="switch"))
        )
        start = InterviewStart(participant_id=participant.id, guide_id=guide.id)
        start_interview(session, project=project, user=owner, data=start)
        session.commit()


@pytest.fixture
def at_0019(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'linked.db'}")
    upgrade(engine, "0019")
    _add_study(engine)
    return engine


def _schema(engine: Engine, kind: str) -> dict[str, str]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = :kind"), {"kind": kind})
        return {name: sql for name, sql in rows}


def _autoincrement(engine: Engine) -> set[str]:
    return {name for name, sql in _schema(engine, "table").items() if "AUTOINCREMENT" in sql}


def test_upgrade_keeps_every_row_index_and_trigger(at_0019: Engine) -> None:
    before = take(at_0019)
    assert all(before[table] for table in LINKED)
    indexes, triggers = _schema(at_0019, "index"), _schema(at_0019, "trigger")
    assert {"utterance_fts_ai", "search_vocabulary_ai"} <= triggers.keys()
    upgrade(at_0019)
    assert take(at_0019) == before
    assert (_schema(at_0019, "index"), _schema(at_0019, "trigger")) == (indexes, triggers)
    assert set(LINKED) <= _autoincrement(at_0019)
    with Session(at_0019) as session:  # the full-text triggers still index a new utterance
        kept = session.exec(select(Utterance).order_by(col(Utterance.id))).first()
        assert kept is not None
        session.add(Utterance.model_validate(kept.model_dump(exclude={"id"}) | {"text": "zeppelin quota"}))
        session.commit()
        found = session.execute(text("SELECT rowid FROM utterance_fts WHERE utterance_fts MATCH 'zeppelin'"))
        assert len(found.all()) == 1
    at_0019.dispose()


def test_new_ids_start_above_the_highest_kept_one(at_0019: Engine) -> None:
    upgrade(at_0019)
    with at_0019.connect() as conn:
        sequences: dict[str, int] = dict(conn.execute(text("SELECT name, seq FROM sqlite_sequence")).all())
        for table in LINKED:
            assert sequences[table] == conn.execute(text(f'SELECT MAX(id) FROM "{table}"')).scalar()
    at_0019.dispose()


def test_downgrade_and_upgrade_again_keep_every_row(at_0019: Engine) -> None:
    before = take(at_0019)
    upgrade(at_0019)
    downgrade(at_0019, "0019")
    assert take(at_0019) == before
    assert _autoincrement(at_0019) == {"project", "source", "participant"}
    upgrade(at_0019)
    assert take(at_0019) == before
    assert set(LINKED) <= _autoincrement(at_0019)
    at_0019.dispose()


def test_refuses_to_rebuild_with_foreign_keys_on(at_0019: Engine) -> None:
    before = take(at_0019)
    with pytest.raises(MigrationError, match="foreign keys on"), at_0019.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0020")
    assert take(at_0019) == before
    at_0019.dispose()


@pytest.mark.parametrize("table", LINKED)
def test_a_deleted_rows_id_is_not_given_to_the_next_row(at_0019: Engine, table: str) -> None:
    upgrade(at_0019)
    rows = metadata.tables[table]
    with at_0019.begin() as conn:  # foreign keys on: children go as the app's deletes take them
        newest = conn.execute(rows.select().order_by(rows.c.id.desc()).limit(1)).mappings().one()
        conn.execute(rows.delete().where(rows.c.id == newest["id"]))
        conn.execute(rows.insert().values({k: v for k, v in newest.items() if k != "id"}))
        assert conn.execute(sa.select(sa.func.max(rows.c.id))).scalar() > newest["id"]
    at_0019.dispose()


def test_a_fresh_database_made_from_the_models_matches_the_migrated_one(
    at_0019: Engine, tmp_path: Path
) -> None:
    upgrade(at_0019)
    fresh = create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    metadata.create_all(fresh)
    declared = {
        table.name for table in metadata.tables.values() if table.dialect_kwargs.get("sqlite_autoincrement")
    }
    assert declared == _autoincrement(fresh) == _autoincrement(at_0019)
    fresh.dispose()
    at_0019.dispose()
