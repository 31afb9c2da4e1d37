"""A quote that leans on the sentence before it: the service's evidence knows that sentence (same turn
only), and pages and exports show it first, as "... Before. Quote."."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.analysis.evidence import load_evidence
from app.exports.render import quotes_text
from app.jobs.runner import InlineRunner
from app.quotes import grouped_quotes
from app.utterances.models import Utterance
from app.web import templates
from tests.factories import make_project, upload
from tests.fakes import FakePipeline, fake_factory

TALK = """Interviewer: How did the rollout go?
Anna: Yeah. The import broke twice and we lost a week of orders. That was the problem.
Interviewer: And after that?
Anna: That was hard. A friend at another shop told us about the nightly backup.
"""
BROKE = "The import broke twice and we lost a week of orders."


@pytest.fixture
def coding_client(app: FastAPI, db: Engine, client: TestClient) -> TestClient:
    app.state.runner = InlineRunner(db, fake_factory)
    FakePipeline.fail_on = None
    return client


def test_evidence_knows_the_sentence_before_in_the_same_turn(coding_client: TestClient, db: Engine) -> None:
    project = make_project(coding_client)
    upload(coding_client, project["id"], "talk.txt", TALK.encode())

    with Session(db) as session:
        found = load_evidence(session, project_id=project["id"])

    before = {item.text: item.before for item in found.evidence}
    assert before[BROKE] == "Yeah."  # left out of the evidence, still the sentence before
    assert before["That was the problem."] == BROKE
    assert before["That was hard."] is None  # the interviewer spoke in between
    assert before["A friend at another shop told us about the nightly backup."] == "That was hard."


def test_theme_quotes_of_stored_utterances_get_their_lead_in(coding_client: TestClient, db: Engine) -> None:
    project = make_project(coding_client)
    upload(coding_client, project["id"], "talk.txt", TALK.encode())

    with Session(db) as session:
        rows = session.exec(
            select(Utterance).where(col(Utterance.text).in_(["That was the problem.", "That was hard."]))
        )
        quotes = grouped_quotes(session, {0: sorted(rows, key=lambda u: u.id or 0)})[0]

    assert [(q["text"], q["before"], q["said_by"]) for q in quotes] == [
        ("That was the problem.", BROKE, "Anna"),
        ("That was hard.", None, "Anna"),  # first sentence of its turn: nothing of hers to lean on
    ]


def test_pages_and_exports_show_the_lead_in_first() -> None:
    quote = {"utterance_id": 7, "text": "That was the problem.", "source": 1, "before": BROKE}

    html = templates.get_template("_quote.html").render(q=quote)

    assert f"&hellip; {BROKE}</span> That was the problem." in html
    assert quotes_text([quote]) == f"\u201c\u2026 {BROKE} That was the problem.\u201d"
    assert quotes_text([{"utterance_id": 8, "text": BROKE}]) == f"\u201c{BROKE}\u201d"


SURVEY = (
    b"Respondent ID,What went wrong?,What did support do?\n"
    b"R1,The import broke twice and we lost a week of orders. That was the problem.,"
    b"Support answered after three days. That was hard.\n"
    b"R2,Nothing much went wrong for our team this year.,They fixed the billing export within the hour.\n"
)


def test_each_survey_answer_is_a_turn_of_its_own(coding_client: TestClient, db: Engine) -> None:
    # A respondent's answers share a turn number and their sentences are numbered from 0 in each, so
    # ordering by (turn, sentence) interleaves them: a lead-in must come from the same answer.
    project = make_project(coding_client)
    response = upload(coding_client, project["id"], "survey.csv", SURVEY)
    assert response.status_code == 201, response.text

    with Session(db) as session:
        found = load_evidence(session, project_id=project["id"])
        rows = session.exec(
            select(Utterance).where(col(Utterance.text).in_(["That was the problem.", "That was hard."]))
        )
        quotes = grouped_quotes(session, {0: sorted(rows, key=lambda u: u.id or 0)})[0]

    before = {item.text: item.before for item in found.evidence}
    assert before["That was the problem."] == BROKE
    assert before["That was hard."] == "Support answered after three days."
    assert before["Support answered after three days."] is None  # the first sentence of its answer
    assert [(q["text"], q["before"]) for q in quotes] == [
        ("That was the problem.", BROKE),
        ("That was hard.", "Support answered after three days."),
    ]


NOTED = """Interviewer: How did the rollout go?
Anna: The import broke twice [laughs] and we lost a week of orders.
"""


def test_quotes_are_shown_without_transcription_notes_and_stored_verbatim(
    coding_client: TestClient, db: Engine
) -> None:
    project = make_project(coding_client)
    upload(coding_client, project["id"], "noted.txt", NOTED.encode())

    with Session(db) as session:
        stored = session.exec(select(Utterance).where(col(Utterance.text).contains("[laughs]"))).one()
        quotes = grouped_quotes(session, {0: [stored]})[0]
        session.refresh(stored)

    assert [(q["utterance_id"], q["text"]) for q in quotes] == [(stored.id, BROKE)]
    assert stored.text == "The import broke twice [laughs] and we lost a week of orders."
