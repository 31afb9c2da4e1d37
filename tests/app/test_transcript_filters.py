"""The transcript page's code filters pick what its chips say the coders left open ("stage: unclear",
"no pain", "neutral"), server-side like the label filters, and those chips read quieter than real codes."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from app.coding.models import CodeRecord
from app.jobs.runner import InlineRunner
from app.utterances.models import Utterance
from tests.factories import PANEL_TRANSCRIPT, make_project, upload
from tests.fakes import FakePipeline, fake_factory


@pytest.fixture
def source_id(app: FastAPI, db: Engine, client: TestClient) -> int:
    """The panel interview, coded by the fake coders: pain and frustration where something broke, a
    stage only where the words name one (the friend's recommendation), nothing on the forecast."""
    app.state.runner = InlineRunner(db, fake_factory)
    FakePipeline.fail_on = None
    project = make_project(client)
    return int(upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]["id"])


def shown(client: TestClient, source_id: int, **params: str) -> str:
    """The sentences a filtered page marks as matching."""
    page = client.get(f"/sources/{source_id}", params=params)
    assert page.status_code == 200
    return " ".join(re.findall(r'class="utt hit[^"]*" id="u-\d+">([^<]*)', page.text))


def test_no_pain_picks_the_sentences_the_page_calls_no_pain(client: TestClient, source_id: int) -> None:
    no_pain = shown(client, source_id, pain="none")
    assert "The forecast." in no_pain and "friend at another company" in no_pain
    assert "broke every Monday" not in no_pain
    assert "Thanks for joining" not in no_pain  # interviewers are not coded: no "no pain" on them
    pain = shown(client, source_id, pain="any")
    assert "broke every Monday" in pain and "The forecast." not in pain


def test_no_stage_picks_the_sentences_the_page_calls_stage_unclear(
    client: TestClient, db: Engine, source_id: int
) -> None:
    assert shown(client, source_id, stage="none") == ""  # the fake stage coder always answers
    with Session(db) as session:  # as if it had found no stage in "The forecast." (and what follows)
        forecast = select(col(Utterance.id)).where(col(Utterance.text).startswith("The forecast."))
        session.execute(
            delete(CodeRecord).where(
                col(CodeRecord.kind) == "stage", col(CodeRecord.utterance_id).in_(forecast)
            )
        )
        session.commit()
    assert "stage: unclear" in client.get(f"/sources/{source_id}").text
    unclear = shown(client, source_id, stage="none")
    assert unclear.startswith("The forecast.")
    assert "friend at another company" not in unclear
    assert shown(client, source_id, stage="none", pain="none") == unclear
    assert shown(client, source_id, stage="none", pain="any") == ""


def test_the_filters_offer_the_abstentions(client: TestClient, source_id: int) -> None:
    page = client.get(f"/sources/{source_id}", params={"stage": "none"}).text
    assert '<option value="none" selected>no stage (unclear)</option>' in page
    assert '<option value="none">no pain</option>' in page
    assert '<option value="any">any pain</option>' in page


def test_neutral_is_one_filter_entry_that_picks_the_neutral_sentences(
    client: TestClient, source_id: int
) -> None:
    neutral = shown(client, source_id, emotion="none")
    assert "The forecast." in neutral and "friend at another company" in neutral
    assert "broke every Monday" not in neutral
    assert "Thanks for joining" not in neutral
    assert shown(client, source_id, emotion="neutral") == neutral  # an old link to the label still works
    page = client.get(f"/sources/{source_id}").text
    emotion_select = page.split('<select name="emotion">')[1].split("</select>")[0]
    assert re.findall(r"<option[^>]*>([^<]*)</option>", emotion_select) == [
        "all",
        "neutral (none found)",
        "frustration",
    ]


def test_the_match_count_is_in_the_singular_for_one(client: TestClient, source_id: int) -> None:
    assert shown(client, source_id, stage="research").startswith("A friend at another company")
    page = client.get(f"/sources/{source_id}", params={"stage": "research"}).text
    assert "1 matching utterance<" in page
    assert (
        "2 matching utterances<"
        in client.get(f"/sources/{source_id}", params={"emotion": "frustration"}).text
    )
