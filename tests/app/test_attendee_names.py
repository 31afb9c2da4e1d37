"""A Teams guest ("Marco Rossi (Guest)") is the same participant as "Marco Rossi" in another file."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import make_project, upload

TEAMS = b"""WEBVTT

00:00:00.000 --> 00:00:05.000
<v Lena Berg>Tell me about the day you decided to switch.</v>

00:00:05.000 --> 00:00:12.000
<v Marco Rossi (Guest)>Our finance team could not reconcile the pipeline with the invoices.</v>
"""
FOLLOW_UP = b"Lena Berg: What happened next?\nMarco Rossi: We moved the whole sales team in one weekend.\n"


def test_a_teams_guest_and_the_same_name_elsewhere_are_one_participant(client: TestClient) -> None:
    project = make_project(client, "Teams guest")
    for filename, data in (("teams.vtt", TEAMS), ("follow-up.txt", FOLLOW_UP)):
        assert upload(client, project["id"], filename, data).status_code == 201

    people = client.get(f"/api/projects/{project['id']}/participants").json()

    assert [(p["display_name"], p["utterance_count"]) for p in people] == [("Marco Rossi", 2)]
    speakers = client.get(f"/api/projects/{project['id']}/sources").json()[0]["id"]
    labels = {s["label"]: s["role"] for s in client.get(f"/api/sources/{speakers}/speakers").json()}
    assert labels == {"Lena Berg": "interviewer", "Marco Rossi (Guest)": "respondent"}
