"""Multi-select closed questions: each choice in a cell is counted, as a share of the respondents."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient

from app.sources.choices import split_choices
from tests.factories import make_project, upload

# "Channels" holds several choices per cell (";"), "Tools" is Google Forms' ", " and "Verdict" is one
# choice with a comma in it.
SURVEY = (
    b"Respondent ID,Channels,Tools,Verdict,What made you start looking?\n"
    b'R1,Email; Slack; Phone,"Jira, Notion",Yes,Our old CRM kept losing follow-up reminders every week.\n'
    b'R2,Email,"Notion, Trello","Yes, definitely",Spreadsheets stopped working once we hired a second rep.\n'
    b'R3,Slack; Email,Jira,"Yes, definitely",The forecast was a guess and my boss noticed it.\n'
    b'R4,,"Trello, Jira, Notion",No,We lost a renewal because nobody saw the date coming.\n'
)


def _survey(client: TestClient) -> tuple[int, dict[str, dict[str, Any]], dict[int, str]]:
    project = make_project(client, "Multi-select")
    response = upload(client, project["id"], "survey.csv", SURVEY)
    assert response.status_code == 201, response.text
    source_id = response.json()["source"]["id"]
    questions = client.get(f"/api/sources/{source_id}/closed-questions").json()
    people = client.get(f"/api/projects/{project['id']}/participants").json()["items"]
    return source_id, {q["column_name"]: q for q in questions}, {p["id"]: p["display_name"] for p in people}


def _options(question: dict[str, Any]) -> list[tuple[str, int, float]]:
    return [(o["label"], o["count"], o["percent"]) for o in question["options"]]


def test_each_choice_of_a_multi_select_cell_counts_as_a_share_of_respondents(client: TestClient) -> None:
    _, questions, names = _survey(client)

    channels = questions["Channels"]
    assert channels["multi_select"] is True
    assert (channels["answered"], channels["blank"]) == (3, 1)
    assert _options(channels) == [("Email", 3, 100.0), ("Slack", 2, 66.7), ("Phone", 1, 33.3)]
    slack = next(o for o in channels["options"] if o["label"] == "Slack")
    assert sorted(names[i] for i in slack["participant_ids"]) == ["Respondent R1", "Respondent R3"]
    tools = questions["Tools"]
    assert tools["multi_select"] is True
    assert _options(tools) == [("Jira", 3, 75.0), ("Notion", 3, 75.0), ("Trello", 2, 50.0)]


def test_a_single_choice_with_a_comma_stays_one_option(client: TestClient) -> None:
    _, questions, _ = _survey(client)

    verdict = questions["Verdict"]
    assert verdict["multi_select"] is False
    assert _options(verdict) == [("Yes, definitely", 2, 50.0), ("No", 1, 25.0), ("Yes", 1, 25.0)]


def test_the_page_says_respondents_could_pick_several_and_who_chose_works_per_option(
    client: TestClient,
) -> None:
    source_id, _, _ = _survey(client)

    page = client.get(f"/sources/{source_id}").text
    assert page.count("multi-select: respondents could pick several") == 2

    chose = client.get(f"/sources/{source_id}", params={"closed": "Channels", "choice": "Slack"}).text
    assert "2 respondents" in chose
    assert "losing follow-up reminders" in chose and "The forecast was a guess" in chose
    assert "Spreadsheets stopped working" not in chose  # R2 chose Email only


def test_the_csv_export_counts_each_choice(client: TestClient) -> None:
    source_id, _, _ = _survey(client)

    response = client.get(f"/api/sources/{source_id}/closed-questions.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    channels = [(r["option"], r["count"]) for r in rows if r["question"] == "Channels"]
    assert channels == [("Email", "3"), ("Slack", "2"), ("Phone", "1"), ("(blank)", "1")]


def test_split_choices_needs_recurring_parts() -> None:
    assert split_choices(["Email; Slack", "Slack; Phone", "Email"]) == [
        ["Email", "Slack"],
        ["Slack", "Phone"],
        ["Email"],
    ]
    assert split_choices(["Email, Slack", "Slack, Phone", "Email"]) == [
        ["Email", "Slack"],
        ["Slack", "Phone"],
        ["Email"],
    ]
    # One cell with a separator is not enough to tell.
    assert split_choices(["Email; Slack", "Email", "Slack"]) is None
    # ", " inside single choices: "definitely" and "never" are no answers of their own.
    assert split_choices(["Yes, definitely", "No, never", "Yes", "Yes, definitely", "No"]) is None
    # Decimal commas are numbers, not choices.
    assert split_choices(["3,5", "4,5", "3", "5"]) is None
    assert split_choices(["Pro", "Free", "Pro"]) is None
