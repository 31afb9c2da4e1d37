"""Requests schemathesis (`make fuzz`) answered with a 500, each now a typed 4xx in the error shape."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DataError

from app.db import make_engine
from app.pagination import MAX_PAGE
from tests.factories import make_project

LISTS = ["audit", "interviews", "participants", "highlights", "sources"]


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    return dict(body["error"])


@pytest.mark.parametrize("listing", LISTS)
def test_a_page_number_past_64_bit_offsets_is_a_422(client: TestClient, listing: str) -> None:
    project = make_project(client)
    url = f"/api/projects/{project['id']}/{listing}"
    response = client.get(url, params={"page": 65819197774032679953498112, "page_size": 412})
    error = error_of(response, 422)
    assert error["code"] == "validation_error" and error["problems"][0]["loc"] == ["query", "page"]


@pytest.mark.parametrize("listing", LISTS)
def test_the_last_allowed_page_is_an_empty_page(client: TestClient, listing: str) -> None:
    project = make_project(client)
    response = client.get(
        f"/api/projects/{project['id']}/{listing}", params={"page": MAX_PAGE, "page_size": 500}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body if isinstance(body, list) else body["items"]) == []


@pytest.mark.parametrize("params", [{"old": -(2**127)}, {"old": 2**31}, {"old": 0}, {"old": 1, "new": 2**70}])
def test_journey_versions_beyond_the_id_range_are_404(client: TestClient, params: dict[str, int]) -> None:
    project = make_project(client)
    response = client.get(f"/api/projects/{project['id']}/journey/compare", params=params)
    assert error_of(response, 404)["code"] == "not_found"


def test_undo_with_an_id_past_the_integer_column_is_a_422(client: TestClient) -> None:
    project = make_project(client)
    body = {"code_ids": [192, 62279472765573470879744]}
    response = client.post(f"/api/projects/{project['id']}/review/undo", json=body)
    error = error_of(response, 422)
    assert error["problems"][0]["loc"] == ["body", "code_ids", "1"]
    in_range = client.post(f"/api/projects/{project['id']}/review/undo", json={"code_ids": [192]})
    assert error_of(in_range, 404)["code"] == "not_found"


@pytest.mark.parametrize("theme_ids", [[1, 2**40], [0, 1], [-(2**70), 3]])
def test_merging_themes_with_ids_out_of_range_is_a_422(client: TestClient, theme_ids: list[int]) -> None:
    project = make_project(client)
    response = client.post(f"/api/projects/{project['id']}/themes/merge", json={"theme_ids": theme_ids})
    assert error_of(response, 422)["code"] == "validation_error"
    missing = client.post(f"/api/projects/{project['id']}/themes/merge", json={"theme_ids": [1, 2]})
    assert error_of(missing, 404)["code"] == "not_found"


def test_sqlite_refuses_a_64_bit_overflow_with_a_data_error_as_postgresql_does(tmp_path: Any) -> None:
    engine: Engine = make_engine(f"sqlite:///{tmp_path / 'overflow.db'}")
    with engine.connect() as conn, pytest.raises(DataError) as raised:
        conn.execute(text("SELECT :value"), {"value": 2**70})
    assert isinstance(raised.value.orig, OverflowError)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT :value"), {"value": 2**62}).scalar_one() == 2**62
    engine.dispose()


def test_a_body_id_past_64_bits_is_a_400_not_a_500(client: TestClient) -> None:
    project = make_project(client)
    response = client.post(
        f"/api/projects/{project['id']}/review/decisions", json={"code_id": 2**70, "action": "accept"}
    )
    assert error_of(response, 400)["code"] == "invalid_input"
