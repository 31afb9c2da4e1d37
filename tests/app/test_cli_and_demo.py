"""The CLI import and the demo project, against the same database backends as the API."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.cli import main
from app.demo.loader import DEMO_DIR, DEMO_EMAIL, DEMO_PASSWORD, DEMO_PROJECT
from app.imports import source_files
from tests.factories import PANEL_TRANSCRIPT, make_project, upload


@pytest.fixture
def cli_db(db: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setattr("app.db.get_engine", lambda: db)
    return db


def test_import_needs_an_owner_and_user_create_makes_one(cli_db: Engine, tmp_path: Path) -> None:
    (tmp_path / "panel.txt").write_text(PANEL_TRANSCRIPT)
    refused = CliRunner().invoke(main, ["import", str(tmp_path), "--project", "CLI study", "--no-code"])
    assert refused.exit_code == 1
    assert "desirelines user create --admin" in refused.output
    short = CliRunner().invoke(main, ["user", "create", "--admin", "a@example.com", "--password-stdin"], input="short\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    created = CliRunner().invoke(
        main, ["user", "create", "--admin", "a@example.com", "--password-stdin"], input="a long enough secret\n"
    )
    assert created.exit_code == 0, created.output
    assert "a long enough secret" not in created.output
    imported = CliRunner().invoke(main, ["import", str(tmp_path), "--project", "CLI study", "--no-code"])
    assert imported.exit_code == 0, imported.output


def test_import_folder_reports_each_file_and_fails_on_bad_ones(cli_db: Engine, tmp_path: Path) -> None:
    CliRunner().invoke(main, ["user", "create", "--admin", "a@example.com", "--password-stdin"], input="0123456789ab\n")
    (tmp_path / "panel.txt").write_text(PANEL_TRANSCRIPT)
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "copy.txt").write_text(PANEL_TRANSCRIPT)
    (tmp_path / "broken.vtt").write_text("WEBVTT\n\n00:00:xx --> 00:01\nhello\n")
    result = CliRunner().invoke(main, ["import", str(tmp_path), "--project", "CLI study", "--no-code"])
    assert result.exit_code == 1
    assert "ok    " in result.output and "panel.txt" in result.output
    assert "skip  " in result.output and "already imported" in result.output
    assert "FAIL  broken.vtt, line 3" in result.output
    assert "1 imported" in result.output


def test_demo_folder_gives_the_same_counts_through_cli_and_api(cli_db: Engine, client: TestClient) -> None:
    result = CliRunner().invoke(main, ["import", str(DEMO_DIR), "--project", "Via CLI", "--no-code"])
    assert result.exit_code == 0, result.output
    api_project = make_project(client, "Via API")
    for path in source_files([DEMO_DIR]):
        assert upload(client, api_project["id"], path.name, path.read_bytes()).status_code == 201, path
    projects = {p["name"]: p for p in client.get("/api/projects").json()}
    cli, api = projects["Via CLI"], projects["Via API"]
    assert cli["source_count"] == api["source_count"] == len(source_files([DEMO_DIR]))
    assert cli["utterance_count"] == api["utterance_count"] > 0
    cli_sources = client.get(f"/api/projects/{cli['id']}/sources").json()["items"]
    api_sources = client.get(f"/api/projects/{api['id']}/sources").json()["items"]
    assert {s["filename"]: s["utterance_count"] for s in cli_sources} == {
        s["filename"]: s["utterance_count"] for s in api_sources
    }


def test_demo_project_is_rich_enough_and_created_once(cli_db: Engine, anonymous: TestClient) -> None:
    first = CliRunner().invoke(main, ["demo"])
    assert first.exit_code == 0, first.output
    assert DEMO_EMAIL in first.output and DEMO_PASSWORD in first.output
    second = CliRunner().invoke(main, ["demo"])
    assert "already exists" in second.output
    client = anonymous
    login = client.get("/login")
    client.post(
        "/login",
        data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD, "csrf_token": login.cookies.get("dl_csrf") or client.cookies["dl_csrf"]},
    )
    project = next(p for p in client.get("/api/projects").json() if p["name"] == DEMO_PROJECT)
    assert project["role"] == "owner"
    sources = client.get(f"/api/projects/{project['id']}/sources").json()["items"]
    interviews = [s for s in sources if s["kind"] == "interview"]
    surveys = [s for s in sources if s["kind"] == "survey"]
    assert len(interviews) >= 8
    assert all(s["turn_count"] >= 40 for s in interviews)
    assert {s["format"] for s in interviews} >= {"txt", "vtt", "docx", "csv"}
    assert len(surveys) == 1 and surveys[0]["participant_count"] >= 300
    assert len(client.get(f"/api/sources/{surveys[0]['id']}/questions").json()) >= 3
    # The roster names every interview respondent: no generic "Interviewee (...)" placeholder is left.
    people = client.get(f"/api/projects/{project['id']}/participants", params={"page_size": 500}).json()["items"]
    interviewed = [p for p in people if p["job_title"]]
    assert len(interviewed) >= 8
    assert not any(p["display_name"].startswith("Interviewee") for p in people)


def test_a_folder_is_expanded_without_hidden_files_folders_rosters_or_notes(tmp_path: Path) -> None:
    for name in ["a.txt", "sub/b.vtt", ".git/config.txt", "sub/.cache/c.txt", ".notes.txt", "roster.csv", "x.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Interviewer: Hi.\n", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in source_files([tmp_path])] == ["a.txt", "sub/b.vtt"]
