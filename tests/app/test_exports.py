"""Exports of themes, personas, journey maps and forces: JSON, Markdown, CSV and a real PDF."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.jobs.runner import InlineRunner
from tests.factories import make_project, two_group_study, upload
from tests.topic_fakes import topic_factory


@pytest.fixture
def study(app: FastAPI, db: Engine, client: TestClient) -> dict[str, Any]:
    app.state.runner = InlineRunner(db, topic_factory)
    project = two_group_study(client, "Export study")
    client.post(f"/api/projects/{project['id']}/themes/runs", json={"scope": "all"})
    client.post(f"/api/projects/{project['id']}/personas/runs", json={})
    return project


def urls(client: TestClient, project_id: int) -> dict[str, str]:
    persona = client.get(f"/api/projects/{project_id}/personas").json()["personas"][0]
    base = f"/api/projects/{project_id}"
    return {
        "themes": f"{base}/themes/export",
        "personas": f"{base}/personas/export",
        "persona": f"{base}/personas/{persona['id']}/export",
        "journey": f"{base}/journey/export",
        "forces": f"{base}/forces/export",
    }


@pytest.mark.parametrize("kind", ["themes", "personas", "persona", "journey", "forces"])
def test_each_export_in_each_format(client: TestClient, study: dict[str, Any], kind: str) -> None:
    url = urls(client, study["id"])[kind]
    as_json = client.get(url, params={"format": "json"})
    assert as_json.status_code == 200 and "attachment" in as_json.headers["content-disposition"]
    data = json.loads(as_json.content)
    assert data
    markdown = client.get(url, params={"format": "md"})
    assert markdown.headers["content-type"].startswith("text/markdown") and markdown.text.startswith("# ")
    assert "&#" not in markdown.text and "&amp;" not in markdown.text
    table = list(csv.DictReader(io.StringIO(client.get(url, params={"format": "csv"}).text)))
    assert table and all(row.keys() == table[0].keys() for row in table)
    pdf = client.get(url, params={"format": "pdf"})
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert len(pdf.content) > 2000


@pytest.mark.parametrize(("kind", "quote"), [("journey", "quotes"), ("themes", "quote"), ("forces", "quote")])
def test_csv_exports_say_who_said_each_quote(
    client: TestClient, study: dict[str, Any], kind: str, quote: str
) -> None:
    url = urls(client, study["id"])[kind]
    table = list(csv.DictReader(io.StringIO(client.get(url, params={"format": "csv"}).text)))
    quoted = [row for row in table if row[quote].startswith(("\u201c", "'\u201c")) or row.get("utterance_id")]
    assert quoted and all(row["said_by"] for row in quoted)
    data = json.loads(client.get(url, params={"format": "json"}).content)
    said = {q["said_by"] for q in _quotes_in(data)}
    assert {name for row in quoted for name in row["said_by"].split(" | ")} <= said


def _quotes_in(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        own = [data] if "utterance_id" in data and "text" in data else []
        return own + [q for value in data.values() for q in _quotes_in(value)]
    if isinstance(data, list):
        return [q for value in data for q in _quotes_in(value)]
    return []


def test_pdf_holds_the_persona_canvas_text(client: TestClient, study: dict[str, Any]) -> None:
    pypdf = pytest.importorskip("pypdf", reason="pypdf reads the text back; weasyprint does not need it")
    persona = client.get(f"/api/projects/{study['id']}/personas").json()["personas"][0]
    pdf = client.get(urls(client, study["id"])["persona"], params={"format": "pdf"}).content
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert persona["name"].split()[0] in text and "Importance of price" in text.replace("\n", " ")


def test_csv_export_neutralises_formulas(client: TestClient, app: FastAPI, db: Engine) -> None:
    app.state.runner = InlineRunner(db, topic_factory)
    project = make_project(client, "Formula")
    upload(
        client, project["id"], "f.txt", b'Interviewer: Hi?\nDana: =HYPERLINK("http://x") the invoice broke.\n'
    )
    rows = client.get(f"/api/projects/{project['id']}/forces/export", params={"format": "csv"}).text
    assert "=HYPERLINK" not in rows.replace("'=HYPERLINK", "")


def test_unknown_format_is_a_validation_error(client: TestClient, study: dict[str, Any]) -> None:
    assert (
        client.get(f"/api/projects/{study['id']}/journey/export", params={"format": "docx"}).status_code
        == 422
    )


def test_an_empty_export_has_the_header_row_and_no_none(client: TestClient, study: dict[str, Any]) -> None:
    empty = make_project(client, "Nothing yet")
    for kind in ("themes", "personas", "journey", "forces"):
        full_url = urls(client, study["id"])[kind]
        header = client.get(full_url, params={"format": "csv"}).text.splitlines()[0]
        url = full_url.replace(f"/projects/{study['id']}/", f"/projects/{empty['id']}/")
        text = client.get(url, params={"format": "csv"}).content.decode("utf-8-sig")
        lines = text.splitlines()
        assert lines[0] == header.removeprefix("\ufeff") and "empty" not in lines[0], kind
        assert "None" not in text, kind
        if kind in ("themes", "personas"):  # (the journey's stages and the four forces are listed anyway)
            assert lines == [lines[0]], kind


def test_every_export_of_participant_data_is_in_the_audit_log(
    client: TestClient, study: dict[str, Any]
) -> None:
    project_id = study["id"]
    links = urls(client, project_id)
    source_id = client.get(f"/api/projects/{project_id}/sources").json()["items"][0]["id"]
    persona_id = int(links["persona"].split("/")[-2])
    for kind in ("themes", "personas", "persona", "journey", "forces"):
        assert client.get(links[kind], params={"format": "csv"}).status_code == 200
    assert client.get(links["journey"], params={"format": "md", "persona_id": persona_id}).status_code == 200
    for url in (
        f"/api/projects/{project_id}/utterances.csv",
        f"/api/sources/{source_id}/utterances.csv",
        f"/api/projects/{project_id}/agreement.csv",
    ):
        assert client.get(url).status_code == 200
    gone = client.get(f"/api/projects/{project_id}/personas/999999/export", params={"format": "csv"})
    assert gone.status_code == 404
    events = client.get(f"/api/projects/{project_id}/audit").json()["items"]
    exports = [(e["action"], e["detail"]) for e in reversed(events) if e["action"].endswith(".export")]
    assert exports == [
        ("themes.export", {"format": "csv", "scope": "all"}),
        ("personas.export", {"format": "csv"}),
        ("personas.export", {"format": "csv", "persona_id": persona_id}),
        ("journey.export", {"format": "csv"}),
        ("forces.export", {"format": "csv"}),
        ("journey.export", {"format": "md", "persona_id": persona_id}),
        ("sentences.export", {"format": "csv"}),
        ("sentences.export", {"format": "csv", "source_id": source_id}),
        ("agreement.export", {"format": "csv"}),
    ]
    assert {e["actor_email"] for e in events if e["action"].endswith(".export")} == {"owner@example.com"}
