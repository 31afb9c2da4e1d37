"""Finishing a live interview with nothing captured: back on the live page with what to do; a 4xx in the API."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.app.test_interviews import put_answer, start
from tests.factories import make_project

NOTHING_YET = "Nothing was captured in this interview yet"


def test_finishing_an_empty_interview_from_the_page_goes_back_to_it_with_what_to_do(client: TestClient) -> None:
    project = make_project(client, "Empty finish")
    interview_id = start(client, project["id"], template_id="switch")["id"]
    put_answer(client, interview_id, "scene-what-bought", revision=1, notes="Notes alone are no transcript.")
    posted = client.post(f"/interviews/{interview_id}/finish", follow_redirects=False)
    assert posted.status_code == 303 and posted.headers["location"] == f"/interviews/{interview_id}"
    page = client.get(posted.headers["location"])
    assert page.status_code == 200 and 'role="alert"' in page.text
    assert NOTHING_YET in page.text and "type an answer under at least one question" in page.text
    assert NOTHING_YET not in client.get(f"/interviews/{interview_id}").text  # shown once: a reload is clean
    assert client.get(f"/api/interviews/{interview_id}").json()["status"] == "draft"


def test_the_api_answers_an_empty_finish_with_a_clear_4xx(client: TestClient) -> None:
    project = make_project(client, "Empty finish")
    interview_id = start(client, project["id"], template_id="switch")["id"]
    response = client.post(f"/api/interviews/{interview_id}/finish")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "empty_interview" and error["message"].startswith(NOTHING_YET)
