"""Deleting the sources a participant is in removes them with the last one, in whichever order the sources
go, unless a researcher made or edited them."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import make_project, upload

SURVEY = (
    b"Name,Plan,What made you start looking?\nMax Rue,Pro,The forecast was a guess and my boss noticed.\n"
)
INTERVIEW = b"Interviewer: How did it start?\nMax Rue: Our spreadsheet broke every Monday morning.\n"
FILES = {"survey": ("max.csv", SURVEY), "interview": ("max.txt", INTERVIEW)}


def _upload(client: TestClient, project_id: int, kind: str) -> int:
    response = upload(client, project_id, *FILES[kind])
    assert response.status_code == 201, response.text
    return int(response.json()["source"]["id"])


def _people(client: TestClient, project_id: int) -> dict[str, dict[str, Any]]:
    return {p["display_name"]: p for p in client.get(f"/api/projects/{project_id}/participants").json()["items"]}


def _delete(client: TestClient, source_id: int) -> str:
    """Delete from the source's page; the project page it lands on, with the deletion note."""
    deleted = client.post(f"/sources/{source_id}/delete")
    assert deleted.status_code == 200, deleted.text
    return deleted.text


@pytest.mark.parametrize("first_kind", ["survey", "interview"])
@pytest.mark.parametrize("creator_goes_first", [True, False])
def test_a_participant_goes_with_the_last_source_they_are_in(
    client: TestClient, first_kind: str, creator_goes_first: bool
) -> None:
    project = make_project(client, f"Last source {first_kind} {creator_goes_first}")
    second_kind = "interview" if first_kind == "survey" else "survey"
    creator = _upload(client, project["id"], first_kind)  # brings Max in
    matcher = _upload(client, project["id"], second_kind)  # finds Max again
    order = [(creator, first_kind), (matcher, second_kind)]
    (gone_first, _), (gone_last, last_kind) = order if creator_goes_first else order[::-1]

    assert "1 kept because it appears in other sources" in _delete(client, gone_first)
    assert "Max Rue" in _people(client, project["id"])

    who = "respondent" if last_kind == "survey" else "participant"
    assert f"1 {who} removed" in _delete(client, gone_last)
    assert _people(client, project["id"]) == {}


def test_a_participant_made_by_hand_stays_when_their_sources_go(client: TestClient) -> None:
    project = make_project(client, "Hand made stays")
    made = client.post(f"/api/projects/{project['id']}/participants", json={"display_name": "Max Rue"})
    assert made.status_code == 201, made.text
    survey, interview = _upload(client, project["id"], "survey"), _upload(client, project["id"], "interview")

    _delete(client, survey)
    assert "1 kept because it was in the project before it" in _delete(client, interview)

    assert _people(client, project["id"])["Max Rue"]["id"] == made.json()["id"]


@pytest.mark.parametrize("edit_by", ["form", "roster"])
def test_a_participant_edited_by_hand_stays_when_their_sources_go(client: TestClient, edit_by: str) -> None:
    project = make_project(client, f"Edited stays {edit_by}")
    survey, interview = _upload(client, project["id"], "survey"), _upload(client, project["id"], "interview")
    max_rue = _people(client, project["id"])["Max Rue"]
    if edit_by == "form":
        edited = client.patch(f"/api/participants/{max_rue['id']}", json={"job_title": "Head of sales"})
    else:
        roster = b"name,job_title\nMax Rue,Head of sales\n"
        edited = client.post(
            f"/api/projects/{project['id']}/participants/roster", files={"file": ("roster.csv", roster)}
        )
    assert edited.status_code == 200, edited.text

    _delete(client, interview)  # the survey that brought Max in goes last
    assert "1 kept because a researcher edited it" in _delete(client, survey)

    assert _people(client, project["id"])["Max Rue"]["job_title"] == "Head of sales"


def test_an_edit_that_changes_nothing_does_not_keep_a_participant(client: TestClient) -> None:
    project = make_project(client, "Unchanged edit")
    survey = _upload(client, project["id"], "survey")
    max_rue = _people(client, project["id"])["Max Rue"]
    same = client.patch(f"/api/participants/{max_rue['id']}", json={"display_name": "Max Rue"})
    assert same.status_code == 200, same.text

    assert "1 respondent removed" in _delete(client, survey)
    assert _people(client, project["id"]) == {}


def test_a_participant_with_a_live_interview_draft_stays_and_so_does_the_draft(client: TestClient) -> None:
    project = make_project(client, "Draft stays")
    survey = _upload(client, project["id"], "survey")
    max_rue = _people(client, project["id"])["Max Rue"]
    started = client.post(
        f"/api/projects/{project['id']}/interviews",
        json={"participant_id": max_rue["id"], "title": "Max, follow-up", "template_id": "switch"},
    )
    assert started.status_code == 201, started.text
    draft = started.json()["id"]
    typed = client.put(
        f"/api/interviews/{draft}/answers/first-thought-when",
        json={"text": "When the forecast was wrong again.", "notes": "", "quotes": [], "revision": 1},
    )
    assert typed.status_code == 200, typed.text

    assert "0 respondents removed" in _delete(client, survey)

    assert "Max Rue" in _people(client, project["id"])
    kept = client.get(f"/api/interviews/{draft}")
    assert kept.status_code == 200, kept.text
    assert kept.json()["answers"]["first-thought-when"]["text"] == "When the forecast was wrong again."
