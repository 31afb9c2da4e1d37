"""Coding on Celery workers through Redis, as a team deployment runs it. Needs the Redis server."""

from __future__ import annotations

import os
import time

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.coding.runner import CeleryRunner
from tests.conftest import IN_CI
from tests.factories import PANEL_TRANSCRIPT, make_project, upload
from tests.fakes import fake_factory

REDIS_URL = os.environ.get("DESIRELINES_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_broker() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as err:
        message = f"Redis is not reachable at {REDIS_URL} ({err})"
        if IN_CI:
            pytest.fail(f"{message}; CI=true requires it.")
        pytest.skip(f"{message}; set DESIRELINES_TEST_REDIS_URL to run the Celery tests.")
    return REDIS_URL


def test_upload_is_coded_by_a_celery_worker(
    app: FastAPI, db: Engine, client: TestClient, redis_broker: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from celery.contrib.testing.worker import start_worker

    from app.worker import celery_app

    monkeypatch.setattr("app.db.get_engine", lambda: db)
    monkeypatch.setattr("app.coding.jobs.pipeline_with", fake_factory)
    celery_app.conf.broker_url = redis_broker
    app.state.runner = CeleryRunner()
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        project = make_project(client)
        source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            status = client.get(f"/api/sources/{source['id']}/coding").json()["status"]
            if status in ("done", "failed"):
                break
            time.sleep(0.2)
    assert status == "done"
    assert client.get(f"/api/sources/{source['id']}").json()["status"] == "coded"
