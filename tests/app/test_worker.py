"""Coding on Celery workers through Redis, as a team deployment runs it. Needs the Redis server."""

from __future__ import annotations

import time

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.jobs.runner import CeleryRunner
from tests.factories import PANEL_TRANSCRIPT, make_project, upload
from tests.fakes import fake_factory


def test_upload_is_coded_by_a_celery_worker(
    app: FastAPI, db: Engine, client: TestClient, redis_broker: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from celery.contrib.testing.worker import start_worker

    from app.jobs.worker import celery_app

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
