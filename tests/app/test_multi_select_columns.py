"""Multi-select questions exported one column per option (Qualtrics "Q5_1, Q5_2", SurveyMonkey's blank
headers over a row of options) are one closed question that counts each option."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.factories import make_project, upload

# Q3 is a multi-select (one value per column: the option, or "1"); Q4 a matrix rated 1-5 (stays apart).
QUALTRICS = (
    b"ResponseId,Q3_1,Q3_2,Q3_3,Q4_1,Q4_2,Q6\n"
    b"Response ID,Which channels do you use? - Email,Which channels do you use? - Slack,"
    b"Which channels do you use? - Phone,Rate us - Price,Rate us - Support,What made you start looking?\n"
    b'"{""ImportId"":""_recordId""}","{""ImportId"":""QID3_1""}","{""ImportId"":""QID3_2""}",'
    b'"{""ImportId"":""QID3_3""}","{""ImportId"":""QID4_1""}","{""ImportId"":""QID4_2""}",'
    b'"{""ImportId"":""QID6_TEXT""}"\n'
    b"R_1,Email,Slack,,4,5,Our spreadsheet fell apart when the team doubled in size.\n"
    b"R_2,Email,,1,2,3,A customer complained to our CEO about a wrong delivery.\n"
    b"R_3,,Slack,,5,4,The forecast meeting took the whole morning every Monday.\n"
    b"R_4,,,,3,3,We lost a renewal because nobody saw the date coming.\n"
)
SURVEYMONKEY = (
    b"Respondent ID,Collector ID,Start Date,End Date,Which channels do you use?,,,Plan,"
    b"What made you start looking?\n"
    b",,,,Email,Slack,Phone,Response,Open-Ended Response\n"
    b"101,9,2026-11-01,2026-11-01,Email,Slack,,Pro,Our spreadsheet fell apart when the team doubled in size.\n"
    b"102,9,2026-11-01,2026-11-01,Email,,Phone,Free,A customer complained to our CEO about a wrong delivery.\n"
    b"103,9,2026-11-01,2026-11-01,,Slack,,Pro,The forecast meeting took the whole morning every Monday.\n"
)


def _questions(client: TestClient, filename: str, data: bytes) -> tuple[int, dict[str, dict[str, Any]]]:
    project = make_project(client, filename)
    response = upload(client, project["id"], filename, data)
    assert response.status_code == 201, response.text
    source_id = response.json()["source"]["id"]
    questions = client.get(f"/api/sources/{source_id}/closed-questions").json()
    return source_id, {q["column_name"]: q for q in questions}


def _options(question: dict[str, Any]) -> list[tuple[str, int, float]]:
    return [(o["label"], o["count"], o["percent"]) for o in question["options"]]


def test_qualtrics_option_columns_are_one_multi_select_question(client: TestClient) -> None:
    _, questions = _questions(client, "qualtrics.csv", QUALTRICS)

    assert set(questions) == {"Q3", "Q4_1", "Q4_2"}
    channels = questions["Q3"]
    assert channels["text"] == "Which channels do you use?"
    assert channels["multi_select"] is True
    assert (channels["answered"], channels["blank"]) == (3, 1)
    assert _options(channels) == [("Email", 2, 66.7), ("Slack", 2, 66.7), ("Phone", 1, 33.3)]
    assert questions["Q4_1"]["multi_select"] is False


def test_surveymonkey_option_columns_are_one_multi_select_question(client: TestClient) -> None:
    source_id, questions = _questions(client, "monkey.csv", SURVEYMONKEY)

    assert set(questions) == {"Which channels do you use?", "Plan"}
    channels = questions["Which channels do you use?"]
    assert channels["multi_select"] is True
    assert _options(channels) == [("Email", 2, 66.7), ("Slack", 2, 66.7), ("Phone", 1, 33.3)]
    assert _options(questions["Plan"]) == [("Pro", 2, 66.7), ("Free", 1, 33.3)]
    phone = client.get(
        f"/sources/{source_id}", params={"closed": "Which channels do you use?", "choice": "Phone"}
    ).text
    assert "A customer complained" in phone and "The forecast meeting" not in phone


# Q5_4_TEXT is what respondents typed for "Other": an open question "<question> (Other)", first in the file
# but listed after the survey's own open question.
QUALTRICS_OTHER = (
    b"ResponseId,Q5_1,Q5_2,Q5_4,Q5_4_TEXT,Q6\n"
    b"Response ID,Tools? - Selected Choice - Email,Tools? - Selected Choice - Slack,"
    b"Tools? - Selected Choice - Other,Tools? - Other - Text,What made you start looking?\n"
    b'"{""ImportId"":""_recordId""}","{""ImportId"":""QID5_1""}","{""ImportId"":""QID5_2""}",'
    b'"{""ImportId"":""QID5_4""}","{""ImportId"":""QID5_4_TEXT""}","{""ImportId"":""QID6_TEXT""}"\n'
    b"R_1,Email,,Other,A carrier pigeon we keep on the roof of the office.,"
    b"Our spreadsheet fell apart when the team doubled in size.\n"
    b"R_2,,Slack,,,A customer complained to our CEO about a wrong delivery.\n"
)


def test_the_survey_page_opens_on_a_question_not_on_typed_other_text(client: TestClient) -> None:
    source_id, _ = _questions(client, "other.csv", QUALTRICS_OTHER)
    page = client.get(f"/sources/{source_id}")
    assert page.status_code == 200
    assert "<h2>What made you start looking?</h2>" in page.text
    assert "<h2>Tools? (Other)</h2>" not in page.text


# Typed text for an option not called "Other" ("Tools? (Team name)"), first in the file: the page still opens
# on the survey's own open question, by the parser's order, whatever the typed column's title says.
QUALTRICS_TYPED = QUALTRICS_OTHER.replace(b"Tools? - Other - Text", b"Tools? - Team name - Text")


def test_the_survey_page_opens_on_the_surveys_own_question_whatever_the_typed_text_is_called(
    client: TestClient,
) -> None:
    source_id, _ = _questions(client, "typed.csv", QUALTRICS_TYPED)
    listed = client.get(f"/api/sources/{source_id}/questions").json()
    assert [q["text"] for q in listed] == ["What made you start looking?", "Tools? (Team name)"]
    page = client.get(f"/sources/{source_id}")
    assert "<h2>What made you start looking?</h2>" in page.text
    assert "<h2>Tools? (Team name)</h2>" not in page.text
