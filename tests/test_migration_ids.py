"""Migration 0019 rebuilds the project, source and participant tables on SQLite (AUTOINCREMENT) without
losing or unlinking a row of the tables that refer to them, and refuses to run where it would."""

from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, select

from app.accounts.service import create_user
from app.coding.jobs import queue_all
from app.coding.models import CodeOrigin, CodeRecord
from app.db import make_engine
from app.migrate import MigrationError, alembic_config, migration_connection, references_kept, upgrade
from app.projects.models import ProjectCreate
from app.projects.service import create_project
from app.sources.service import import_file
from app.utterances.models import Utterance
from tests.factories import PANEL_TRANSCRIPT
from tests.snapshots import Snapshot, take

SURVEY = (
    b"Name,Plan,What made you start looking?\n"
    b"Dana Lee,Pro,The forecast was a guess and my boss noticed it.\n"
    b"Sam Ortiz,Free,We lost a renewal because nobody saw the date coming.\n"
)
# Rows that refer to the rebuilt tables, by each kind of reference: a cascade would delete them, a
# SET NULL would unlink them.
REFERENCES = [
    ("membership", "project_id"),
    ("source", "project_id"),
    ("sourcefile", "source_id"),
    ("sourcefingerprint", "source_id"),
    ("codingjob", "source_id"),
    ("surveyquestion", "source_id"),
    ("surveyresponse", "participant_id"),
    ("speaker", "participant_id"),
    ("utterance", "participant_id"),
    ("code", "project_id"),
    ("participant", "origin_source_id"),
]


def _study_at_0018(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'ids.db'}")
    upgrade(engine, "0018")
    with Session(engine) as session:
        owner = create_user(session, email="owner@example.com", password="correct horse battery staple")
        project = create_project(session, data=ProjectCreate(name="Before the upgrade"), owner=owner)
        for name, data in [("panel.txt", PANEL_TRANSCRIPT.encode()), ("survey.csv", SURVEY)]:
            import_file(session, project=project, filename=name, data=data, max_bytes=10**6)
        queue_all(session, project_id=project.id or 0)
        utterance = session.exec(select(Utterance)).first()
        assert utterance is not None
        session.add(
            CodeRecord(utterance_id=utterance.id or 0, project_id=utterance.project_id, coder="researcher",
                       version="1", kind="emotion", label="joy", score=1.0, origin=CodeOrigin.RESEARCHER)
        )  # fmt: skip
        session.commit()
    return engine


def _referenced(snapshot: Snapshot, table: str, column: str) -> int:
    return sum(1 for row in snapshot[table] if row[column] is not None)


def test_upgrade_keeps_every_row_and_reference(tmp_path: Path) -> None:
    engine = _study_at_0018(tmp_path)
    before = take(engine)
    assert all(_referenced(before, table, column) for table, column in REFERENCES)
    upgrade(engine)
    assert take(engine) == before
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # back on for the pool
    engine.dispose()


def test_new_ids_start_above_the_highest_kept_one(tmp_path: Path) -> None:
    engine = _study_at_0018(tmp_path)
    upgrade(engine)
    with engine.connect() as conn:
        sequences: dict[str, int] = dict(conn.execute(text("SELECT name, seq FROM sqlite_sequence")).all())
        for table in ("project", "source", "participant"):
            assert sequences[table] == conn.execute(text(f"SELECT MAX(id) FROM {table}")).scalar()
    engine.dispose()


def test_refuses_to_rebuild_with_foreign_keys_on(tmp_path: Path) -> None:
    engine = _study_at_0018(tmp_path)
    before = take(engine)
    with pytest.raises(MigrationError, match="foreign keys on"), engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0019")
    assert take(engine) == before
    engine.dispose()


def _orphan_an_utterance(conn: Connection) -> None:
    conn.execute(
        text("UPDATE utterance SET participant_id = 999999 WHERE id = (SELECT MIN(id) FROM utterance)")
    )


def test_a_reference_broken_by_a_migration_is_refused(tmp_path: Path) -> None:
    engine = _study_at_0018(tmp_path)
    refused = pytest.raises(MigrationError, match="1 in utterance -> participant")
    # Foreign keys off, as while migrating: the orphan gets in, and is counted.
    with migration_connection(engine) as conn, conn.begin(), refused, references_kept(conn):
        _orphan_an_utterance(conn)
    engine.dispose()


def test_references_broken_before_the_upgrade_do_not_stop_it(tmp_path: Path) -> None:
    engine = _study_at_0018(tmp_path)
    with migration_connection(engine) as conn, conn.begin():
        _orphan_an_utterance(conn)
    upgrade(engine)
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
    engine.dispose()


def test_a_connection_whose_foreign_keys_cannot_be_set_back_is_discarded_not_pooled(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'broken.db'}")
    with pytest.raises(RuntimeError, match="the migration's own error"), migration_connection(engine) as connection:
        connection.connection.driver_connection.close()  # the driver connection dies mid-migration
        raise RuntimeError("the migration's own error")
    with engine.connect() as fresh:  # the dead connection was not handed back to the pool
        assert fresh.execute(text("PRAGMA foreign_keys")).scalar() == 0
