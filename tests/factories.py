"""Factories for test data: projects through the API, and transcript files as bytes."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

PANEL_TRANSCRIPT = """Interviewer 1: Thanks for joining us today. Could you tell us a bit about your role?
Interviewee: Um, sure. So I, uh, run the sales team at a logistics company, like twelve reps, you know.
Interviewer 2: And what were you using before?
Interviewee: Spreadsheets, honestly. Uh, a big shared spreadsheet that broke every Monday. We lost a deal because two reps called the same lead.
Interviewer 1: What made you start looking for something else?
Interviewee: The forecast. My CEO asked for a number and I, um, I just couldn't give one I trusted. That was the moment, you know.
Interviewer 2: How did you first hear about the tool you picked?
Interviewee: A friend at another company mentioned it over lunch, like, she said it took them a week to set up.
"""


def make_project(client: TestClient, name: str = "Study", **fields: Any) -> dict[str, Any]:
    response = client.post("/api/projects", json={"name": name, **fields})
    assert response.status_code == 201, response.text
    return dict(response.json())


def upload(client: TestClient, project_id: int, filename: str, data: bytes, **form: str) -> Any:
    return client.post(f"/api/projects/{project_id}/sources", files={"file": (filename, data)}, data=form)


def counts(client: TestClient, project_id: int) -> tuple[int, int, int]:
    """(sources, participants, utterances) of a project, as the API reports them."""
    body = client.get(f"/api/projects/{project_id}").json()
    return body["source_count"], body["participant_count"], body["utterance_count"]
