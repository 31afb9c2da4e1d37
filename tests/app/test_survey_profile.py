"""A survey's profile columns (role, company size, industry) fill the respondents' profile fields."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.participants.models import CommitteeRole, Participant
from app.participants.profile import fill_profile
from tests.factories import make_project, upload

SURVEY = (
    b"Respondent ID,What is your role?,Company size,Industry,Country,What made you start looking?\n"
    b"R1,Sales manager,11-50,Logistics,Germany,Our old CRM kept losing follow-up reminders.\n"
    b"R2,Buyer,1-10,Retail,Ireland,Spreadsheets stopped working once we hired a second rep.\n"
)


def test_survey_profile_columns_reach_the_participants_fields(client: TestClient) -> None:
    project = make_project(client, "Survey profile")
    assert upload(client, project["id"], "survey.csv", SURVEY).status_code == 201

    people = {p["display_name"]: p for p in client.get(f"/api/projects/{project['id']}/participants").json()["items"]}

    manager, buyer = people["Respondent R1"], people["Respondent R2"]
    assert (manager["job_title"], manager["company_size"], manager["sector"]) == (
        "Sales manager",
        "11-50",
        "Logistics",
    )
    assert (buyer["job_title"], buyer["committee_role"], buyer["company_size"]) == (None, "buyer", "1-10")
    assert manager["attributes"]["Country"] == "Germany"
    assert manager["attributes"]["What is your role?"] == "Sales manager"  # still an attribute too


def test_fields_already_set_are_kept_and_unknown_columns_ignored() -> None:
    participant = Participant(project_id=1, display_name="Dana", job_title="Head of Ops")

    fill_profile(
        participant, {"Job_Title": "Founder", "Role": "Purchasing manager", "Plan": "Pro", "Employees": ""}
    )

    assert participant.job_title == "Head of Ops"
    assert participant.committee_role is CommitteeRole.PURCHASING_MANAGER
    assert participant.company_size is None


def test_a_title_column_is_not_taken_for_a_job_title() -> None:
    participant = Participant(project_id=1, display_name="Dana")

    fill_profile(participant, {"Title": "Ms", "Number of employees": "51-200"})

    assert (participant.job_title, participant.company_size) == (None, "51-200")
