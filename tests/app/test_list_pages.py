"""Participants, sources and the audit log page like every other list: `{items, total, page, page_size}`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from tests.conftest import client_for
from tests.factories import FINANCE_LINES, interview, make_project, upload


def test_participants_come_a_page_at_a_time_with_the_total(client: TestClient) -> None:
    project = make_project(client, "Many people")
    url = f"/api/projects/{project['id']}/participants"
    for n in range(1, 8):
        assert client.post(url, json={"display_name": f"Person {n}"}).status_code == 201

    first = client.get(url, params={"page_size": 5}).json()
    second = client.get(url, params={"page": 2, "page_size": 5}).json()

    assert (first["total"], first["page"], first["page_size"]) == (7, 1, 5)
    assert [p["display_name"] for p in first["items"]] == [f"Person {n}" for n in range(1, 6)]
    assert [p["display_name"] for p in second["items"]] == ["Person 6", "Person 7"]
    assert second["total"] == 7


def test_the_audit_log_comes_a_page_at_a_time_with_the_total(
    app: FastAPI, db: Engine, client: TestClient
) -> None:
    project = make_project(client, "Busy team")
    members = f"/api/projects/{project['id']}/members"
    with client_for(app, db, "rita@example.com"):
        user_id = client.post(members, json={"email": "rita@example.com", "role": "viewer"}).json()["user_id"]
    for role in ("researcher", "viewer", "researcher"):
        assert client.patch(f"{members}/{user_id}", json={"role": role}).status_code == 200
    assert client.delete(f"{members}/{user_id}").status_code == 204
    url = f"/api/projects/{project['id']}/audit"

    first = client.get(url, params={"page_size": 2}).json()
    last = client.get(url, params={"page": 3, "page_size": 2}).json()
    page = client.get(f"/projects/{project['id']}/audit", params={"page_size": 2}).text
    past = client.get(f"/projects/{project['id']}/audit", params={"page": 9, "page_size": 2}).text

    assert (first["total"], first["page"], first["page_size"]) == (5, 1, 2)
    assert [e["action"] for e in first["items"]] == ["member.remove", "member.role"]
    assert [e["action"] for e in last["items"]] == ["member.add"]
    assert "Page 1 of 3 \u00b7 5 events in all" in page and "?page=2&page_size=2" in page
    assert "Page 9 is past the end" in past


def _three_sources(client: TestClient) -> dict[str, Any]:
    project = make_project(client, "Three interviews")
    for n in range(3):
        data = interview(f"Fay{n}", FINANCE_LINES[:2], variant=n * 10)
        assert upload(client, project["id"], f"fin{n}.txt", data).status_code == 201
    return project


def test_sources_come_a_page_at_a_time_with_the_total(client: TestClient) -> None:
    project = _three_sources(client)
    url = f"/api/projects/{project['id']}/sources"

    first = client.get(url, params={"page_size": 2}).json()
    second = client.get(url, params={"page": 2, "page_size": 2}).json()
    default = client.get(url).json()

    assert (first["total"], first["page"], first["page_size"]) == (3, 1, 2)
    assert [s["filename"] for s in first["items"]] == ["fin0.txt", "fin1.txt"]
    assert [s["filename"] for s in second["items"]] == ["fin2.txt"]
    assert (default["total"], default["page_size"], len(default["items"])) == (3, 50, 3)


def test_the_project_page_lists_its_sources_a_page_at_a_time(client: TestClient) -> None:
    project = _three_sources(client)
    url = f"/projects/{project['id']}"

    second = client.get(url, params={"page": 2, "page_size": 2}).text
    past = client.get(url, params={"page": 9, "page_size": 2}).text

    assert "fin2.txt" in second and "fin0.txt" not in second
    assert "Page 2 of 2 \u00b7 3 sources in all" in second and "?page=1&page_size=2" in second
    assert "Page 9 is past the end" in past and "Nothing imported yet" not in past
