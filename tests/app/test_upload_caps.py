"""Decompression bombs and oversized files are refused with 413, say what and where, and store nothing."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.sources import pages, routes
from tests.bombs import csv_rows, docx_bomb, xlsx_bomb, xlsx_many_rows
from tests.factories import PANEL_TRANSCRIPT, counts, make_project, upload


@pytest.fixture
def app_settings(tmp_path: Path) -> Settings:
    # Room for the 13 MB CSV; the caps themselves are the defaults except where a test says.
    return Settings(data_dir=tmp_path, max_upload_mb=20.0, coding_runner="off", max_rows=200_000)


def assert_refused(
    client: TestClient, project_id: int, response_status: int, body: dict[str, object]
) -> None:
    assert response_status == 413
    assert body["error"]["code"] == "too_large"  # type: ignore[index]
    assert counts(client, project_id) == (0, 0, 0)
    assert client.get(f"/api/projects/{project_id}/sources").json()["items"] == []


def test_docx_with_a_huge_document_xml_is_refused_from_its_directory(client: TestClient) -> None:
    project = make_project(client)
    response = upload(client, project["id"], "bomb.docx", docx_bomb(80))
    assert_refused(client, project["id"], response.status_code, response.json())
    error = response.json()["error"]
    assert error["file"] == "bomb.docx" and "word/document.xml" in error["message"]
    assert "DESIRELINES_MAX_UNPACKED_MB" in error["message"]


def test_xlsx_with_a_huge_sheet_is_refused(client: TestClient) -> None:
    project = make_project(client)
    response = upload(client, project["id"], "bomb.xlsx", xlsx_bomb(80))
    assert_refused(client, project["id"], response.status_code, response.json())
    assert "xl/worksheets/sheet1.xml" in response.json()["error"]["message"]


def test_a_million_row_csv_is_refused_by_the_row_cap_at_the_first_row_over(client: TestClient) -> None:
    project = make_project(client)
    response = upload(client, project["id"], "huge.csv", csv_rows(1_000_000))
    assert_refused(client, project["id"], response.status_code, response.json())
    error = response.json()["error"]
    assert error["line"] == 200_001 and "200,000 rows" in error["message"]


def test_xlsx_within_the_size_cap_stops_reading_at_the_row_cap(
    client: TestClient, app_settings: Settings
) -> None:
    app_settings.max_rows = 1_000
    project = make_project(client)
    response = upload(client, project["id"], "rows.xlsx", xlsx_many_rows(5_000))
    assert_refused(client, project["id"], response.status_code, response.json())
    assert response.json()["error"]["line"] == 1_001


def test_utterance_cap_refuses_a_transcript_before_storing(
    client: TestClient, app_settings: Settings
) -> None:
    app_settings.max_utterances = 3
    project = make_project(client)
    response = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    assert_refused(client, project["id"], response.status_code, response.json())
    assert "DESIRELINES_MAX_UTTERANCES" in response.json()["error"]["message"]


def test_sentences_past_the_utterance_cap_are_refused_and_nothing_is_kept(
    client: TestClient, app_settings: Settings
) -> None:
    app_settings.max_utterances = 9  # 8 turns pass the first check; their sentences do not
    project = make_project(client)
    response = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    assert_refused(client, project["id"], response.status_code, response.json())


def test_a_bomb_among_good_files_on_the_upload_page_loses_nothing_else(client: TestClient) -> None:
    project = make_project(client)
    files = [("files", ("bomb.docx", docx_bomb(80))), ("files", ("panel.txt", PANEL_TRANSCRIPT.encode()))]
    page = client.post(f"/projects/{project['id']}/upload", files=files)
    assert [r.status_code for r in page.history] == [303]
    assert "bomb.docx" in page.text and "DESIRELINES_MAX_UNPACKED_MB" in page.text
    assert [s["filename"] for s in client.get(f"/api/projects/{project['id']}/sources").json()["items"]] == [
        "panel.txt"
    ]


def test_upload_routes_run_in_the_threadpool_not_on_the_event_loop() -> None:
    assert not inspect.iscoroutinefunction(routes.upload_source)
    assert not inspect.iscoroutinefunction(pages.upload_files)
