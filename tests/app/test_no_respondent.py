"""An interview where every speaker reads as an interviewer says so, and says what to do about it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import make_project

ONLY_INTERVIEWER = (
    b"Interviewer: Hello, thanks for joining.\nInterviewer: Can you hear me?\nInterviewer: Let's start.\n"
)


def test_an_interview_without_a_respondent_warns_until_one_is_marked(client: TestClient) -> None:
    project = make_project(client)
    files = [("files", ("interviewer_only.txt", ONLY_INTERVIEWER))]

    result = client.post(f"/projects/{project['id']}/upload", files=files).text

    assert "No respondent found: every speaker was read as an interviewer (Interviewer)" in result
    assert "&#34;Mark as respondent&#34; under Speakers" in result
    source = client.get(f"/api/projects/{project['id']}/sources").json()["items"][0]
    page = client.get(f"/sources/{source['id']}").text
    assert "No respondent found" in page and "Mark as respondent" in page
    assert "1 turn \u00b7" in page  # not "1 turns"

    speaker = client.get(f"/api/sources/{source['id']}/speakers").json()[0]
    marked = client.post(f"/sources/{source['id']}/speakers/{speaker['id']}", data={"role": "respondent"})

    assert marked.status_code == 200
    assert "No respondent found" not in marked.text
