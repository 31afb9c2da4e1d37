"""Agreement: machine vs researcher (kappa and alpha equal to a hand-computed fixture, confusion cells
linking to the utterances, CSV), blind rounds between two researchers and their reconciliation."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.agreement.service import kind_agreement
from app.jobs.runner import InlineRunner
from tests.conftest import client_for
from tests.fakes import fake_factory
from tests.review_data import EXPECTED_ALPHA, EXPECTED_KAPPA, agreement_project


@pytest.fixture
def coding_client(app: FastAPI, db: Engine, client: TestClient) -> TestClient:
    app.state.runner = InlineRunner(db, fake_factory)
    return client


def test_machine_vs_researcher_matches_the_hand_computed_fixture(coding_client: TestClient) -> None:
    client = coding_client
    project = agreement_project(client)
    report = client.get(f"/api/projects/{project['id']}/agreement").json()
    emotion = next(k for k in report["kinds"] if k["kind"] == "emotion")
    assert emotion["units"] == 6 and emotion["observed"] == pytest.approx(0.5)
    assert emotion["kappa"] == pytest.approx(EXPECTED_KAPPA) and emotion["alpha"] == pytest.approx(
        EXPECTED_ALPHA
    )
    cells = {(c["a"], c["b"]): c for c in emotion["cells"]}
    assert cells[("neutral", "none")]["count"] == 1 and cells[("neutral", "neutral")]["count"] == 2
    labels = {item["label"]: item for item in emotion["labels"]}
    assert set(labels) == {"frustration", "anxiety", "neutral", "none"}


def test_agreement_page_shows_kappa_alpha_and_links_disagreements(coding_client: TestClient) -> None:
    client = coding_client
    project = agreement_project(client)
    page = client.get(f"/projects/{project['id']}/agreement").text
    assert '<strong class="kappa">0.250</strong>' in page and '<strong class="alpha">0.267</strong>' in page
    link = f"/projects/{project['id']}/agreement/emotion/cell?a=neutral&amp;b=frustration"
    assert link in page
    cell = client.get(link.replace("&amp;", "&")).text
    assert "Our manager signs every order." in cell and "The export broke" not in cell


def test_csv_export_has_one_row_per_kind_and_label(coding_client: TestClient) -> None:
    client = coding_client
    project = agreement_project(client)
    response = client.get(f"/api/projects/{project['id']}/agreement.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    overall = next(r for r in rows if r["kind"] == "emotion" and r["label"] == "*")
    assert float(overall["kappa"]) == pytest.approx(EXPECTED_KAPPA, abs=1e-4)
    assert {r["label"] for r in rows if r["kind"] == "emotion"} == {
        "*",
        "frustration",
        "anxiety",
        "neutral",
        "none",
    }


def test_blind_round_hides_other_codes_then_reconciles(
    coding_client: TestClient, app: FastAPI, db: Engine
) -> None:
    client = coding_client
    project = agreement_project(client)
    pid = project["id"]
    with client_for(app, db, "second@example.com") as second:
        added = client.post(
            f"/api/projects/{pid}/members", json={"email": "second@example.com", "role": "researcher"}
        )
        assert added.status_code == 201, added.text
        body = {
            "name": "Round 1",
            "kind": "emotion",
            "size": 4,
            "coder_emails": ["owner@example.com", "second@example.com"],
        }
        created = client.post(f"/api/projects/{pid}/rounds", json=body)
        assert created.status_code == 201, created.text
        rid, sample = created.json()["id"], created.json()["utterance_ids"]
        assert len(sample) == 4
        for k, uid in enumerate(sample):
            client.post(
                f"/api/projects/{pid}/rounds/{rid}/codes", json={"utterance_id": uid, "label": "neutral"}
            )
            label = "neutral" if k < 2 else "anxiety"
            second.post(f"/api/projects/{pid}/rounds/{rid}/codes", json={"utterance_id": uid, "label": label})
        mine = second.get(f"/api/projects/{pid}/rounds/{rid}").json()
        assert {m["label"] for m in mine} == {"neutral", "anxiety"}  # only the second coder's own labels
        page = second.get(f"/projects/{pid}/rounds/{rid}").text
        assert "frustration</span>" not in page and "chip" not in page  # no machine codes shown
    result = client.get(f"/api/projects/{pid}/rounds/{rid}/agreement").json()
    assert result["agreement"]["units"] == 4 and result["agreement"]["observed"] == pytest.approx(0.5)
    assert [d["utterance_id"] for d in result["differences"]] == sample[2:]
    final = client.post(
        f"/api/projects/{pid}/rounds/{rid}/reconcile", json={"utterance_id": sample[2], "label": "anxiety"}
    )
    assert final.status_code == 201
    codes = client.get(f"/api/utterances/{sample[2]}/codes").json()
    assert any(c["origin"] == "researcher" and c["label"] == "anxiety" for c in codes)
    assert "final: anxiety" in client.get(f"/projects/{pid}/rounds/{rid}/reconcile").text


def test_only_the_rounds_coders_code_it(coding_client: TestClient, app: FastAPI, db: Engine) -> None:
    client = coding_client
    project = agreement_project(client)
    pid = project["id"]
    body = {
        "name": "Solo",
        "kind": "emotion",
        "size": 3,
        "coder_emails": ["owner@example.com", "nobody@example.com"],
    }
    refused = client.post(f"/api/projects/{pid}/rounds", json=body)
    assert refused.status_code == 400 and "nobody@example.com" in refused.json()["error"]["message"]


def test_fitting_too_early_from_the_page_says_why(coding_client: TestClient) -> None:
    client = coding_client
    project = agreement_project(client)
    response = client.post(f"/projects/{project['id']}/adjustments/emotion/fit", follow_redirects=False)
    assert response.status_code == 303 and "error=" in response.headers["location"]
    assert (
        "Review at least 10 emotion codes first; 6 are reviewed."
        in client.get(response.headers["location"]).text
    )


def test_blind_rounds_take_single_label_kinds(coding_client: TestClient) -> None:
    client = coding_client
    project = agreement_project(client)
    body = {"name": "F", "kind": "force", "size": 3, "coder_emails": ["owner@example.com", "x@example.com"]}
    refused = client.post(f"/api/projects/{project['id']}/rounds", json=body)
    assert refused.status_code == 400 and "one label per utterance" in refused.json()["error"]["message"]


def test_blind_codes_and_final_codes_take_only_the_kinds_labels(
    coding_client: TestClient, app: FastAPI, db: Engine
) -> None:
    client = coding_client
    pid = agreement_project(client)["id"]
    with client_for(app, db, "second@example.com"):
        client.post(
            f"/api/projects/{pid}/members", json={"email": "second@example.com", "role": "researcher"}
        )
    body = {
        "name": "R",
        "kind": "emotion",
        "size": 2,
        "coder_emails": ["owner@example.com", "second@example.com"],
    }
    created = client.post(f"/api/projects/{pid}/rounds", json=body).json()
    rid, uid = created["id"], created["utterance_ids"][0]
    for step in ("codes", "reconcile"):
        refused = client.post(
            f"/api/projects/{pid}/rounds/{rid}/{step}", json={"utterance_id": uid, "label": "made-up"}
        )
        assert refused.status_code == 400, step
        assert "'made-up' is not one of the emotion labels" in refused.json()["error"]["message"]
        none = client.post(
            f"/api/projects/{pid}/rounds/{rid}/{step}", json={"utterance_id": uid, "label": "none"}
        )
        assert none.status_code == 201, step
    codes = client.get(f"/api/utterances/{uid}/codes").json()
    assert not any(c["label"] == "made-up" for c in codes)
    assert client.get(f"/api/projects/{pid}/rounds/{rid}").json()[0]["label"] == "none"


def test_a_cell_of_an_unknown_kind_is_not_found_and_an_unknown_label_is_named(
    coding_client: TestClient,
) -> None:
    client = coding_client
    pid = agreement_project(client)["id"]

    bogus = client.get(f"/projects/{pid}/agreement/bogus/cell", params={"a": "x", "b": "y"})
    made_up = client.get(f"/projects/{pid}/agreement/emotion/cell", params={"a": "made-up", "b": "neutral"})
    empty = client.get(f"/projects/{pid}/agreement/emotion/cell", params={"a": "anxiety", "b": "delight"})

    assert bogus.status_code == 404 and "No utterances in this cell" not in bogus.text
    assert made_up.status_code == 400
    assert "&#39;made-up&#39; is not one of the emotion labels: " in made_up.text
    assert empty.status_code == 200 and "No utterances in this cell" in empty.text


def test_kappa_and_alpha_from_few_units_carry_a_low_support_note(coding_client: TestClient) -> None:
    client = coding_client
    pid = agreement_project(client)["id"]

    report = client.get(f"/api/projects/{pid}/agreement").json()
    page = client.get(f"/projects/{pid}/agreement").text
    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/projects/{pid}/agreement.csv").text)))

    emotion = next(k for k in report["kinds"] if k["kind"] == "emotion")
    note = "low support: 6 units (kappa and alpha need 20 or more)"
    assert emotion["low_support"] is True and emotion["support_note"] == note
    assert note in page
    assert {r["support"] for r in rows if r["kind"] == "emotion"} == {note}


@pytest.mark.parametrize(("units", "low"), [(19, True), (20, False)])
def test_low_support_is_fewer_than_twenty_units(units: int, low: bool) -> None:
    machine = {unit: "neutral" if unit % 3 else "anxiety" for unit in range(units)}
    researcher = {unit: "neutral" if unit % 4 else "anxiety" for unit in range(units)}

    found = kind_agreement("emotion", machine, researcher)

    assert found.units == units and found.low_support is low
    assert (found.support_note != "") is low
