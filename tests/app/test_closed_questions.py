"""A survey's closed questions on the survey page, the survey API and a CSV: counts, order, links, NPS."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient
from sqlmodel import Session, delete

from app.sources.models import SurveyClosedQuestion
from tests.factories import make_project, upload

RECOMMEND = "How likely are you to recommend us? (0-10)"
SURVEY = (
    f'Respondent ID,"{RECOMMEND}",Satisfaction,Plan,What made you start looking?\n'
    "R1,10,Very satisfied,Pro,Our old CRM kept losing follow-up reminders every week.\n"
    "R2,9,Satisfied,Pro,Spreadsheets stopped working once we hired a second rep.\n"
    "R3,7,Very dissatisfied,Free,The forecast was a guess and my boss noticed it.\n"
    "R4,3,Satisfied,,We lost a renewal because nobody saw the date coming.\n"
    "R5,,Neutral,Team,Two reps kept calling the same lead and it looked bad.\n"
    "R6,6,Satisfied,Pro,Reporting took my whole Monday morning every single week.\n"
).encode()


def _survey(client: TestClient) -> tuple[dict[str, Any], int]:
    project = make_project(client, "Closed questions")
    response = upload(client, project["id"], "survey.csv", SURVEY)
    assert response.status_code == 201, response.text
    return project, response.json()["source"]["id"]


def _by_column(client: TestClient, source_id: int) -> dict[str, dict[str, Any]]:
    response = client.get(f"/api/sources/{source_id}/closed-questions")
    assert response.status_code == 200, response.text
    return {q["column_name"]: q for q in response.json()}


def _names(client: TestClient, project_id: int) -> dict[int, str]:
    people = client.get(f"/api/projects/{project_id}/participants").json()["items"]
    return {p["id"]: p["display_name"] for p in people}


def test_the_api_counts_each_option_with_blanks_apart_and_scales_in_order(client: TestClient) -> None:
    project, source_id = _survey(client)
    questions = _by_column(client, source_id)
    names = _names(client, project["id"])

    satisfaction = questions["Satisfaction"]
    assert [(o["label"], o["count"]) for o in satisfaction["options"]] == [
        ("Very dissatisfied", 1),
        ("Neutral", 1),
        ("Satisfied", 3),
        ("Very satisfied", 1),
    ]
    plan = questions["Plan"]
    assert [(o["label"], o["count"], o["percent"]) for o in plan["options"]] == [
        ("Pro", 3, 60.0),
        ("Free", 1, 20.0),
        ("Team", 1, 20.0),
    ]
    assert (plan["respondents"], plan["answered"], plan["blank"]) == (6, 5, 1)
    assert [names[i] for i in plan["blank_participant_ids"]] == ["Respondent R4"]
    pro = next(o for o in plan["options"] if o["label"] == "Pro")
    assert sorted(names[i] for i in pro["participant_ids"]) == [
        "Respondent R1",
        "Respondent R2",
        "Respondent R6",
    ]
    assert "What made you start looking?" not in questions  # the open question stays an open question


def test_a_0_to_10_recommend_column_gets_every_step_and_an_nps(client: TestClient) -> None:
    _, source_id = _survey(client)
    recommend = _by_column(client, source_id)[RECOMMEND]

    assert [o["label"] for o in recommend["options"]] == [str(i) for i in range(11)]
    assert {o["label"]: o["count"] for o in recommend["options"] if o["count"]} == {
        "3": 1, "6": 1, "7": 1, "9": 1, "10": 1,
    }  # fmt: skip
    # 2 promoters (9, 10), 1 passive (7), 2 detractors (3, 6) of 5 answers: 40% - 40% = 0.
    assert recommend["nps"] == {"score": 0, "promoters": 2, "passives": 1, "detractors": 2}
    assert recommend["mean"] == 7.0
    assert _by_column(client, source_id)["Satisfaction"]["nps"] is None


def test_the_survey_page_shows_the_distribution_and_links_each_option(client: TestClient) -> None:
    _, source_id = _survey(client)

    page = client.get(f"/sources/{source_id}").text

    assert "Closed questions" in page
    assert "Satisfaction" in page and "NPS +0" in page
    assert page.index(">Very dissatisfied<") < page.index(">Neutral<") < page.index(">Very satisfied<")
    assert f"closed=Satisfaction&choice={quote('Very satisfied')}" in page.replace("&amp;", "&")
    assert "closed=Plan&blank=true" in page.replace("&amp;", "&")
    assert f"/api/sources/{source_id}/closed-questions.csv" in page


def test_an_option_link_shows_who_chose_it_and_only_their_open_answers(client: TestClient) -> None:
    _, source_id = _survey(client)

    page = client.get(f"/sources/{source_id}", params={"closed": "Plan", "choice": "Pro"}).text

    assert "3 respondents" in page
    assert "Respondent R1" in page and "Respondent R6" in page
    assert "losing follow-up reminders" in page and "Reporting took my whole Monday" in page
    assert "The forecast was a guess" not in page  # R3 chose Free
    blank = client.get(f"/sources/{source_id}", params={"closed": "Plan", "blank": "true"}).text
    assert "1 respondent<" in blank and "We lost a renewal" in blank and "losing follow-up" not in blank


def test_the_csv_export_has_one_row_per_option_and_the_blanks(client: TestClient) -> None:
    _, source_id = _survey(client)

    response = client.get(f"/api/sources/{source_id}/closed-questions.csv")

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    plan = [(r["option"], r["count"], r["percent_of_answered"]) for r in rows if r["question"] == "Plan"]
    assert plan == [("Pro", "3", "60.0"), ("Free", "1", "20.0"), ("Team", "1", "20.0"), ("(blank)", "1", "")]


def test_an_interview_has_no_closed_questions(client: TestClient) -> None:
    project = make_project(client, "Interview")
    text = b"Interviewer: How did it start?\nDana: Our spreadsheet broke every Monday morning.\n"
    source = upload(client, project["id"], "dana.txt", text).json()["source"]

    assert client.get(f"/api/sources/{source['id']}/closed-questions").json() == []


QUALTRICS = (
    b"ResponseId,Q1,Q5,Q5_NPS_GROUP,Q6\n"
    b"Response ID,How often do you ship?,How likely are you to recommend us to a friend?,Q5 - Group,"
    b"What made you start looking?\n"
    b'"{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}","{""ImportId"":""QID5""}",'
    b'"{""ImportId"":""QID5_NPS_GROUP""}","{""ImportId"":""QID6_TEXT""}"\n'
    b"R_1,Weekly,10,Promoter,Our spreadsheet fell apart when the team doubled in size.\n"
    b"R_2,Daily,2,Detractor,A customer complained to our CEO about a wrong delivery.\n"
    b"R_3,Weekly,9,Promoter,The forecast meeting took the whole morning every Monday.\n"
)


def test_a_qualtrics_closed_question_shows_its_text_and_its_nps_group_marks_the_nps(
    client: TestClient,
) -> None:
    project = make_project(client, "Qualtrics")
    source_id = upload(client, project["id"], "qualtrics.csv", QUALTRICS).json()["source"]["id"]

    questions = _by_column(client, source_id)

    assert questions["Q1"]["text"] == "How often do you ship?"
    assert questions["Q5"]["nps"] == {"score": 33, "promoters": 2, "passives": 0, "detractors": 1}
    assert "Q5_NPS_GROUP" not in questions  # the NPS line says the same
    assert "How often do you ship?" in client.get(f"/sources/{source_id}").text
    chose = client.get(f"/sources/{source_id}", params={"closed": "Q1", "choice": "Weekly"}).text
    assert "to \u201cHow often do you ship?\u201d: 2 respondents" in chose


def test_a_survey_imported_before_closed_columns_were_recorded_reads_its_attribute_names(
    client: TestClient, session: Session
) -> None:
    _, source_id = _survey(client)
    session.exec(delete(SurveyClosedQuestion))  # type: ignore[call-overload]
    session.commit()

    questions = _by_column(client, source_id)

    assert list(questions) == [RECOMMEND, "Satisfaction", "Plan"]
    assert questions["Plan"]["text"] == "Plan" and questions["Plan"]["answered"] == 5


MULTI_SELECT = (
    b"ResponseId,Q5_1,Q5_2,Q6\n"
    b"Response ID,Which tools do you use? - Selected Choice - Email,"
    b"Which tools do you use? - Selected Choice - Slack,What made you start looking?\n"
    b'"{""ImportId"":""_recordId""}","{""ImportId"":""QID5_1""}","{""ImportId"":""QID5_2""}",'
    b'"{""ImportId"":""QID6_TEXT""}"\n'
    b"R_1,Email,Slack,Our spreadsheet fell apart when the team doubled in size.\n"
    b"R_2,,Slack,A customer complained about a wrong delivery last week.\n"
)


def test_the_csv_export_says_each_question_s_text_and_whether_it_is_multi_select(client: TestClient) -> None:
    project = make_project(client, "Closed questions")
    source_id = upload(client, project["id"], "tools.csv", MULTI_SELECT).json()["source"]["id"]

    response = client.get(f"/api/sources/{source_id}/closed-questions.csv")

    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert reader.fieldnames == [
        "question", "option", "count", "percent_of_answered", "question_text", "multi_select"
    ]  # fmt: skip
    rows = [(r["question"], r["option"], r["count"], r["question_text"], r["multi_select"]) for r in reader]
    assert rows == [
        ("Q5", "Slack", "2", "Which tools do you use?", "true"),
        ("Q5", "Email", "1", "Which tools do you use?", "true"),
        ("Q5", "(blank)", "0", "Which tools do you use?", "true"),
    ]
