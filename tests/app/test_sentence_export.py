"""The coded-sentences CSV: one row per utterance in reading order, researchers' codes over the machine's,
an abstained stage left empty, formulas neutralised, a byte order mark for Excel, members only."""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from app.analysis.models import AnalysisKind, AnalysisRun
from app.coding.models import CodeRecord
from app.jobs.models import JobStatus
from app.jobs.runner import InlineRunner
from app.sentences.service import COLUMNS
from app.themes.models import Theme, ThemeMember
from tests.conftest import client_for
from tests.factories import PANEL_TRANSCRIPT, make_project, upload
from tests.fakes import FakePipeline, fake_factory

BOM = b"\xef\xbb\xbf"
Coded = tuple[dict[str, Any], dict[str, Any]]
BROKE = "Uh, a big shared spreadsheet that broke every Monday."
FRIEND = "A friend at another company mentioned it over lunch, like, she said it took them a week to set up."


@pytest.fixture
def coded(app: FastAPI, db: Engine, client: TestClient) -> Coded:
    """A project with the panel transcript coded by the fake pipeline: (project, source)."""
    app.state.runner = InlineRunner(db, fake_factory)
    FakePipeline.fail_on = None
    project = make_project(client, "Sentences")
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    return project, source


def _table(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _row(rows: list[dict[str, str]], text: str) -> dict[str, str]:
    return next(r for r in rows if r["text"] == text)


def test_one_row_per_utterance_in_reading_order_with_its_codes(client: TestClient, coded: Coded) -> None:
    project, source = coded
    response = client.get(f"/api/projects/{project['id']}/utterances.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert "sentences.csv" in response.headers["content-disposition"]
    rows = _table(response)
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == client.get(f"/api/projects/{project['id']}").json()["utterance_count"]
    order = [(int(r["turn"]), int(r["sentence"])) for r in rows]
    assert order == sorted(order)
    broke = _row(rows, BROKE)
    assert broke | {"utterance_id": "", "turn": "", "sentence": ""} == {
        "source": "panel.txt",
        "source_id": str(source["id"]),
        "participant": broke["participant"],
        "speaker": "Interviewee",
        "role": "respondent",
        "turn": "",
        "sentence": "",
        "text": BROKE,
        "content_class": "substantive",
        "content_reason": broke["content_reason"],
        "emotion": "frustration",
        "emotion_score": "0.9",
        "pain": "yes",
        "pain_category": "obstacle",
        "pain_score": "0.8",
        "pain_cue": BROKE[:5],
        "stage": "awareness",
        "stage_score": "0.6",
        "forces": "",
        "theme": "",
        "researcher_codes": "",
        "utterance_id": "",
    }
    assert broke["participant"] and broke["utterance_id"].isdigit()
    question = rows[0]
    assert question["role"] == "interviewer" and question["content_class"] == question["pain"] == ""


def test_researcher_codes_win_and_an_abstained_stage_is_empty(
    client: TestClient, coded: Coded, db: Engine
) -> None:
    _, source = coded
    url = f"/api/sources/{source['id']}/utterances.csv"
    before = _table(client.get(url))
    broke, friend = _row(before, BROKE), _row(before, FRIEND)
    assert friend["stage"] == "research"
    for label in ("purchase", "decision"):  # the latest correction wins
        corrected = {"kind": "stage", "label": label}
        response = client.post(f"/api/utterances/{broke['utterance_id']}/codes", json=corrected)
        assert response.status_code == 201
    with Session(db) as session:  # the stage coder abstains: it stores no stage code
        session.execute(
            delete(CodeRecord).where(
                col(CodeRecord.utterance_id) == int(friend["utterance_id"]), col(CodeRecord.kind) == "stage"
            )
        )
        session.commit()
    after = _table(client.get(url))
    assert _row(after, BROKE)["stage"] == "decision" and _row(after, BROKE)["stage_score"] == "1.0"
    assert _row(after, BROKE)["researcher_codes"] == "stage=purchase; stage=decision"
    assert _row(after, FRIEND)["stage"] == "" and _row(after, FRIEND)["stage_score"] == ""
    assert _row(after, FRIEND)["pain"] == "no" and _row(after, FRIEND)["emotion"] == "neutral"


def test_theme_of_the_latest_run(client: TestClient, coded: Coded, db: Engine) -> None:
    project, _ = coded
    rows = _table(client.get(f"/api/projects/{project['id']}/utterances.csv"))
    uid = int(_row(rows, BROKE)["utterance_id"])
    with Session(db) as session:
        run = AnalysisRun(project_id=project["id"], kind=AnalysisKind.THEMES, status=JobStatus.DONE)
        session.add(run)
        session.flush()
        centroid = np.ones(384, dtype=np.float32).tobytes()
        theme = Theme(
            run_id=run.id or 0,
            project_id=project["id"],
            number=0,
            label="Spreadsheet pain",
            machine_label="x",
            centroid=centroid,
        )
        session.add(theme)
        session.flush()
        session.add(ThemeMember(theme_id=theme.id or 0, utterance_id=uid))
        session.commit()
    rows = _table(client.get(f"/api/projects/{project['id']}/utterances.csv"))
    assert _row(rows, BROKE)["theme"] == "Spreadsheet pain" and _row(rows, FRIEND)["theme"] == ""


def test_bom_and_formulas_neutralised(client: TestClient, app: FastAPI, db: Engine) -> None:
    app.state.runner = InlineRunner(db, fake_factory)
    project = make_project(client, "Formula")
    transcript = b'Interviewer: Hi?\nDana: =HYPERLINK("http://x") the invoice broke.\n'
    source = upload(client, project["id"], "f.txt", transcript).json()["source"]
    response = client.get(f"/api/sources/{source['id']}/utterances.csv")
    assert response.content.startswith(BOM + b"source,source_id,")
    texts = [r["text"] for r in _table(response)]
    assert any(t.startswith("'=HYPERLINK") for t in texts)
    assert not any(t.startswith("=") for t in texts)


def test_non_members_get_404(client: TestClient, app: FastAPI, db: Engine, coded: Coded) -> None:
    project, source = coded
    with client_for(app, db, "outsider@example.com") as outsider:
        assert outsider.get(f"/api/projects/{project['id']}/utterances.csv").status_code == 404
        assert outsider.get(f"/api/sources/{source['id']}/utterances.csv").status_code == 404


def test_project_and_transcript_pages_link_to_the_export(client: TestClient, coded: Coded) -> None:
    project, source = coded
    page = client.get(f"/projects/{project['id']}").text
    assert f'href="/api/projects/{project["id"]}/utterances.csv">Export sentences (CSV)' in page
    transcript = client.get(f"/sources/{source['id']}").text
    assert f'href="/api/sources/{source["id"]}/utterances.csv">Export sentences (CSV)' in transcript


def test_other_csv_downloads_carry_the_bom(client: TestClient, coded: Coded) -> None:
    project, _ = coded
    agreement = client.get(f"/api/projects/{project['id']}/agreement.csv")
    assert agreement.content.startswith(BOM + b"comparison,")
    forces = client.get(f"/api/projects/{project['id']}/forces/export", params={"format": "csv"})
    assert forces.content.startswith(BOM)


def test_no_content_utterances_have_no_pain_answer(client: TestClient, app: FastAPI, db: Engine) -> None:
    app.state.runner = InlineRunner(db, fake_factory)
    FakePipeline.fail_on = None
    project = make_project(client, "Greetings")
    talk = (
        "Interviewer: How did it go?\nAnna: Hi! Thanks for having me.\nAnna: Yeah. The import broke twice.\n"
    )
    upload(client, project["id"], "talk.txt", talk.encode())
    rows = _table(client.get(f"/api/projects/{project['id']}/utterances.csv"))
    for text in ("Hi!", "Thanks for having me.", "Yeah."):
        row = _row(rows, text)
        assert row["content_class"] not in ("", "substantive"), text
        assert row["pain"] == row["emotion"] == row["stage"] == "", text
    assert _row(rows, "The import broke twice.")["pain"] == "yes"
