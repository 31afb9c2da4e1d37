"""Journey maps in the service: filled from evidence, per persona, researcher inputs, versions that
show what changed after new interviews, and the forces diagram."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.jobs.runner import InlineRunner
from tests.factories import OPERATIONS_LINES, interview, make_project, two_group_study, upload
from tests.topic_fakes import topic_factory

SEVEN = [
    "awareness",
    "research",
    "consideration",
    "decision",
    "purchase",
    "post-purchase",
    "loyalty-advocacy",
]


@pytest.fixture
def study(app: FastAPI, db: Engine, client: TestClient) -> dict[str, Any]:
    app.state.runner = InlineRunner(db, topic_factory)
    return two_group_study(client, "Journey study", per_group=2, groups=1)


def journey(client: TestClient, project_id: int, **params: Any) -> dict[str, Any]:
    response = client.get(f"/api/projects/{project_id}/journey", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_map_has_a_column_per_stage_and_cells_cite_evidence(
    client: TestClient, study: dict[str, Any]
) -> None:
    data = journey(client, study["id"])
    assert [s["id"] for s in data["stages"]] == SEVEN
    texts = {
        u["id"]: u["text"]
        for u in client.get(f"/api/projects/{study['id']}/utterances", params={"page_size": 500}).json()[
            "items"
        ]
    }
    assert data["utterances"] > 0 and data["participants"] == 2
    awareness = data["emotions"]["awareness"]
    assert awareness["n"] >= 2
    purchase_pains = data["rows"]["pain_points"].get("purchase", [])
    assert purchase_pains == []  # nothing broke while buying
    cited = 0
    for by_stage in data["rows"].values():
        for items in by_stage.values():
            for item in items:
                assert set(item["utterance_ids"]) <= set(texts)
                for quote in item["quotes"]:
                    assert texts[quote["utterance_id"]] == quote["text"]
                    cited += 1
    assert cited > 0


def test_opportunities_and_kpis_appear_in_their_stage(client: TestClient, study: dict[str, Any]) -> None:
    url = f"/api/projects/{study['id']}/journey"
    created = client.post(
        f"{url}/opportunities",
        json={
            "stage": "decision",
            "text": "Price calculator",
            "feasibility": "high",
            "pain_points": ["price"],
        },
    )
    assert created.status_code == 201, created.text
    assert client.post(f"{url}/kpis", json={"stage": "decision", "text": "Win rate 30%"}).status_code == 201
    wrong = client.post(f"{url}/kpis", json={"stage": "nowhere", "text": "x"})
    assert wrong.status_code == 400 and "not in the project's framework" in wrong.json()["error"]["message"]
    data = journey(client, study["id"])
    assert data["opportunities"]["decision"][0]["text"] == "Price calculator"
    assert data["kpis"]["decision"] == ["Win rate 30%"]
    assert client.delete(f"{url}/opportunities/{created.json()['id']}").status_code == 204
    assert journey(client, study["id"])["opportunities"].get("decision", []) == []


def test_new_interviews_change_the_map_and_the_comparison_shows_it(
    client: TestClient, study: dict[str, Any]
) -> None:
    url = f"/api/projects/{study['id']}/journey"
    before = client.post(f"{url}/versions", json={"label": "Round 1"})
    assert before.status_code == 201, before.text
    for i in range(2):
        upload(client, study["id"], f"ops{i}.txt", interview(f"Oli{i}", OPERATIONS_LINES, variant=i))
    after = client.post(f"{url}/versions", json={"label": "Round 2"}).json()
    saved = journey(client, study["id"], snapshot_id=before.json()["id"])
    assert saved["participants"] == 2 and journey(client, study["id"])["participants"] == 4
    diff = client.get(f"{url}/compare", params={"old": before.json()["id"], "new": after["id"]}).json()
    assert diff["old"] == "Round 1" and diff["new"] == "Round 2"
    assert diff["changes"] and diff["summary"]
    totals = {c["label"]: (c["before"], c["after"]) for c in diff["changes"] if c["row"] == "totals"}
    assert totals["participants"] == (2, 4)
    assert any(c["kind"] == "added" for c in diff["changes"])  # e.g. the warehouse crew's touchpoints
    same = client.get(f"{url}/compare", params={"old": after["id"], "new": after["id"]}).json()
    assert same["changes"] == []
    page = client.get(
        f"/projects/{study['id']}/journey/compare", params={"old": before.json()["id"], "new": after["id"]}
    )
    assert page.status_code == 200 and diff["summary"][0].split(":")[0] in page.text


def test_persona_map_only_holds_that_persona(client: TestClient, study: dict[str, Any]) -> None:
    for i in range(2):
        upload(client, study["id"], f"ops{i}.txt", interview(f"Oli{i}", OPERATIONS_LINES, variant=i))
    client.post(f"/api/projects/{study['id']}/personas/runs", json={"k": 2})
    personas = client.get(f"/api/projects/{study['id']}/personas").json()["personas"]
    sizes = sorted(journey(client, study["id"], persona_id=p["id"])["participants"] for p in personas)
    assert sizes == [2, 2]
    other = make_project(client, "Other")
    assert (
        client.get(
            f"/api/projects/{other['id']}/journey", params={"persona_id": personas[0]["id"]}
        ).status_code
        == 404
    )


def test_forces_diagram_lists_the_four_forces_with_quotes(client: TestClient, study: dict[str, Any]) -> None:
    data = client.get(f"/api/projects/{study['id']}/forces").json()
    assert [f["force"] for f in data["forces"]] == ["push", "pull", "anxiety", "habit"]
    anxiety = data["forces"][2]
    assert anxiety["utterances"] == 2 and all("worried" in q["text"] for q in anxiety["quotes"])
    page = client.get(f"/projects/{study['id']}/forces")
    assert page.status_code == 200 and anxiety["quotes"][0]["text"].replace("'", "&#39;") in page.text


def test_map_page_shows_the_curve_and_an_empty_state(client: TestClient, study: dict[str, Any]) -> None:
    page = client.get(f"/projects/{study['id']}/journey")
    assert page.status_code == 200 and 'class="curve"' in page.text and "Awareness" in page.text
    empty = make_project(client, "Empty")
    assert "Nothing to map yet" in client.get(f"/projects/{empty['id']}/journey").text


def test_thin_stages_are_marked_low_support_on_the_page_and_in_exports(
    client: TestClient, study: dict[str, Any]
) -> None:
    data = journey(client, study["id"])
    low = {sid: s for sid, s in data["support"].items() if s["low"]}
    assert low and all(s["utterances"] < 5 or s["participants"] < 2 for s in low.values())
    assert all(not s["low"] for sid, s in data["support"].items() if sid not in low)
    support = next(iter(low.values()))
    note = f"low support: {support['utterances']} utterance"
    assert note in client.get(f"/projects/{study['id']}/journey").text
    csv_text = client.get(f"/api/projects/{study['id']}/journey/export", params={"format": "csv"}).text
    assert csv_text.splitlines()[0].endswith("support") and note in csv_text
    markdown = client.get(f"/api/projects/{study['id']}/journey/export", params={"format": "md"}).text
    assert note in markdown
