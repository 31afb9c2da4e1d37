"""Deleting a source from its page says, on the project page it goes back to, what went with it."""

from __future__ import annotations

from functools import partial

import pytest
from fastapi.testclient import TestClient

from app.jobs.chunks import chunks
from app.sources import service
from tests.factories import make_project, upload

INTERVIEW = b"Interviewer: How did it start?\nMax Rue: Our spreadsheet broke every Monday morning.\n"
SURVEY_A = (
    b"Name,Plan,Region,What slowed you down?\n"
    b"Max Rue,Free,EU,The permissions model confused admins.\n"
    b"Kim Lo,Pro,EU,Nobody knew who owned the rollout.\n"
)
SURVEY_B = b"Name,Plan,Region,What would you tell a peer?\nMax Rue,Team,EU,Setup takes a day but pays off.\n"


@pytest.mark.parametrize("chunk", [500, 1])
def test_deleting_a_survey_says_what_it_removed_and_what_it_kept(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Chunk 1: the counts come out the same when respondent ids are sent a few at a time (a large survey
    would pass more bound parameters than a database allows in one statement)."""
    monkeypatch.setattr(service, "chunks", partial(chunks, size=chunk))
    project = make_project(client, "Delete note")
    first = upload(client, project["id"], "dupA.csv", SURVEY_A)
    assert first.status_code == 201, first.text
    assert upload(client, project["id"], "dupB.csv", SURVEY_B).status_code == 201
    survey_page = client.get(f"/sources/{first.json()['source']['id']}").text
    assert "respondents it brought in who are in no other source" in survey_page

    deleted = client.post(f"/sources/{first.json()['source']['id']}/delete")

    assert deleted.status_code == 200 and deleted.url.path == f"/projects/{project['id']}"
    assert (
        "Deleted survey dupA.csv: 2 responses, 1 respondent removed; 1 kept because it appears in other"
        " sources; attributes it added taken back from 1."
    ) in deleted.text
    assert "Deleted survey" not in client.get(f"/projects/{project['id']}").text  # shown once


def test_deleting_an_interview_says_what_it_removed(client: TestClient) -> None:
    project = make_project(client, "Delete interview note")
    interview = upload(client, project["id"], "max.txt", INTERVIEW)
    assert interview.status_code == 201, interview.text
    assert upload(client, project["id"], "survey.csv", SURVEY_B).status_code == 201

    deleted = client.post(f"/sources/{interview.json()['source']['id']}/delete")

    utterances = interview.json()["source"]["utterance_count"]
    assert (
        f"Deleted interview max.txt: {utterances} utterances, 0 participants removed; 1 kept because it"
        " appears in other sources."
    ) in deleted.text
