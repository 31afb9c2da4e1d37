"""Saturation: new code labels and new themes per added interview (upload order), overall and per persona,
with the Guest et al. stopping signal, in the API and as an inline SVG curve."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.jobs.runner import InlineRunner
from tests.factories import interview, make_project, two_group_study, upload
from tests.fakes import fake_factory
from tests.topic_fakes import topic_factory

# The fake coder: "broke" -> frustration + pain:obstacle, "friend" -> stage research, else awareness.
EARLY = [
    ["The scanner broke on Monday."],
    ["A friend told me about it."],
    ["We plan the week."],
    ["We plan again."],
]


def _curve(body: dict[str, Any], what: str, group: str = "everyone") -> dict[str, Any]:
    return dict(next(c for c in body["curves"] if c["what"] == what and c["group"] == group))


@pytest.fixture
def coded(app: FastAPI, db: Engine, client: TestClient) -> TestClient:
    app.state.runner = InlineRunner(db, fake_factory)
    return client


def test_interviews_that_add_nothing_new_reach_the_stopping_signal(coded: TestClient) -> None:
    client = coded
    project = make_project(client, "Saturating")
    for i, lines in enumerate(EARLY + EARLY[:2]):
        assert upload(client, project["id"], f"s{i}.txt", interview(f"P{i}", lines)).status_code == 201
    body = client.get(f"/api/projects/{project['id']}/saturation").json()
    curve = _curve(body, "code labels")
    assert [len(p["new"]) for p in curve["points"]] == [3, 1, 0, 0, 0, 0]
    assert curve["points"][0]["new"] == ["emotion:frustration", "pain:obstacle", "stage:awareness"]
    assert curve["base_size"] == 4 and curve["new_information"] == [[5, 0.0]]
    assert curve["saturated"] and curve["saturated_at"] == 5
    page = client.get(f"/projects/{project['id']}/saturation").text
    assert "<svg" in page and "<polyline" in page and 'class="stop"' in page and "Saturated" in page
    assert "fixed codebook" in page  # the code-label curve says why it flattens fast


def test_a_late_new_code_keeps_the_curve_open_until_a_quiet_run(coded: TestClient) -> None:
    client = coded
    project = make_project(client, "Open")
    base = [["The scanner broke on Monday."], ["We plan the week."], ["We plan again."], ["We plan more."]]
    for i, lines in enumerate([*base, ["We plan."], ["A friend told me about it."]]):
        assert upload(client, project["id"], f"o{i}.txt", interview(f"Q{i}", lines)).status_code == 201
    curve = _curve(client.get(f"/api/projects/{project['id']}/saturation").json(), "code labels")
    assert curve["base_size"] == 3 and curve["new_information"] == [[5, pytest.approx(1 / 3)]]
    assert curve["saturated"] is False
    for i in range(2):
        upload(client, project["id"], f"l{i}.txt", interview(f"R{i}", ["We plan a lot."]))
    curve = _curve(client.get(f"/api/projects/{project['id']}/saturation").json(), "code labels")
    assert curve["saturated_at"] == 7


def test_theme_and_persona_curves_follow_the_latest_runs(
    app: FastAPI, db: Engine, client: TestClient
) -> None:
    app.state.runner = InlineRunner(db, topic_factory)
    project = two_group_study(client, "Demo-like")
    pid = project["id"]
    assert [c["what"] for c in client.get(f"/api/projects/{pid}/saturation").json()["curves"]] == [
        "code labels"
    ]
    assert client.post(f"/api/projects/{pid}/themes/runs", json={"scope": "all"}).status_code == 202
    assert client.post(f"/api/projects/{pid}/personas/runs", json={}).status_code == 202
    body = client.get(f"/api/projects/{pid}/saturation").json()
    themes = _curve(body, "themes")
    sources = [p["source_id"] for p in themes["points"]]
    assert sources == sorted(sources) and len(sources) == 6
    totals = [p["total"] for p in themes["points"]]
    assert totals == sorted(totals) and totals[-1] >= 2
    groups = {c["group"] for c in body["curves"]} - {"everyone"}
    assert len(groups) == 2 and all(g.startswith("persona ") for g in groups)
    persona = next(c for c in body["curves"] if c["group"] in groups and c["what"] == "themes")
    assert 0 < len(persona["points"]) < 6  # only the interviews of that persona's participants
