"""SQLite under concurrency: readers never wait for a writer; PostgreSQL gets a sized pool."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.accounts.models import ApiTokenCreate
from app.accounts.service import create_token, create_user
from app.config import Settings
from app.db import PoolOptions, make_engine, read_only
from app.main import create_app
from app.migrate import upgrade
from app.projects.models import Project

SHORT_WAIT = PoolOptions(sqlite_busy_timeout_ms=200)


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite file whose connections give up on a lock after 0.2 s."""
    engine = make_engine(f"sqlite:///{tmp_path / 'concurrent.db'}", SHORT_WAIT)
    upgrade(engine)
    yield engine
    engine.dispose()


def _while_writing(engine: Engine, readers: list[Callable[[], object]]) -> list[object]:
    """Run each reader in its own thread while another thread holds an open write transaction."""
    locked, done = threading.Event(), threading.Barrier(len(readers) + 1)
    results: list[object] = []
    errors: list[BaseException] = []

    def writer() -> None:
        with Session(engine) as session:  # BEGIN IMMEDIATE: holds the write lock until commit
            session.add(Project(name="being written"))
            session.flush()
            locked.set()
            done.wait()
            session.commit()

    def reader(read: Callable[[], object]) -> None:
        locked.wait()
        try:
            results.append(read())
        except BaseException as err:
            errors.append(err)
        finally:
            done.wait()

    threads = [threading.Thread(target=writer)] + [
        threading.Thread(target=reader, args=(r,)) for r in readers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def _count_projects(engine: Engine) -> int:
    with Session(read_only(engine)) as session:
        return int(session.exec(text("SELECT count(*) FROM project")).one()[0])  # type: ignore[call-overload]


def test_two_readers_read_while_a_writer_holds_the_lock(sqlite_file: Engine) -> None:
    counts = _while_writing(sqlite_file, [lambda: _count_projects(sqlite_file)] * 2)
    # Both read the last committed state; neither waited for the writer nor hit "database is locked".
    assert counts == [0, 0]
    assert _count_projects(sqlite_file) == 1


def test_get_requests_are_answered_while_a_writer_holds_the_lock(sqlite_file: Engine, tmp_path: Path) -> None:
    with Session(sqlite_file) as session:
        user = create_user(session, email="reader@example.com", password="correct horse battery")
        _, token = create_token(session, user=user, data=ApiTokenCreate(name="t"))
        session.commit()
    app = create_app(Settings(data_dir=tmp_path, coding_runner="off"), sqlite_file)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
        statuses = _while_writing(sqlite_file, [lambda: client.get("/api/projects").status_code] * 2)
    assert statuses == [200, 200]


def test_a_second_writer_waits_for_the_lock_instead_of_failing(sqlite_file: Engine) -> None:
    def write() -> int:
        with Session(sqlite_file) as session:
            session.add(Project(name="second writer"))
            session.commit()
        return 1

    patient = make_engine(str(sqlite_file.url), PoolOptions(sqlite_busy_timeout_ms=30_000))
    try:
        thread_result: list[int] = []
        waiter = threading.Thread(target=lambda: thread_result.append(_write_with(patient)))
        with Session(sqlite_file) as session:
            session.add(Project(name="first writer"))
            session.flush()
            waiter.start()
            session.commit()
        waiter.join()
    finally:
        patient.dispose()
    assert thread_result == [1]
    assert _count_projects(sqlite_file) == 2
    del write


def _write_with(engine: Engine) -> int:
    with Session(engine) as session:
        session.add(Project(name="second writer"))
        session.commit()
    return 1


def test_postgresql_engines_get_the_pool_from_settings() -> None:
    options = PoolOptions.from_settings(Settings(db_pool_size=7, db_max_overflow=3, db_pool_timeout=2.5))
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", options)
    pool = engine.pool
    assert (pool.size(), pool._max_overflow, pool._timeout) == (7, 3, 2.5)  # type: ignore[attr-defined]
    assert pool._pre_ping is True  # type: ignore[attr-defined]
