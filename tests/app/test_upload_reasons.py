"""A refused file's reason is shown whole on the upload page, with what the form's options can do."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import make_project

QUESTIONS = [f"What is the main reason you rated question {n} the way you did" for n in range(12)]
CLOSED = ",".join(QUESTIONS).encode() + b"\n" + b"\n".join(",".join(["4"] * 12).encode() for _ in range(3))


def test_a_survey_without_open_text_says_why_in_full_and_what_the_options_can_do(
    client: TestClient,
) -> None:
    project = make_project(client)

    page = client.post(f"/projects/{project['id']}/upload", files=[("files", ("scores.csv", CLOSED))]).text

    result = page.split('<li class="fail">', 1)[1].split("</li>", 1)[0]
    assert "short or repeated values such as numbers and choices are not open answers." in result
    assert f"{QUESTIONS[7]} and 4 more)" in result  # the column list is cut, not the sentence
    assert QUESTIONS[8] not in result
    # Naming a "Text column" alone would read a survey as an interview table: the hint says when to.
    assert "A survey is coded through its free-text answers, and none were found." in result
    assert "&#34;Treat tables as: interview transcript&#34; and name its &#34;Text column&#34;" in result


INTERVIEW_TABLE = b"Speaker,Notes\nAna,We moved off spreadsheets in March.\n"


def test_an_interview_table_without_a_text_column_points_to_the_text_column(client: TestClient) -> None:
    project = make_project(client)

    page = client.post(
        f"/projects/{project['id']}/upload",
        files=[("files", ("table.csv", INTERVIEW_TABLE))],
        data={"kind": "interview"},
    ).text

    result = page.split('<li class="fail">', 1)[1].split("</li>", 1)[0]
    assert "Options \u2192 &#34;Text column&#34;" in result


def test_the_upload_form_names_surveymonkey_among_survey_exports(client: TestClient) -> None:
    project = make_project(client)

    page = client.get(f"/projects/{project['id']}/upload").text

    assert "Qualtrics, SurveyMonkey, Google Forms or Typeform" in page
