"""Pages that filter or label by journey stage show the stage as the project's framework names it
(as the journey map does), the option value staying the stage id; a project's own framework, its names."""

from __future__ import annotations

import re

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.jobs.runner import InlineRunner
from app.web import stage_name
from tests.factories import PANEL_TRANSCRIPT, make_project, upload
from tests.fakes import FakePipeline, fake_factory

# The fake stage coder says "research" where a friend is named, "awareness" elsewhere.


@pytest.fixture
def coding_client(app: FastAPI, db: Engine, client: TestClient) -> TestClient:
    app.state.runner = InlineRunner(db, fake_factory)
    FakePipeline.fail_on = None
    return client


def stage_options(page: str) -> dict[str, str]:
    """Option value -> shown text of the transcript page's stage filter."""
    select = re.search(r'<select name="stage">(.*?)</select>', page, re.S)
    assert select is not None
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)))


def own_framework() -> dict[str, object]:
    def stage(slug: str, name: str) -> dict[str, object]:
        return {
            "id": slug,
            "name": name,
            "description": f"When the customer talks about {slug}. Used by the tests.",
            "cue_phrases": [f"{slug} {n}" for n in range(10)],
            "examples": [f"We talked about {slug} on day {n} of the trial." for n in range(15)],
        }

    return {
        "id": "our-path",
        "name": "Our path",
        "description": "A team's own view of how customers find them.",
        "source": "Written for the tests.",
        "stages": [stage("awareness", "Heard of us"), stage("research", "Asked around")],
    }


def test_the_transcript_filter_shows_the_frameworks_stage_names(coding_client: TestClient) -> None:
    project = make_project(coding_client)  # the seven-step framework: "awareness" is "Awareness"
    source = upload(coding_client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]

    page = coding_client.get(f"/sources/{source['id']}").text

    options = stage_options(page)
    assert options["research"] == "Research"
    assert options["awareness"] == "Awareness"
    assert '<span class="chip stage" title="journey stage 0.60">Research</span>' in page


def test_a_projects_own_framework_names_its_stages(coding_client: TestClient) -> None:
    project = make_project(coding_client)
    url = f"/api/projects/{project['id']}/frameworks"
    added = coding_client.post(url, files={"file": ("ours.yaml", yaml.safe_dump(own_framework()).encode())})
    assert added.status_code == 201, added.text
    assert (
        coding_client.patch(f"/api/projects/{project['id']}", json={"framework": "our-path"}).status_code
        == 200
    )
    source = upload(coding_client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]

    options = stage_options(coding_client.get(f"/sources/{source['id']}").text)

    assert options["research"] == "Asked around"
    assert options["awareness"] == "Heard of us"


def test_a_stage_without_a_name_reads_as_its_id_in_words() -> None:
    assert stage_name("post-purchase", {"awareness": "Awareness"}) == "post purchase"
    assert (
        stage_name("loyalty-advocacy", {"loyalty-advocacy": "Loyalty and advocacy"}) == "Loyalty and advocacy"
    )
    assert stage_name("word_of_mouth") == "word of mouth"


def test_a_guide_names_its_sections_stages_as_its_framework_does(client: TestClient) -> None:
    project = make_project(client)  # seven-step; the switch guide uses the jtbd-timeline framework

    page = client.get(f"/projects/{project['id']}/guides/templates/switch").text

    assert "stage: First thought</span>" in page
    assert "stage: first-thought" not in page
