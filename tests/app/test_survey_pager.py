"""The survey page's answer pager names what it counts (walk4: the question list said "331 answers" and
the pager under them "Page 1 of 14 · 692 in all", which were sentences)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import make_project, upload

SURVEY = (
    b"Respondent ID,What made you start looking?\n"
    b"R1,Our old CRM kept losing reminders. We missed two renewals.\n"
    b"R2,Spreadsheets stopped working once we hired a second rep.\n"
    b"R3,The forecast was a guess. My boss noticed it. So did finance.\n"
)


def test_the_pager_counts_sentences_in_so_many_words(client: TestClient) -> None:
    project = make_project(client, "Pager")
    response = upload(client, project["id"], "survey.csv", SURVEY)
    assert response.status_code == 201, response.text
    source_id = response.json()["source"]["id"]

    page = client.get(f"/sources/{source_id}", params={"page_size": 2}).text

    assert "3 answers" in page  # the question list counts answers
    assert "Page 1 of 3 · 6 sentences in all" in page
