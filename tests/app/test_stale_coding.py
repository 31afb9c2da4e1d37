"""Sources coded by older models: found by comparing stored coder versions with the shipped ones, shown
on the project and source pages, and re-coded through the job system with researchers' codes kept."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select, update

from app.agreement.adjust import ADJUST_CODER
from app.coding.features import StoredFeatureEncoder
from app.coding.models import CodeOrigin, CodeRecord
from app.coding.stale import stale_coding
from app.jobs.runner import InlineRunner
from app.sources.models import Source
from nlp.pipeline import shipped_versions
from tests.conftest import client_for
from tests.factories import PANEL_TRANSCRIPT, make_project, upload
from tests.fakes import FakePipeline, _FakeCoder, fake_factory

EMOTION, PAIN = "desirelines.emotion", "desirelines.pain_point"
CURRENT = shipped_versions()


def versioned(emotion_version: str) -> Callable[[str, StoredFeatureEncoder], FakePipeline]:
    """The fake pipeline with coders under the shipped names: emotion at `emotion_version`, pain current."""

    def make(framework: str, encoder: StoredFeatureEncoder) -> FakePipeline:
        pipeline = fake_factory(framework, encoder)
        emotion = _FakeCoder(EMOTION, lambda t: [("emotion", "neutral", 0.9, None)])
        pain = _FakeCoder(PAIN, lambda t: [("pain_point", "obstacle", 0.8, None)] if "broke" in t else [])
        emotion.version, pain.version = emotion_version, CURRENT[PAIN]
        pipeline.coders = [emotion, pain]
        return pipeline

    return make


@pytest.fixture
def coded_at_v1(app: FastAPI, db: Engine, client: TestClient) -> tuple[int, int]:
    """A project with one source coded by emotion v1 (the pain coder at its current version)."""
    app.state.runner = InlineRunner(db, versioned("1"))
    project = make_project(client)
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    assert client.get(f"/api/sources/{source['id']}/coding").json()["status"] == "done"
    return project["id"], source["id"]


def test_the_shipped_emotion_and_stage_coders_are_at_version_2() -> None:
    assert CURRENT["desirelines.emotion"] == "2" and CURRENT["desirelines.stage"] == "2"


def test_codes_of_an_older_coder_make_their_source_stale_until_recoded(
    app: FastAPI, db: Engine, client: TestClient, coded_at_v1: tuple[int, int]
) -> None:
    project_id, source_id = coded_at_v1
    stale = client.get(f"/api/projects/{project_id}/stale-coding").json()
    assert stale == {
        "count": 1,
        "source_ids": [source_id],
        "coders": [{"coder": EMOTION, "stored": ["1"], "current": CURRENT[EMOTION]}],
    }
    notice = f"1 source was coded with older models</strong> (emotion v1; current v{CURRENT[EMOTION]})"
    assert notice in client.get(f"/projects/{project_id}").text
    assert "This source was coded with older models" in client.get(f"/sources/{source_id}").text

    respondents = client.get(
        f"/api/projects/{project_id}/utterances", params={"speaker_role": "respondent", "page_size": 500}
    ).json()["items"]
    uid = next(u["id"] for u in respondents if "broke every Monday" in u["text"])
    mine = client.post(f"/api/utterances/{uid}/codes", json={"kind": "emotion", "label": "delight"}).json()

    app.state.runner = InlineRunner(db, versioned(CURRENT[EMOTION]))
    queued = client.post(f"/api/projects/{project_id}/recode-stale")
    assert queued.status_code == 202 and len(queued.json()["job_ids"]) == 1
    job = client.get(f"/api/sources/{source_id}/coding").json()
    assert job["id"] == queued.json()["job_ids"][0] and job["status"] == "done"

    assert client.get(f"/api/projects/{project_id}/stale-coding").json()["count"] == 0
    assert "coded with older models" not in client.get(f"/projects/{project_id}").text
    codes = client.get(f"/api/utterances/{uid}/codes").json()
    assert {(c["origin"], c["version"]) for c in codes if c["coder"] == EMOTION} == {
        ("machine", CURRENT[EMOTION])
    }
    assert mine in codes  # the researcher's code survived the re-code
    assert client.post(f"/api/projects/{project_id}/recode-stale").json()["job_ids"] == []


def test_the_page_form_queues_the_stale_sources(
    app: FastAPI, db: Engine, client: TestClient, coded_at_v1: tuple[int, int]
) -> None:
    project_id, source_id = coded_at_v1
    first_job = client.get(f"/api/sources/{source_id}/coding").json()["id"]
    app.state.runner = InlineRunner(db, versioned(CURRENT[EMOTION]))
    answer = client.post(f"/projects/{project_id}/recode-stale", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/projects/{project_id}"
    assert client.get(f"/api/sources/{source_id}/coding").json()["id"] != first_job
    assert client.get(f"/api/projects/{project_id}/stale-coding").json()["source_ids"] == []


def test_a_viewer_sees_the_notice_but_cannot_queue_the_recode(
    app: FastAPI, db: Engine, client: TestClient, coded_at_v1: tuple[int, int]
) -> None:
    project_id, source_id = coded_at_v1
    job_before = client.get(f"/api/sources/{source_id}/coding").json()["id"]
    with client_for(app, db, "vera@example.com") as vera:
        member = {"email": "vera@example.com", "role": "viewer"}
        assert client.post(f"/api/projects/{project_id}/members", json=member).status_code == 201
        assert vera.get(f"/api/projects/{project_id}/stale-coding").json()["count"] == 1
        page = vera.get(f"/projects/{project_id}").text
        assert "coded with older models" in page and "/recode-stale" not in page
        assert vera.post(f"/api/projects/{project_id}/recode-stale").status_code == 403
        assert vera.post(f"/projects/{project_id}/recode-stale").status_code == 403
    assert client.get(f"/api/sources/{source_id}/coding").json()["id"] == job_before  # nothing queued


def test_researcher_and_adjusted_codes_never_count_as_stale(db: Engine, coded_at_v1: tuple[int, int]) -> None:
    project_id, source_id = coded_at_v1
    with Session(db) as session:
        assert stale_coding(session, project_id=project_id, current={PAIN: CURRENT[PAIN]}).count == 0
        assert stale_coding(session, project_id=project_id, current={PAIN: "9"}).source_ids == [source_id]
        # An adjustment renames the machine code's coder and version (app/agreement/adjust.py).
        session.execute(
            update(CodeRecord).where(col(CodeRecord.coder) == EMOTION).values(coder=ADJUST_CODER, version="3")
        )
        assert stale_coding(session, project_id=project_id, current={EMOTION: "2"}).count == 0
        # A researcher's code under a coder's name and an old version is the researcher's, not stale.
        code = session.exec(select(CodeRecord).where(CodeRecord.coder == PAIN)).first()
        assert code is not None
        code.origin = CodeOrigin.RESEARCHER
        session.add(code)
        session.execute(
            update(CodeRecord).where(col(CodeRecord.origin) == CodeOrigin.MACHINE).values(version="x")
        )
        assert stale_coding(session, project_id=project_id, current={PAIN: "x"}).count == 0
        session.rollback()


def test_a_coding_job_records_its_versions_and_the_check_reads_them(
    db: Engine, coded_at_v1: tuple[int, int]
) -> None:
    project_id, source_id = coded_at_v1
    with Session(db) as session:
        source = session.get(Source, source_id)
        assert source is not None and source.coded_versions is not None
        assert source.coded_versions[EMOTION] == ["1"] and source.coded_versions[PAIN] == [CURRENT[PAIN]]
        assert not any(coder.startswith("researcher") for coder in source.coded_versions)
        # The recorded versions name the candidates: a source that recorded none is not read at all.
        source.coded_versions = None
        session.add(source)
        session.flush()
        assert stale_coding(session, project_id=project_id).count == 0
        source.coded_versions = {EMOTION: ["1"]}
        session.add(source)
        session.flush()
        assert stale_coding(session, project_id=project_id, source_id=source_id).source_ids == [source_id]
        session.rollback()
