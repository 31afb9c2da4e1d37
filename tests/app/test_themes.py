"""Themes in the service: a run over coded evidence, known structure found, edits survive re-runs."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.jobs.runner import InlineRunner
from app.themes.models import Theme
from tests.factories import FINANCE_LINES, interview, make_project, two_group_study, upload
from tests.topic_fakes import topic_factory


@pytest.fixture
def study(app: FastAPI, db: Engine, client: TestClient) -> dict[str, Any]:
    """Six coded interviews: three finance people, three operations people."""
    app.state.runner = InlineRunner(db, topic_factory)
    return two_group_study(client, "Themes study")


def run_themes(client: TestClient, project_id: int, scope: str = "all") -> dict[str, Any]:
    response = client.post(f"/api/projects/{project_id}/themes/runs", json={"scope": scope})
    assert response.status_code == 202, response.text
    run = client.get(f"/api/projects/{project_id}/analyses/{response.json()['id']}").json()
    assert run["status"] == "done", run
    body = client.get(f"/api/projects/{project_id}/themes", params={"scope": scope}).json()
    assert body["run"]["id"] == run["id"]
    return dict(body)


def members(client: TestClient, project_id: int, theme_id: int) -> list[str]:
    response = client.get(
        f"/api/projects/{project_id}/themes/{theme_id}/utterances", params={"page_size": 200}
    )
    assert response.status_code == 200
    return [u["text"] for u in response.json()["items"]]


def theme_with(
    client: TestClient, project_id: int, themes: list[dict[str, Any]], word: str
) -> dict[str, Any]:
    return max(themes, key=lambda t: sum(word in text for text in members(client, project_id, t["id"])))


def test_topics_come_out_as_themes_with_counts_and_quotes(client: TestClient, study: dict[str, Any]) -> None:
    body = run_themes(client, study["id"])
    themes = body["themes"]
    assert len(themes) >= 2
    for word in ("invoice", "warehouse"):
        theme = theme_with(client, study["id"], themes, word)
        texts = members(client, study["id"], theme["id"])
        assert len(texts) == theme["utterance_count"]
        assert sum(word in t for t in texts) >= 3
        assert theme["participant_count"] >= 2
        assert set(theme["representative_ids"]) and len(theme["representative_ids"]) <= 5
    invoice, warehouse = (theme_with(client, study["id"], themes, w) for w in ("invoice", "warehouse"))
    assert invoice["id"] != warehouse["id"]


def test_same_data_same_themes(client: TestClient, study: dict[str, Any]) -> None:
    first = [(t["label"], t["utterance_count"]) for t in run_themes(client, study["id"])["themes"]]
    second = [(t["label"], t["utterance_count"]) for t in run_themes(client, study["id"])["themes"]]
    assert first == second


def test_rename_survives_a_rerun_on_new_data(client: TestClient, study: dict[str, Any]) -> None:
    themes = run_themes(client, study["id"])["themes"]
    invoice = theme_with(client, study["id"], themes, "invoice")
    response = client.patch(
        f"/api/projects/{study['id']}/themes/{invoice['id']}", json={"label": "Billing pain"}
    )
    assert response.status_code == 200 and response.json()["edited"] is True
    upload(client, study["id"], "fin9.txt", interview("Fred", FINANCE_LINES, variant=9))
    again = run_themes(client, study["id"])["themes"]
    renamed = [t for t in again if t["label"] == "Billing pain"]
    assert len(renamed) == 1 and renamed[0]["edited"]
    assert sum("invoice" in text for text in members(client, study["id"], renamed[0]["id"])) >= 4


def test_merge_then_rerun_keeps_the_merge(client: TestClient, study: dict[str, Any]) -> None:
    themes = run_themes(client, study["id"])["themes"]
    a, b = (theme_with(client, study["id"], themes, w) for w in ("invoice", "warehouse"))
    total = a["utterance_count"] + b["utterance_count"]
    response = client.post(
        f"/api/projects/{study['id']}/themes/merge",
        json={"theme_ids": [a["id"], b["id"]], "label": "Everything"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["utterance_count"] == total
    again = run_themes(client, study["id"])["themes"]
    merged = [t for t in again if t["label"] == "Everything"]
    assert len(merged) == 1 and merged[0]["utterance_count"] == total


def test_the_run_message_counts_the_themes_there_are_after_a_merge(
    client: TestClient, study: dict[str, Any]
) -> None:
    body = run_themes(client, study["id"])
    themes, found = body["themes"], len(body["themes"])
    assert body["run"]["message"].startswith(f"{found} themes, ")
    a, b = (theme_with(client, study["id"], themes, w) for w in ("invoice", "warehouse"))
    merge = {"theme_ids": [a["id"], b["id"]], "label": "Everything"}
    assert client.post(f"/api/projects/{study['id']}/themes/merge", json=merge).status_code == 200
    now = f"{found - 1} theme{'' if found == 2 else 's'} after edits (the run found {found}), "
    assert client.get(f"/api/projects/{study['id']}/themes").json()["run"]["message"].startswith(now)
    assert f"UTC: {now}" in client.get(f"/projects/{study['id']}/themes").text
    markdown = client.get(f"/api/projects/{study['id']}/themes/export", params={"format": "md"}).text
    assert f"\n{now}" in markdown and f"{found} themes, " not in markdown


def test_split_makes_smaller_themes(client: TestClient, study: dict[str, Any]) -> None:
    themes = run_themes(client, study["id"])["themes"]
    biggest = themes[0]
    response = client.post(f"/api/projects/{study['id']}/themes/{biggest['id']}/split", json={"parts": 2})
    assert response.status_code == 200, response.text
    parts = response.json()
    assert len(parts) == 2 and sum(p["utterance_count"] for p in parts) == biggest["utterance_count"]
    assert all(p["edited"] for p in parts)


def test_themes_within_pain_points_only_hold_pain_points(client: TestClient, study: dict[str, Any]) -> None:
    body = run_themes(client, study["id"], scope="pain_point")
    texts = [t for theme in body["themes"] for t in members(client, study["id"], theme["id"])]
    assert texts and all(any(w in t for w in ("broke", "expensive", "slow")) for t in texts)


def test_unknown_scope_and_too_little_data_are_explained(client: TestClient, study: dict[str, Any]) -> None:
    response = client.post(f"/api/projects/{study['id']}/themes/runs", json={"scope": "colour:blue"})
    assert response.status_code == 400 and "Unknown theme scope" in response.json()["error"]["message"]
    empty = make_project(client, "Nothing here")
    body = run_themes(client, empty["id"])
    assert body["themes"] == [] and "at least" in body["run"]["message"]


def test_theme_pages_render(client: TestClient, study: dict[str, Any]) -> None:
    page = client.get(f"/projects/{study['id']}/themes")
    assert page.status_code == 200 and "No themes yet" in page.text
    themes = run_themes(client, study["id"])["themes"]
    page = client.get(f"/projects/{study['id']}/themes")
    assert str(escape(themes[0]["label"])) in page.text and "<svg" in page.text
    detail = client.get(f"/projects/{study['id']}/themes/{themes[0]['id']}")
    assert detail.status_code == 200 and str(escape(themes[0]["label"])) in detail.text


def test_only_the_newest_three_runs_keep_their_themes(client: TestClient, study: dict[str, Any]) -> None:
    runs = [run_themes(client, study["id"])["run"]["id"] for _ in range(4)]
    first_theme = client.get(f"/api/projects/{study['id']}/themes").json()["themes"][0]["id"]
    assert client.get(f"/api/projects/{study['id']}/themes/{first_theme}/utterances").status_code == 200
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        kept = {t.run_id for t in session.exec(select(Theme))}
    assert kept == set(runs[1:])
