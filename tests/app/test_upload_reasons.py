"""A refused file's reason is shown whole on the upload page, with what the form's options can do."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import make_project

QUESTIONS = [f"What is the main reason you rated question {n} the way you did" for n in range(12)]
CLOSED = ",".join(QUESTIONS).encode() + b"\n" + b"\n".join(",".join(["4"] * 12).encode() for _ in range(3))


def test_a_survey_without_open_text_says_why_in_full_and_points_to_the_text_column(
    client: TestClient,
) -> None:
    project = make_project(client)

    page = client.post(f"/projects/{project['id']}/upload", files=[("files", ("scores.csv", CLOSED))]).text

    result = page.split('<li class="fail">', 1)[1].split("</li>", 1)[0]
    assert "short or repeated values such as numbers and choices are not open answers." in result
    assert f"{QUESTIONS[7]} and 4 more)" in result  # the column list is cut, not the sentence
    assert QUESTIONS[8] not in result
    assert "Options \u2192 &#34;Text column&#34;" in result


def test_the_upload_form_names_surveymonkey_among_survey_exports(client: TestClient) -> None:
    project = make_project(client)

    page = client.get(f"/projects/{project['id']}/upload").text

    assert "Qualtrics, SurveyMonkey, Google Forms or Typeform" in page
