"""Typed errors for hostile requests: out-of-range ids, explicit nulls, validation, database down,
non-ASCII download names and YAML nested too deep."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.db import make_engine
from app.main import create_app
from tests.factories import PANEL_TRANSCRIPT, counts, make_project, upload


@pytest.mark.parametrize(
    "path",
    [
        "/api/projects/3000000000",
        "/api/projects/2147483648/sources",
        "/api/sources/99999999999999999999",
        "/api/participants/0",
        "/api/participants/-5",
    ],
)
def test_ids_beyond_the_integer_column_are_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_largest_integer_id_is_an_ordinary_404(client: TestClient) -> None:
    response = client.get("/api/projects/2147483647")
    assert response.status_code == 404


def test_ids_beyond_range_are_404_on_pages_too(client: TestClient) -> None:
    response = client.get("/projects/3000000000")
    assert response.status_code == 404
    assert "does not exist" in response.text


@pytest.mark.parametrize("field", ["name", "description", "framework", "keep_original_files"])
def test_explicit_null_in_project_patch_is_422_in_the_error_shape(client: TestClient, field: str) -> None:
    project = make_project(client)
    response = client.patch(f"/api/projects/{project['id']}", json={field: None})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["message"] and "cannot be null" in error["message"]
    assert error["problems"][0]["loc"] == ["body", field]
    assert client.get(f"/api/projects/{project['id']}").json()["name"] == project["name"]


def test_explicit_null_in_participant_patch_is_422_but_optional_fields_may_be_cleared(
    client: TestClient,
) -> None:
    project = make_project(client)
    upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    participant = client.get(f"/api/projects/{project['id']}/participants").json()["items"][0]
    for field in ("display_name", "consent", "attributes"):
        response = client.patch(f"/api/participants/{participant['id']}", json={field: None})
        assert response.status_code == 422, field
        assert "error" in response.json() and "detail" not in response.json()
    cleared = client.patch(f"/api/participants/{participant['id']}", json={"job_title": None})
    assert cleared.status_code == 200 and cleared.json()["job_title"] is None


def test_every_request_validation_error_uses_the_error_shape(client: TestClient) -> None:
    project = make_project(client)
    missing = client.post("/api/projects", json={})
    wrong_type = client.get(f"/api/projects/{project['id']}/sources", params={"page": "two"})
    for response in (missing, wrong_type):
        assert response.status_code == 422
        body = response.json()
        assert set(body) == {"error"}
        assert body["error"]["code"] == "validation_error" and body["error"]["problems"]
    assert "name" in missing.json()["error"]["message"]
    assert wrong_type.json()["error"]["problems"][0]["loc"] == ["query", "page"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/projects/not-a-number",
        "/api/projects/1.5/sources",
        "/api/sources/abc/speakers",
        "/api/participants/%20",
    ],
)
def test_a_path_id_that_is_not_a_number_is_404_like_an_id_that_names_nothing(
    client: TestClient, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert set(response.json()) == {"error"}
    assert response.json()["error"]["code"] == "not_found"
    assert "does not exist" in response.json()["error"]["message"]


def test_a_non_numeric_id_is_404_on_pages_too_and_in_a_write_with_a_valid_body(client: TestClient) -> None:
    page = client.get("/projects/abc")
    patch = client.patch("/api/participants/abc", json={"job_title": "Buyer"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html") and "does not exist" in page.text
    assert patch.status_code == 404 and patch.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "url", ["postgresql+psycopg://nobody@127.0.0.1:1/none", "sqlite:///{tmp}/no/such/dir/x.db"]
)
def test_database_down_is_503_json_for_the_api_and_a_page_elsewhere(
    tmp_path: Path, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On start the service retries its job recovery, then serves anyway; the shipped back-off waits 31.5 s.
    monkeypatch.setattr("app.jobs.retry.DELAYS", (0.01, 0.01))
    engine = make_engine(url.format(tmp=tmp_path))
    app = create_app(Settings(data_dir=tmp_path, coding_runner="off"), engine)
    with TestClient(app, headers={"Authorization": "Bearer dl_whatever"}) as client:
        api = client.get("/api/projects")
        page = client.get("/projects/1", headers={"Authorization": ""}, cookies={"dl_session": "x"})
    assert api.status_code == 503
    assert api.json()["error"]["code"] == "service_unavailable"
    assert api.headers["retry-after"]
    assert page.status_code == 503
    assert page.headers["content-type"].startswith("text/html") and "database" in page.text
    engine.dispose()


def test_non_ascii_filenames_download_with_rfc_6266_names(client: TestClient) -> None:
    project = make_project(client)
    name = "Entretien \u2013 Zoë «final» 访谈.txt"
    source = upload(client, project["id"], name, PANEL_TRANSCRIPT.encode()).json()["source"]
    response = client.get(f"/api/sources/{source['id']}/file")
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="')
    fallback = disposition.split('filename="')[1].split('"')[0]
    assert fallback.isascii() and fallback.endswith(".txt")
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == name


def test_yaml_nested_50000_deep_is_a_clear_400_not_a_crash(client: TestClient) -> None:
    project = make_project(client)
    deep = ("id: deep\nstages: " + "[" * 50_000 + "]" * 50_000).encode()
    response = client.post(f"/api/projects/{project['id']}/frameworks", files={"file": ("deep.yaml", deep)})
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert "deep.yaml" in message and "line 2" in message
    assert counts(client, project["id"])[0] == 0


def test_id_query_parameters_beyond_range_are_404(client: TestClient) -> None:
    project = make_project(client)
    response = client.get(f"/api/projects/{project['id']}/utterances", params={"participant_id": 3_000_000_000})
    assert response.status_code == 404
    assert "Participant 3000000000" in response.json()["error"]["message"]


def test_ids_beyond_range_in_a_json_body_are_refused_without_a_500(client: TestClient) -> None:
    project = make_project(client)
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    speaker = client.get(f"/api/sources/{source['id']}/speakers").json()[0]
    response = client.patch(
        f"/api/sources/{source['id']}/speakers/{speaker['id']}", json={"participant_id": 3_000_000_000}
    )
    assert response.status_code in {400, 404}
    assert "error" in response.json()


def test_a_path_no_route_serves_is_404_in_the_error_shape(client: TestClient) -> None:
    api = client.get("/api/projects/1/no-such-thing")
    page = client.get("/projects/1/no-such-thing")
    assert api.status_code == 404
    message = "There is nothing at /api/projects/1/no-such-thing."
    assert api.json() == {"error": {"code": "not_found", "message": message}}
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html") and "There is nothing at" in page.text


def test_a_method_no_route_serves_is_405_in_the_error_shape(client: TestClient) -> None:
    response = client.delete("/api/projects")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert response.headers["allow"]  # Starlette names the methods the path does serve
