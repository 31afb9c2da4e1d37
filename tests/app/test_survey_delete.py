"""Deleting a survey takes back the attributes it added to participants who remain, and only those."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.factories import make_project, upload

INTERVIEW = b"Interviewer: How did it start?\nDana Lee: Our spreadsheet broke every Monday morning.\n"
SURVEY = (
    b"Name,Plan,Role,Region,What made you start looking?\n"
    b"Dana Lee,Pro,Head of sales,EU,The forecast was a guess and my boss noticed it.\n"
    b"Sam Ortiz,Free,Founder,US,We lost a renewal because nobody saw the date coming.\n"
)


def _people(client: TestClient, project_id: int) -> dict[str, dict[str, Any]]:
    return {p["display_name"]: p for p in client.get(f"/api/projects/{project_id}/participants").json()["items"]}


def test_deleting_a_survey_keeps_only_the_attributes_held_before_it(client: TestClient) -> None:
    project = make_project(client, "Delete survey")
    dana = client.post(
        f"/api/projects/{project['id']}/participants",
        json={"display_name": "Dana Lee", "attributes": {"Role": "Founder", "Region": "EU"}},
    )
    assert dana.status_code == 201, dana.text
    assert upload(client, project["id"], "interview.txt", INTERVIEW).status_code == 201
    survey = upload(client, project["id"], "survey.csv", SURVEY)
    assert survey.status_code == 201, survey.text
    assert _people(client, project["id"])["Dana Lee"]["attributes"] == {
        "Role": "Founder", "Region": "EU", "Plan": "Pro", "Role (survey.csv)": "Head of sales"
    }  # fmt: skip

    assert client.delete(f"/api/sources/{survey.json()['source']['id']}").status_code == 200

    people = _people(client, project["id"])
    assert set(people) == {"Dana Lee"}  # Sam came with the survey and goes with it
    assert people["Dana Lee"]["attributes"] == {"Role": "Founder", "Region": "EU"}


def test_deleting_a_second_wave_keeps_the_first_waves_answers(client: TestClient) -> None:
    project = make_project(client, "Delete wave")
    assert upload(client, project["id"], "wave1.csv", SURVEY).status_code == 201
    second = upload(client, project["id"], "wave2.csv", SURVEY.replace(b"Pro", b"Team"))
    assert second.status_code == 201, second.text
    assert _people(client, project["id"])["Dana Lee"]["attributes"]["Plan (wave2.csv)"] == "Team"

    assert client.delete(f"/api/sources/{second.json()['source']['id']}").status_code == 200

    people = _people(client, project["id"])
    assert people["Dana Lee"]["attributes"] == {"Plan": "Pro", "Role": "Head of sales", "Region": "EU"}
    assert people["Sam Ortiz"]["attributes"] == {"Plan": "Free", "Role": "Founder", "Region": "US"}


DUP_A = b"Name,Plan,Region,What slowed you down?\nMax Rue,Free,EU,The permissions model confused admins.\n"
DUP_B = b"Name,Plan,Region,What would you tell a peer?\nMax Rue,Team,EU,Setup takes a day but pays off.\n"


def test_deleting_the_first_survey_gives_the_second_its_answer_back(client: TestClient) -> None:
    project = make_project(client, "Delete first wave")
    first = upload(client, project["id"], "dupA.csv", DUP_A)
    assert first.status_code == 201, first.text
    second = upload(client, project["id"], "dupB.csv", DUP_B)
    assert second.status_code == 201, second.text
    assert _people(client, project["id"])["Max Rue"]["attributes"]["Plan (dupB.csv)"] == "Team"
    # Max is interviewed too, so he stays when both surveys are gone.
    interview = INTERVIEW.replace(b"Dana Lee", b"Max Rue")
    assert upload(client, project["id"], "max.txt", interview).status_code == 201

    assert client.delete(f"/api/sources/{first.json()['source']['id']}").status_code == 200

    assert _people(client, project["id"])["Max Rue"]["attributes"] == {"Plan": "Team", "Region": "EU"}
    # The answers kept are the second survey's now: deleting it takes them back.
    assert client.delete(f"/api/sources/{second.json()['source']['id']}").status_code == 200
    assert _people(client, project["id"])["Max Rue"]["attributes"] == {}


def test_an_answer_edited_by_hand_is_not_moved(client: TestClient) -> None:
    project = make_project(client, "Delete edited")
    first = upload(client, project["id"], "dupA.csv", DUP_A)
    assert upload(client, project["id"], "dupB.csv", DUP_B).status_code == 201
    max_rue = _people(client, project["id"])["Max Rue"]
    edited = {**max_rue["attributes"], "Plan (dupB.csv)": "Enterprise"}
    patched = client.patch(f"/api/participants/{max_rue['id']}", json={"attributes": edited})
    assert patched.status_code == 200, patched.text

    assert client.delete(f"/api/sources/{first.json()['source']['id']}").status_code == 200

    assert _people(client, project["id"])["Max Rue"]["attributes"] == {
        "Plan (dupB.csv)": "Enterprise", "Region": "EU"
    }  # fmt: skip
