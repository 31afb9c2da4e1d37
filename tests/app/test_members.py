from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from tests.conftest import client_for
from tests.factories import make_project


def test_owner_adds_changes_and_removes_members(app: FastAPI, db: Engine, client: TestClient) -> None:
    project = make_project(client, "Team")
    url = f"/api/projects/{project['id']}/members"
    with client_for(app, db, "rita@example.com") as rita:
        assert rita.get(f"/api/projects/{project['id']}").status_code == 404
        added = client.post(url, json={"email": "Rita@Example.com", "role": "viewer"})
        assert added.status_code == 201
        assert rita.get(f"/api/projects/{project['id']}").json()["role"] == "viewer"
        assert rita.patch(f"/api/projects/{project['id']}", json={"name": "Mine"}).status_code == 403

        user_id = added.json()["user_id"]
        assert client.patch(f"{url}/{user_id}", json={"role": "researcher"}).json()["role"] == "researcher"
        assert client.delete(f"{url}/{user_id}").status_code == 204
        assert rita.get(f"/api/projects/{project['id']}").status_code == 404
    actions = [e["action"] for e in client.get(f"/api/projects/{project['id']}/audit").json()["items"]]
    assert actions == ["member.remove", "member.role", "member.add"]


def test_last_owner_cannot_step_down_and_unknown_users_are_reported(client: TestClient) -> None:
    project = make_project(client, "Solo")
    url = f"/api/projects/{project['id']}/members"
    me = client.get(url).json()[0]
    refused = client.patch(f"{url}/{me['user_id']}", json={"role": "viewer"})
    assert refused.status_code == 400
    assert "at least one owner" in refused.json()["error"]["message"]
    missing = client.post(url, json={"email": "ghost@example.com", "role": "viewer"})
    assert missing.status_code == 404
    assert client.post(url, json={"email": "not-an-email", "role": "viewer"}).status_code == 422
