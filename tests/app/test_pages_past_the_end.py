"""A page number past the end of a list says so; it never claims the list is empty."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import PANEL_TRANSCRIPT, make_project, upload

PAST_THE_END = "is past the end"


def test_lists_past_their_last_page_say_so_instead_of_claiming_to_be_empty(client: TestClient) -> None:
    project = make_project(client)
    assert upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).status_code == 201
    participant = client.get(f"/api/projects/{project['id']}/participants").json()["items"][0]
    started = client.post(
        f"/api/projects/{project['id']}/interviews",
        json={"participant_id": participant["id"], "template_id": "switch"},
    ).json()
    client.put(
        f"/api/interviews/{started['id']}/answers/scene-what-bought",
        json={"text": "We bought a CRM.", "quotes": ["We bought a CRM."], "revision": 1},
    )
    assert client.post(f"/api/interviews/{started['id']}/finish").status_code == 200
    pages = {
        f"/projects/{project['id']}/participants?page=99": "No participants yet",
        f"/participants/{participant['id']}?page=99": "No utterances are linked",
        f"/projects/{project['id']}/interviews?page=99": "No interviews yet",
        f"/projects/{project['id']}/highlights?page=99": "No highlights yet",
    }
    for url, empty_text in pages.items():
        page = client.get(url)
        assert page.status_code == 200, url
        assert PAST_THE_END in page.text, url
        assert empty_text not in page.text, url
