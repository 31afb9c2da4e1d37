"""A project picks a journey framework, shipped or its own; coding uses it."""

from __future__ import annotations

import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.jobs.runner import InlineRunner
from tests.factories import PANEL_TRANSCRIPT, make_project, upload
from tests.fakes import fake_factory


def own_framework(stage_examples: int = 15) -> dict[str, object]:
    def stage(slug: str, words: str) -> dict[str, object]:
        return {
            "id": slug,
            "name": slug.title(),
            "description": f"When the customer talks about {words}. Used by the tests.",
            "cue_phrases": [f"{words} {n}" for n in range(10)],
            "examples": [f"We talked about {words} on day {n} of the trial." for n in range(stage_examples)],
        }

    return {
        "id": "sales-cycle",
        "name": "Our sales cycle",
        "description": "A team's own three-step view of how deals move.",
        "source": "Written for the tests.",
        "stages": [stage("discover", "discovery"), stage("evaluate", "evaluation"), stage("commit", "contracts")],
    }


def test_shipped_frameworks_are_listed_and_unknown_ones_refused(client: TestClient) -> None:
    project = make_project(client)
    ids = {f["id"] for f in client.get(f"/api/projects/{project['id']}/frameworks").json()}
    assert ids == {"seven-step", "b2b-five", "inbound", "classic-funnel", "jtbd-timeline"}
    assert client.patch(f"/api/projects/{project['id']}", json={"framework": "inbound"}).status_code == 200
    refused = client.patch(f"/api/projects/{project['id']}", json={"framework": "made-up"})
    assert refused.status_code == 400 and "made-up" in refused.json()["error"]["message"]
    assert client.post("/api/projects", json={"name": "X", "framework": "made-up"}).status_code == 400


def test_a_project_adds_and_codes_with_its_own_framework(app: FastAPI, db: Engine, client: TestClient) -> None:
    app.state.runner = InlineRunner(db, fake_factory)
    project = make_project(client)
    url = f"/api/projects/{project['id']}/frameworks"
    added = client.post(url, files={"file": ("ours.yaml", yaml.safe_dump(own_framework()).encode())})
    assert added.status_code == 201, added.text
    assert [s["id"] for s in added.json()["stages"]] == ["discover", "evaluate", "commit"]
    assert client.patch(f"/api/projects/{project['id']}", json={"framework": "sales-cycle"}).status_code == 200
    again = client.post(url, files={"file": ("ours.yaml", yaml.safe_dump(own_framework()).encode())})
    assert again.status_code == 400 and "already exists" in again.json()["error"]["message"]
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    assert client.get(f"/api/sources/{source['id']}/coding").json()["status"] == "done"


def test_a_broken_framework_says_where(client: TestClient) -> None:
    project = make_project(client)
    url = f"/api/projects/{project['id']}/frameworks"
    thin = client.post(url, files={"file": ("thin.yaml", yaml.safe_dump(own_framework(stage_examples=3)).encode())})
    assert thin.status_code == 400
    assert "thin.yaml" in thin.json()["error"]["message"] and "examples" in thin.json()["error"]["message"]
    broken = client.post(url, files={"file": ("bad.yaml", b"id: x\nstages: [unclosed\n")})
    assert broken.status_code == 400 and "bad.yaml, line" in broken.json()["error"]["message"]


def test_the_pipeline_for_an_own_framework_uses_its_stages() -> None:
    from app.coding.features import StoredFeatureEncoder
    from app.coding.jobs import pipeline_with
    from nlp.encoder import get_encoder
    from nlp.frameworks import load_framework_file
    from nlp.types import CodingInput

    framework = load_framework_file(own_framework())
    pipeline = pipeline_with(framework, StoredFeatureEncoder(get_encoder, {}))
    [result] = pipeline.code([CodingInput("We signed the contracts 3 with legal yesterday.")])
    assert result.stage == "commit"
