"""A Teams guest ("Marco Rossi (Guest)") is the same participant as "Marco Rossi" in another file."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.participants.models import Participant
from app.projects.models import Project
from app.sources.redaction import ProjectRedaction
from nlp.ingest.speakers import bare_name
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

    people = client.get(f"/api/projects/{project['id']}/participants").json()["items"]

    assert [(p["display_name"], p["utterance_count"]) for p in people] == [("Marco Rossi", 2)]
    speakers = client.get(f"/api/projects/{project['id']}/sources").json()["items"][0]["id"]
    labels = {s["label"]: s["role"] for s in client.get(f"/api/sources/{speakers}/speakers").json()}
    assert labels == {"Lena Berg": "interviewer", "Marco Rossi (Guest)": "respondent"}


def _hand_made(client: TestClient, project_id: int, name: str) -> None:
    response = client.post(f"/api/projects/{project_id}/participants", json={"display_name": name})
    assert response.status_code == 201, response.text


def _names(client: TestClient, project_id: int) -> list[tuple[str, int]]:
    people = client.get(f"/api/projects/{project_id}/participants").json()["items"]
    return sorted((p["display_name"], p["utterance_count"]) for p in people)


def test_a_participant_stored_with_an_attendee_note_is_found_by_the_bare_name(client: TestClient) -> None:
    # Stored before attendee notes were left out of names (or written so by hand).
    project = make_project(client, "Legacy guest")
    for name in ("Marco Rossi (Guest)", "Dana Kim (she/her)", "Tom Becker (Netflix)"):
        _hand_made(client, project["id"], name)
    follow_up = FOLLOW_UP + b"Dana Kim: The invoices matched for the first time.\nTom Becker: We were on the trial.\n"
    assert upload(client, project["id"], "follow-up.txt", follow_up).status_code == 201

    # "(Netflix)" says where Tom works, not how he attended: that Tom Becker may be someone else.
    assert _names(client, project["id"]) == [
        ("Dana Kim (she/her)", 1), ("Marco Rossi (Guest)", 1), ("Tom Becker", 1), ("Tom Becker (Netflix)", 0)
    ]  # fmt: skip


def test_a_legacy_guest_is_found_by_keyed_hash_with_redaction(client: TestClient, db: Engine) -> None:
    project = make_project(client, "Legacy guest, redacted")
    client.patch(f"/api/projects/{project['id']}", json={"redact_on_import": True})
    assert upload(client, project["id"], "teams.vtt", TEAMS).status_code == 201
    with Session(db) as session:  # as the store hashed the name before attendee notes were left out
        project_row = session.get(Project, project["id"])
        assert project_row is not None
        participant = session.exec(select(Participant).where(Participant.project_id == project["id"])).one()
        participant.name_hash = ProjectRedaction(project_row, []).name_hash("Marco Rossi (Guest)")
        session.add(participant)
        session.commit()

    assert upload(client, project["id"], "follow-up.txt", FOLLOW_UP).status_code == 201

    assert _names(client, project["id"]) == [("Participant 1", 2)]


def test_bare_name_leaves_out_attendee_status_and_pronouns_only() -> None:
    assert bare_name("Marco Rossi (Guest)") == "Marco Rossi"
    assert bare_name(" Ana Lima (EXTERNAL) ") == "Ana Lima"
    assert bare_name("Dana Kim (she/her)") == "Dana Kim"
    assert bare_name("Sam Ortiz (they / them)") == "Sam Ortiz"
    assert bare_name("Tom Becker (Netflix)") == "Tom Becker (Netflix)"
    assert bare_name("Interviewee (P1)") == "Interviewee (P1)"
    assert bare_name("(Guest)") == "(Guest)"
