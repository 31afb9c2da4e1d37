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


FARM_TALK = (  # FICTIONAL: three dairy farmers interviewed together, about what no one else in a study raises
    "We run the dairy farm together. The herd is two hundred cows. The milking parlour never stops.",
    "The milking parlour runs twice a day. The dairy chillers run all night. The herd needs both.",
    "The tractor, the chillers and the parlour all need power. The farm uses more than the village.",
    "The storm cut the farm supply. The milking parlour stopped. The herd waited for milking.",
    "We ran the tractor generator for the parlour. The dairy chillers stayed on the generator too.",
    "The dairy lost a tank of milk. The chillers on the farm were down for hours.",
)


def group_interview(*, heading: bool = True) -> str:
    """A FICTIONAL group interview: each of three farmers in turn answers with `FARM_TALK`; `heading`
    puts a line saying it is fictional first (which the service would take for the title)."""
    lines = ["FICTIONAL test transcript written for the Desirelines test suite", ""] if heading else []
    for answer in FARM_TALK:
        for farmer in ("Ann", "Ben", "Cal"):
            lines += ["Interviewer: Tell me more about that.", f"{farmer}: {answer}"]
    return "\n".join(lines) + "\n"


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


FINANCE_LINES = [
    "The invoice process broke every month and the price kept changing.",
    "Our budget review takes days because billing data is scattered.",
    "I heard about the tool from an ad about invoice automation.",
    "We compared three billing tools on price during the trial.",
    "I was worried the price would double after the first year.",
    "We still keep a spreadsheet of every invoice out of habit.",
    "I love that the budget view updates itself now.",
    "We signed the contract once the billing export worked.",
]
OPERATIONS_LINES = [
    "The warehouse scanners broke and the trucks left late.",
    "Our trucks pipeline was slow to update on busy mornings.",
    "I heard about it at a warehouse trade show.",
    "We compared pipeline boards in a two week trial with the trucks team.",
    "I was worried the warehouse crew would not adopt it.",
    "The dispatchers kept a spreadsheet of trucks for months.",
    "I love the onboarding training they gave the warehouse crew.",
    "I would recommend it to any warehouse manager running trucks.",
]


def interview(name: str, lines: list[str], *, variant: int = 0) -> bytes:
    """A small fictional interview: one interviewer question before each respondent line."""
    out = []
    for i, line in enumerate(lines):
        out.append(f"Interviewer: Question {i + 1}, tell me more?")
        out.append(f"{name}: {line} That was round {variant + i} for us.")
    return ("\n".join(out) + "\n").encode()


def two_group_study(client: TestClient, name: str, *, per_group: int = 3, groups: int = 2) -> dict[str, Any]:
    """A project with `per_group` finance interviews and (when groups is 2) as many operations ones."""
    project = make_project(client, name)
    for i in range(per_group):
        for prefix, person, lines in [("fin", "Fay", FINANCE_LINES), ("ops", "Oli", OPERATIONS_LINES)][
            :groups
        ]:
            response = upload(
                client, project["id"], f"{prefix}{i}.txt", interview(f"{person}{i}", lines, variant=i)
            )
            assert response.status_code == 201, response.text
    return project
