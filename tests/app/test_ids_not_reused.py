"""A deleted project, source or participant's id is never given to a new one: a link to it never opens
another record (SQLite without AUTOINCREMENT would reuse the highest id; PostgreSQL never does)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import PANEL_TRANSCRIPT, make_project, upload


def _participant(client: TestClient, project_id: int, name: str) -> int:
    response = client.post(f"/api/projects/{project_id}/participants", json={"display_name": name})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _source(client: TestClient, project_id: int, variant: str) -> int:
    response = upload(
        client, project_id, f"{variant}.txt", PANEL_TRANSCRIPT.replace("sales", variant).encode()
    )
    assert response.status_code == 201, response.text
    return int(response.json()["source"]["id"])


def test_a_new_project_does_not_get_a_deleted_projects_id(client: TestClient) -> None:
    make_project(client, "Kept")
    newest = make_project(client, "Deleted")["id"]
    assert client.delete(f"/api/projects/{newest}").status_code == 204
    assert make_project(client, "Next")["id"] > newest


def test_a_new_source_does_not_get_a_deleted_sources_id(client: TestClient) -> None:
    project = make_project(client)["id"]
    _source(client, project, "ops")
    newest = _source(client, project, "finance")
    assert client.delete(f"/api/sources/{newest}").status_code == 200
    assert _source(client, project, "finance") > newest


def test_a_new_participant_does_not_get_an_erased_participants_id(client: TestClient) -> None:
    project = make_project(client)["id"]
    _participant(client, project, "Kept")
    newest = _participant(client, project, "Erased")
    assert client.delete(f"/api/participants/{newest}").status_code == 200
    assert _participant(client, project, "Erased") > newest
