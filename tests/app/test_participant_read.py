"""One participant read (and edited) through the API carries the utterance count the list shows."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import FINANCE_LINES, interview, make_project, upload


def test_one_participant_reads_with_the_utterance_count_the_list_shows(client: TestClient) -> None:
    project = make_project(client, "Counts")
    response = upload(client, project["id"], "dana.txt", interview("Dana", FINANCE_LINES[:3]))
    assert response.status_code == 201, response.text
    listed = {p["display_name"]: p for p in client.get(f"/api/projects/{project['id']}/participants").json()["items"]}
    dana = listed["Dana"]

    read = client.get(f"/api/participants/{dana['id']}").json()
    edited = client.patch(f"/api/participants/{dana['id']}", json={"job_title": "CFO"}).json()

    assert dana["utterance_count"] > 0
    assert read["utterance_count"] == dana["utterance_count"]
    assert edited["utterance_count"] == dana["utterance_count"]
