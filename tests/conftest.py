"""Shared fixtures: a migrated database per backend (SQLite always, PostgreSQL when reachable), a clean
slate per test, an app client, and factories."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.accounts import passwords
from app.accounts.models import ApiTokenCreate
from app.accounts.service import create_token, create_user
from app.config import Settings
from app.db import make_engine
from app.main import create_app
from app.migrate import upgrade
from tests.snapshots import empty

POSTGRES_URL = os.environ.get(
    "DESIRELINES_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PASSWORD = "correct horse battery staple"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# Argon2id at its smallest cost in tests: the shipped cost (t=3, 64 MiB, p=4) took 0.7 s a hash on the loaded
# 2-core CI machine, paid by every test that makes a user or logs in; this one takes 3 ms.
# tests/app/test_password_cost.py checks that the shipped cost is unchanged.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
SHIPPED_HASHER = passwords._hasher


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """Every test hashes passwords with CHEAP_HASHER (still argon2id, still salted and verified)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", lambda: CHEAP_HASHER)
        yield


def _sqlite_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


def _postgres_engine() -> Iterator[Engine]:
    """A fresh database on the PostgreSQL server, migrated, dropped afterwards."""
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as err:
        message = f"PostgreSQL is not reachable at {POSTGRES_URL} ({err.orig})"
        if IN_CI:
            pytest.fail(f"{message}; CI=true requires it.")
        pytest.skip(f"{message}; set DESIRELINES_TEST_POSTGRES_URL to run the PostgreSQL tests.")
    name = f"desirelines_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False))
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """Every database test runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield from _sqlite_engine(tmp_path_factory)
    else:
        yield from _postgres_engine()


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated database of the test's own, on each backend, for tests that take the schema down."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
        upgrade(engine)
        yield engine
        engine.dispose()
    else:
        yield from _postgres_engine()


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    """The engine, emptied after the test so every test starts from a clean database."""
    yield engine
    empty(engine)


@pytest.fixture
def session(db: Engine) -> Iterator[Session]:
    with Session(db, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def app_settings(tmp_path: Path) -> Settings:
    # Coding jobs stay queued unless a test runs them (tests/app/test_coding.py does, inline).
    return Settings(data_dir=tmp_path, max_upload_mb=1.0, coding_runner="off")


@pytest.fixture
def app(db: Engine, app_settings: Settings) -> FastAPI:
    return create_app(app_settings, db)


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    """A client with no credentials (a browser before logging in)."""
    with TestClient(app) as client:
        yield client


def client_for(app: FastAPI, db: Engine, email: str, *, admin: bool = False) -> TestClient:
    """A client that authenticates as a new user with an API token."""
    with Session(db) as session:
        user = create_user(session, email=email, password=PASSWORD, is_admin=admin)
        _, token = create_token(session, user=user, data=ApiTokenCreate(name="tests"))
        session.commit()
    return TestClient(app, headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def client(app: FastAPI, db: Engine) -> Iterator[TestClient]:
    """A client logged in (by API token) as owner@example.com; projects it creates are its own."""
    with client_for(app, db, "owner@example.com", admin=True) as client:
        yield client
