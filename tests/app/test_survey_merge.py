"""Survey respondents who are participants already (a roster, an interview, an earlier wave): their closed
answers are kept, counted by the survey that gave them, and the upload result says they were matched."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.participants.models import Participant
from app.participants.profile import merge_answers
from tests.factories import make_project, upload

WAVE_1 = (
    b"Respondent ID,Plan,Satisfaction,What made you start looking?\n"
    b"R1,Free,Satisfied,Our old CRM kept losing follow-up reminders every week.\n"
    b"R2,Pro,Neutral,Spreadsheets stopped working once we hired a second rep.\n"
)
# R1 moved to Pro; R2 gives the same plan and no open answer; R3 is new.
WAVE_2 = (
    b"Respondent ID,Plan,Satisfaction,What made you start looking?\n"
    b"R1,Pro,Very satisfied,The forecast was a guess and my boss noticed it.\n"
    b"R2,Pro,,\n"
    b"R3,Team,Satisfied,Two reps kept calling the same lead and it looked bad.\n"
)
INTERVIEW = b"Interviewer: How did it start?\nDana Lee: Our spreadsheet broke every Monday morning.\n"
NAMED_SURVEY = (
    b"Name,Plan,What made you start looking?\n"
    b"Dana Lee,Pro,\n"
    b"Sam Ortiz,Free,We lost a renewal because nobody saw the date coming.\n"
)


def _source(client: TestClient, project_id: int, filename: str, data: bytes) -> dict[str, Any]:
    response = upload(client, project_id, filename, data)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _plan(client: TestClient, source_id: int) -> dict[str, Any]:
    questions = client.get(f"/api/sources/{source_id}/closed-questions").json()
    return dict(next(q for q in questions if q["column_name"] == "Plan"))


def _chose(question: dict[str, Any], names: dict[int, str]) -> dict[str, list[str]]:
    return {o["label"]: sorted(names[i] for i in o["participant_ids"]) for o in question["options"]}


def _people(client: TestClient, project_id: int) -> dict[str, dict[str, Any]]:
    return {p["display_name"]: p for p in client.get(f"/api/projects/{project_id}/participants").json()["items"]}


def test_a_second_wave_counts_its_own_answers_and_keeps_the_first_waves(client: TestClient) -> None:
    project = make_project(client, "Waves")
    first = _source(client, project["id"], "wave1.csv", WAVE_1)["source"]["id"]
    second = _source(client, project["id"], "wave2.csv", WAVE_2)
    people = _people(client, project["id"])
    names = {p["id"]: name for name, p in people.items()}

    plan = _plan(client, second["source"]["id"])
    assert (plan["respondents"], plan["answered"], plan["blank"]) == (3, 3, 0)
    assert _chose(plan, names) == {"Pro": ["Respondent R1", "Respondent R2"], "Team": ["Respondent R3"]}
    assert _chose(_plan(client, first), names) == {"Free": ["Respondent R1"], "Pro": ["Respondent R2"]}
    # The first wave's answer stays the attribute; the second wave's different one is kept beside it.
    assert people["Respondent R1"]["attributes"] == {
        "Plan": "Free",
        "Satisfaction": "Satisfied",
        "Plan (wave2.csv)": "Pro",
        "Satisfaction (wave2.csv)": "Very satisfied",
    }
    assert people["Respondent R2"]["attributes"] == {"Plan": "Pro", "Satisfaction": "Neutral"}


def test_the_upload_result_and_the_survey_page_say_who_was_matched(client: TestClient) -> None:
    project = make_project(client, "Waves")
    first = _source(client, project["id"], "wave1.csv", WAVE_1)
    second = _source(client, project["id"], "wave2.csv", WAVE_2)

    assert (first["matched_participants"], second["matched_participants"]) == (0, 2)
    note = second["warnings"][0]
    assert note.startswith("2 respondents were already participants (2 by response ID)")
    assert '"<column> (wave2.csv)"' in note
    assert not any("already" in w for w in first["warnings"])
    assert "2 respondents were already participants" in client.get(f"/sources/{second['source']['id']}").text


def test_the_upload_page_shows_the_note(client: TestClient) -> None:
    project = make_project(client, "Waves")
    _source(client, project["id"], "wave1.csv", WAVE_1)

    page = client.post(f"/projects/{project['id']}/upload", files=[("files", ("wave2.csv", WAVE_2))])

    assert "wave2.csv</strong>: imported as a survey" in page.text
    assert "2 respondents were already participants (2 by response ID)" in page.text


def test_an_interviewee_who_answers_a_survey_gets_its_closed_answers(client: TestClient) -> None:
    project = make_project(client, "Interview, then survey")
    _source(client, project["id"], "dana.txt", INTERVIEW)
    survey = _source(client, project["id"], "named.csv", NAMED_SURVEY)
    people = _people(client, project["id"])
    names = {p["id"]: name for name, p in people.items()}

    assert people["Dana Lee"]["attributes"] == {"Plan": "Pro"}
    # Dana gave no open answer: she is counted all the same.
    assert _chose(_plan(client, survey["source"]["id"]), names) == {
        "Pro": ["Dana Lee"],
        "Free": ["Sam Ortiz"],
    }
    assert survey["matched_participants"] == 1
    assert survey["warnings"][0].startswith("1 respondent was already a participant (1 by name)")


def test_with_redaction_a_respondent_is_matched_by_the_hash_of_their_name(client: TestClient) -> None:
    project = make_project(client, "Private")
    client.patch(f"/api/projects/{project['id']}", json={"redact_on_import": True})
    _source(client, project["id"], "dana.txt", INTERVIEW)
    survey = _source(client, project["id"], "named.csv", NAMED_SURVEY)
    people = _people(client, project["id"])

    assert sorted(people) == ["Participant 1", "Participant 2"]
    assert people["Participant 1"]["attributes"] == {"Plan": "Pro"}
    assert survey["warnings"][0].startswith(
        "1 respondent was already a participant (1 by name; redaction is on, so by a keyed hash of it)"
    )
    plan = _plan(client, survey["source"]["id"])
    assert (plan["respondents"], plan["answered"]) == (2, 2)


def test_deleting_the_first_wave_keeps_the_respondents_of_the_second(client: TestClient) -> None:
    project = make_project(client, "Waves")
    first = _source(client, project["id"], "wave1.csv", WAVE_1)["source"]["id"]
    second = _source(client, project["id"], "wave2.csv", WAVE_2)["source"]["id"]

    assert client.delete(f"/api/sources/{first}").status_code == 200

    plan = _plan(client, second)
    assert (plan["respondents"], plan["answered"]) == (3, 3)  # R2 gave wave 2 no open answer
    assert "Respondent R2" in _people(client, project["id"])


def test_a_row_that_repeats_a_respondent_fills_only_the_blanks_in_the_counts(client: TestClient) -> None:
    project = make_project(client, "Repeats")
    data = (
        b"Respondent ID,Plan,Satisfaction,What made you start looking?\n"
        b"R1,Free,,Our old CRM kept losing follow-up reminders every week.\n"
        b"R1,Pro,Satisfied,Spreadsheets stopped working once we hired a second rep.\n"
    )
    survey = _source(client, project["id"], "repeat.csv", data)
    questions = {
        q["column_name"]: q
        for q in client.get(f"/api/sources/{survey['source']['id']}/closed-questions").json()
    }

    assert survey["matched_participants"] == 0  # the same file twice is not a participant from before
    assert [(o["label"], o["count"]) for o in questions["Plan"]["options"]] == [("Free", 1)]
    assert questions["Satisfaction"]["answered"] == 1 and questions["Plan"]["respondents"] == 1
    person = _people(client, project["id"])["Respondent R1"]
    assert person["attributes"] == {"Plan": "Free", "Satisfaction": "Satisfied", "Plan (repeat.csv)": "Pro"}


def test_merge_answers_never_overwrites_what_is_stored() -> None:
    participant = Participant(project_id=1, display_name="Dana", attributes={"Plan": "Free", "Seats": " "})

    added = merge_answers(
        participant, {"Plan": "Pro", "Seats": "12", "Region": "EU", "Note": ""}, source_label="wave2.csv"
    )
    again = merge_answers(participant, {"Plan": "Team"}, source_label="wave2.csv")

    assert (added, again) == (1, 1)
    assert participant.attributes == {
        "Plan": "Free",
        "Seats": "12",
        "Region": "EU",
        "Plan (wave2.csv)": "Pro",
        "Plan (wave2.csv) 2": "Team",
    }
    assert merge_answers(participant, {"Plan": "Free", "Region": "EU"}, source_label="x.csv") == 0


def test_erasing_a_participant_removes_their_answers_to_every_survey(client: TestClient) -> None:
    project = make_project(client, "Waves")
    first = _source(client, project["id"], "wave1.csv", WAVE_1)["source"]["id"]
    second = _source(client, project["id"], "wave2.csv", WAVE_2)["source"]["id"]
    r1 = _people(client, project["id"])["Respondent R1"]["id"]

    report = client.delete(f"/api/participants/{r1}")

    assert report.status_code == 200, report.text
    assert report.json()["removed"]["survey_responses"] == 2
    assert _plan(client, first)["respondents"] == 1
    assert _plan(client, second)["respondents"] == 2
