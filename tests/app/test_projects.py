from fastapi.testclient import TestClient

from tests.factories import make_project


def test_create_list_read_update_delete(client: TestClient) -> None:
    project = make_project(client, "CRM switch", description="Q3 interviews")
    assert project["framework"] == "seven-step"
    listed = client.get("/api/projects").json()
    assert [p["name"] for p in listed] == ["CRM switch"]
    assert listed[0]["source_count"] == 0

    renamed = client.patch(f"/api/projects/{project['id']}", json={"name": "CRM switch 2026"})
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "CRM switch 2026"
    assert renamed.json()["description"] == "Q3 interviews"

    assert client.delete(f"/api/projects/{project['id']}").status_code == 204
    assert client.get(f"/api/projects/{project['id']}").status_code == 404


def test_duplicate_name_is_a_conflict(client: TestClient) -> None:
    make_project(client, "Same")
    response = client.post("/api/projects", json={"name": "Same"})
    assert response.status_code == 409
    assert "already exists" in response.json()["error"]["message"]


def test_missing_project_is_404_with_a_message(client: TestClient) -> None:
    response = client.get("/api/projects/9999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_empty_name_is_a_validation_error(client: TestClient) -> None:
    assert client.post("/api/projects", json={"name": ""}).status_code == 422
