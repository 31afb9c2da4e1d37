"""Coding jobs in the service: queued on upload, progress, codes stored beside researcher codes,
filters on the transcript page, failures recorded and retried without duplicates. The pipeline here is
a small fake with known answers, so these tests check the service, not the models (tests/nlp does)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.jobs.runner import InlineRunner, ThreadRunner
from tests.factories import PANEL_TRANSCRIPT, make_project, upload
from tests.fakes import FakeEncoder, FakePipeline, fake_factory


@pytest.fixture
def coding_client(app: FastAPI, db: Engine, client: TestClient) -> TestClient:
    app.state.runner = InlineRunner(db, fake_factory)
    FakePipeline.fail_on = None
    FakeEncoder.passes = 0
    return client


def test_upload_queues_coding_and_codes_respondent_utterances(coding_client: TestClient) -> None:
    client = coding_client
    project = make_project(client)
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    job = client.get(f"/api/sources/{source['id']}/coding").json()
    assert job["status"] == "done"
    respondents = client.get(
        f"/api/projects/{project['id']}/utterances", params={"speaker_role": "respondent", "page_size": 500}
    ).json()
    assert job["total"] == respondents["total"] and job["done"] == job["total"]
    assert client.get(f"/api/sources/{source['id']}").json()["status"] == "coded"
    broke = next(u for u in respondents["items"] if "broke every Monday" in u["text"])
    kinds = {c["kind"]: c for c in client.get(f"/api/utterances/{broke['id']}/codes").json()}
    assert kinds["pain_point"]["label"] == "obstacle" and kinds["pain_point"]["origin"] == "machine"
    assert kinds["emotion"]["label"] == "frustration"
    interviewer = client.get(
        f"/api/projects/{project['id']}/utterances", params={"speaker_role": "interviewer"}
    ).json()["items"][0]
    assert client.get(f"/api/utterances/{interviewer['id']}/codes").json() == []


def test_transcript_page_shows_codes_and_filters_by_them(coding_client: TestClient) -> None:
    client = coding_client
    project = make_project(client)
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    page = client.get(f"/sources/{source['id']}").text
    assert "pain: obstacle" in page and "frustration" in page
    filtered = client.get(f"/sources/{source['id']}", params={"pain": "any"}).text
    assert "broke every Monday" in filtered
    assert "forecast" not in filtered  # that turn has no pain point
    by_stage = client.get(f"/sources/{source['id']}", params={"stage": "research"}).text
    assert "friend at another company" in by_stage and "broke every Monday" not in by_stage


def test_recoding_replaces_machine_codes_keeps_researcher_codes_and_reuses_embeddings(
    coding_client: TestClient,
) -> None:
    client = coding_client
    project = make_project(client)
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    utterance = client.get(
        f"/api/projects/{project['id']}/utterances", params={"speaker_role": "respondent"}
    ).json()["items"][0]
    mine = client.post(f"/api/utterances/{utterance['id']}/codes", json={"kind": "force", "label": "push"})
    assert mine.status_code == 201 and mine.json()["origin"] == "researcher"
    before = sorted(
        (c["kind"], c["label"]) for c in client.get(f"/api/utterances/{utterance['id']}/codes").json()
    )
    passes = FakeEncoder.passes

    again = client.post(f"/api/sources/{source['id']}/coding")
    assert again.status_code == 202
    after = sorted(
        (c["kind"], c["label"]) for c in client.get(f"/api/utterances/{utterance['id']}/codes").json()
    )
    assert after == before  # no duplicates, researcher code kept
    assert FakeEncoder.passes == passes  # stored features were used; nothing re-embedded


def test_failed_job_is_recorded_and_a_retry_does_not_duplicate(coding_client: TestClient) -> None:
    client = coding_client
    project = make_project(client)
    FakePipeline.fail_on = "forecast"
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    failed = client.get(f"/api/sources/{source['id']}/coding").json()
    assert failed["status"] == "failed" and "model exploded" in failed["error"]
    page = client.get(f"/sources/{source['id']}").text
    assert "Coding failed" in page and "Retry coding" in page

    FakePipeline.fail_on = None
    client.post(f"/sources/{source['id']}/coding")
    done = client.get(f"/api/sources/{source['id']}/coding").json()
    assert done["status"] == "done"
    items = client.get(
        f"/api/projects/{project['id']}/utterances", params={"speaker_role": "respondent"}
    ).json()["items"]
    for item in items:
        codes = client.get(f"/api/utterances/{item['id']}/codes").json()
        kinds = [c["kind"] for c in codes]
        assert kinds.count("content") == 1
        substantive = any(c["kind"] == "content" and c["label"] == "substantive" for c in codes)
        assert kinds.count("emotion") == kinds.count("stage") == (1 if substantive else 0)


def test_bad_utterances_are_skipped_with_a_reason(coding_client: TestClient) -> None:
    client = coding_client
    project = make_project(client)
    text = "Ana: What did you think?\nBo: 😡😡😡\nAna: And then?\nBo: Это было ужасно, всё сломалось.\n"
    source = upload(client, project["id"], "odd.txt", text.encode()).json()["source"]
    job = client.get(f"/api/sources/{source['id']}/coding").json()
    assert job["status"] == "done" and job["skipped"] == 2
    items = client.get(
        f"/api/projects/{project['id']}/utterances", params={"speaker_role": "respondent"}
    ).json()["items"]
    labels = {c["label"] for item in items for c in client.get(f"/api/utterances/{item['id']}/codes").json()}
    assert any(label.startswith("no words") for label in labels)
    assert any("Latin script" in label for label in labels)


def test_researcher_code_is_validated(coding_client: TestClient) -> None:
    client = coding_client
    project = make_project(client)
    upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    utterance = client.get(f"/api/projects/{project['id']}/utterances").json()["items"][0]
    url = f"/api/utterances/{utterance['id']}/codes"
    assert client.post(url, json={"kind": "horoscope", "label": "leo"}).status_code == 400
    assert client.post(url, json={"kind": "stage", "label": "research", "span_start": 3}).status_code == 400
    assert (
        client.post(
            url, json={"kind": "stage", "label": "research", "span_start": 0, "span_end": 9999}
        ).status_code
        == 400
    )


def test_jobs_left_queued_are_picked_up_when_the_service_starts(
    app: FastAPI, db: Engine, client: TestClient
) -> None:
    project = make_project(client)
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    assert client.get(f"/api/sources/{source['id']}/coding").json()["status"] == "queued"  # runner is off
    runner = ThreadRunner(db, fake_factory)
    app.state.runner = runner
    with TestClient(app):  # starting the app runs its lifespan
        runner.pool.shutdown(wait=True)
    assert client.get(f"/api/sources/{source['id']}/coding").json()["status"] == "done"


def test_a_queued_job_shows_the_count_it_will_code(client: TestClient) -> None:
    project = make_project(client)
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    job = client.get(f"/api/sources/{source['id']}/coding").json()
    assert (job["status"], job["total"]) == ("queued", 0)  # the runner is off: the job has not counted yet
    respondents = client.get(
        f"/api/projects/{project['id']}/utterances", params={"speaker_role": "respondent"}
    ).json()["total"]
    page = client.get(f"/sources/{source['id']}").text
    assert f"<strong>Coding queued:</strong>\n      0 of {respondents} respondent utterances (0%)." in page
    assert "\u2026" not in page.split('id="coding"')[1].split("</section>")[0]


def test_a_failing_after_coding_step_leaves_the_source_coded(
    coding_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A step that acts on fresh codes (a project's adjustment) may fail; the codes are all stored."""
    from app.coding import jobs
    from app.sources.models import Source

    def broken(session: object, source: Source) -> None:
        source.title = "changed by a step that then failed"
        raise ValueError("stored head of an older format")

    monkeypatch.setattr(jobs, "_AFTER_CODED", [broken])
    project = make_project(coding_client)
    source = upload(coding_client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    assert coding_client.get(f"/api/sources/{source['id']}/coding").json()["status"] == "done"
    stored = coding_client.get(f"/api/sources/{source['id']}").json()
    assert stored["status"] == "coded"
    assert stored["title"] != "changed by a step that then failed"  # the failed step's writes are undone
