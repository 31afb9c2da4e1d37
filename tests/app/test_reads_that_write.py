"""Reads that leave a row behind (an export's audit event) while other writers commit around them.

On SQLite a GET's transaction reads a snapshot; it cannot turn into a write once another writer has
committed since it began ("database is locked" at once, whatever the busy timeout). Coding jobs commit
every few seconds, so an export that wrote its audit event in its own read failed now and then.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.audit import service as audit
from app.audit.models import AuditEvent
from app.config import Settings
from app.db import PoolOptions, add_after_read, make_engine, read_only, session_scope
from app.main import create_app
from app.migrate import upgrade
from app.projects.models import Project
from tests.conftest import client_for
from tests.factories import interview, make_project, upload

EXPORTS = {
    "journey.export": "/api/projects/{project}/journey/export?format=csv",
    "forces.export": "/api/projects/{project}/forces/export?format=csv",
    "sentences.export": "/api/projects/{project}/utterances.csv",
    "agreement.export": "/api/projects/{project}/agreement.csv",
    "source.export": "/api/sources/{source}/closed-questions.csv",
}


def _project_with_source(client: TestClient) -> dict[str, int]:
    project = make_project(client, "Busy study")
    lines = ["The invoices broke every month.", "I heard about it from a friend."]
    response = upload(client, project["id"], "ana.txt", interview("Ana", lines))
    assert response.status_code == 201, response.text
    return {"project": project["id"], "source": response.json()["source"]["id"]}


def _exports(engine: Engine, action: str) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def _before_the_audit_event(monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], None]) -> None:
    """Run `meanwhile` when an export records its audit event: after the request's first read."""
    original = audit.record

    def record(session: Session, **fields: Any) -> None:
        meanwhile()
        original(session, **fields)

    monkeypatch.setattr(audit, "record", record)


@pytest.mark.parametrize("action", list(EXPORTS))
def test_an_export_is_served_and_audited_while_another_writer_commits(
    client: TestClient, db: Engine, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:
    ids = _project_with_source(client)

    def another_writer_commits() -> None:  # a coding job's batch, say
        with Session(db) as other:
            other.add(Project(name="written meanwhile"))
            other.commit()

    _before_the_audit_event(monkeypatch, another_writer_commits)
    response = client.get(EXPORTS[action].format(**ids))
    assert response.status_code == 200, response.text
    assert [event.project_id for event in _exports(db, action)] == [ids["project"]]


@pytest.fixture
def impatient(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite file whose connections give up on the write lock after 0.2 s."""
    engine = make_engine(f"sqlite:///{tmp_path / 'impatient.db'}", PoolOptions(sqlite_busy_timeout_ms=200))
    upgrade(engine)
    yield engine
    engine.dispose()


def test_an_export_whose_audit_event_cannot_be_written_is_not_served(
    impatient: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(Settings(data_dir=tmp_path, coding_runner="off"), impatient)
    with client_for(app, impatient, "owner@example.com", admin=True) as client:
        ids = _project_with_source(client)
        holder = Session(impatient)
        holding = threading.Event()

        def another_writer_holds_the_lock() -> None:
            holder.add(Project(name="long write"))
            holder.flush()  # BEGIN IMMEDIATE: the write lock is held until the test lets go
            holding.set()

        _before_the_audit_event(monkeypatch, another_writer_holds_the_lock)
        try:
            response = client.get(EXPORTS["journey.export"].format(**ids))
        finally:
            holder.rollback()
            holder.close()
    assert holding.is_set()
    assert response.status_code == 503
    assert "text/csv" not in response.headers["content-type"]
    assert _exports(impatient, "journey.export") == []


def test_a_row_left_by_a_read_is_written_after_it_and_dropped_when_it_fails(db: Engine) -> None:
    with session_scope(read_only(db)) as session:
        add_after_read(session, Project(name="kept"))
        assert session.exec(select(Project)).all() == []  # not part of the read itself
    with pytest.raises(LookupError), session_scope(read_only(db)) as session:
        add_after_read(session, Project(name="dropped"))
        raise LookupError("the read failed")
    with Session(db) as session:
        assert [p.name for p in session.exec(select(Project)).all()] == ["kept"]
