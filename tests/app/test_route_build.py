"""The service builds every route's request handling at start-up, so no first request builds any on the
event loop (0.2-0.4 s in which no other request was answered)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import fastapi.routing
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from tests.conftest import client_for
from tests.factories import PANEL_TRANSCRIPT, make_project, upload


def count_builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the routes FastAPI builds from now on."""
    built: list[str] = []
    build: Callable[..., Any] = fastapi.routing._populate_api_route_state  # type: ignore[attr-defined]

    def counted(*args: Any, **kwargs: Any) -> Any:
        built.append(str(kwargs.get("name") or args[:1]))
        return build(*args, **kwargs)

    monkeypatch.setattr(fastapi.routing, "_populate_api_route_state", counted)
    return built


def first_requests(client: TestClient) -> None:
    assert client.get("/api/health").status_code == 200
    project = make_project(client)
    assert upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).status_code == 201
    assert client.get(f"/api/projects/{project['id']}/sources").status_code == 200


def test_after_start_up_no_request_builds_a_route(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = count_builds(monkeypatch)  # `client` has started the service (its lifespan ran)
    first_requests(client)
    assert built == []


def test_without_start_up_the_first_requests_build_their_routes(
    app: FastAPI, db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = count_builds(monkeypatch)
    not_started = client_for(app, db, "owner@example.com", admin=True)  # no `with`: no lifespan
    first_requests(not_started)
    assert built  # what the start-up spares the first requests
