"""Logging in and out, CSRF, rate limits, API tokens, and secrets that never leak."""

from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.accounts.service import create_user
from tests.conftest import PASSWORD


@pytest.fixture
def alice(db: Engine) -> str:
    with Session(db) as session:
        create_user(session, email="alice@example.com", password=PASSWORD)
        session.commit()
    return "alice@example.com"


def login(client: TestClient, email: str, password: str = PASSWORD, *, csrf: str | None = None):  # type: ignore[no-untyped-def]
    client.get("/login")
    token = client.cookies.get("dl_csrf") if csrf is None else csrf
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}, follow_redirects=False
    )


def test_login_sets_a_protected_session_cookie_and_logout_ends_it(anonymous: TestClient, alice: str) -> None:
    assert anonymous.get("/", follow_redirects=False).headers["location"] == "/login?next=/"
    response = login(anonymous, alice)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "dl_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert anonymous.get("/api/auth/me").json()["email"] == alice
    assert "No projects yet" in anonymous.get("/").text

    csrf = anonymous.cookies["dl_csrf"]
    assert anonymous.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert anonymous.get("/api/auth/me").status_code == 401


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(anonymous: TestClient, alice: str) -> None:
    wrong = login(anonymous, alice, "not the password")
    unknown = login(anonymous, "nobody@example.com")
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong email or password" in wrong.text and "Wrong email or password" in unknown.text


def test_login_form_needs_its_csrf_token(anonymous: TestClient, alice: str) -> None:
    assert login(anonymous, alice, csrf="forged").status_code == 403


def test_cookie_requests_need_the_csrf_token_but_bearer_requests_do_not(
    anonymous: TestClient, client: TestClient, alice: str
) -> None:
    login(anonymous, alice)
    forged = anonymous.post("/projects", data={"name": "Forged"}, follow_redirects=False)
    assert forged.status_code == 403
    assert "CSRF" in forged.text
    no_header = anonymous.post("/api/projects", json={"name": "From JS"})
    assert no_header.status_code == 403
    with_header = anonymous.post(
        "/api/projects", json={"name": "From JS"}, headers={"X-CSRF-Token": anonymous.cookies["dl_csrf"]}
    )
    assert with_header.status_code == 201
    assert client.post("/api/projects", json={"name": "By token"}).status_code == 201


def test_failed_logins_are_rate_limited_per_account(anonymous: TestClient, alice: str) -> None:
    for _ in range(5):
        assert login(anonymous, alice, "wrong password").status_code == 401
    limited = login(anonymous, alice)  # even the right password waits now
    assert limited.status_code == 429
    assert "Too many failed logins" in limited.text


def test_failed_logins_are_rate_limited_per_address(anonymous: TestClient, alice: str) -> None:
    for number in range(20):
        assert login(anonymous, f"guess{number}@example.com", "x" * 12).status_code == 401
    assert login(anonymous, alice).status_code == 429


def test_api_tokens_are_shown_once_stored_hashed_and_revocable(
    app: FastAPI, client: TestClient, db: Engine
) -> None:
    created = client.post("/api/auth/tokens", json={"name": "script", "expires_in_days": 30})
    assert created.status_code == 201
    token = created.json()["token"]
    assert token.startswith("dl_") and len(token) > 40
    listed = client.get("/api/auth/tokens").json()
    assert all("token" not in row for row in listed)
    assert token not in client.get("/api/auth/tokens").text
    with db.connect() as conn:
        stored = conn.exec_driver_sql("SELECT token_hash, prefix FROM apitoken").all()
    assert all(token not in row[0] for row in stored)

    script = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert script.get("/api/auth/me").status_code == 200
    client.delete(f"/api/auth/tokens/{created.json()['id']}")
    revoked = script.get("/api/auth/me")
    assert revoked.status_code == 401
    assert "revoked" in revoked.json()["error"]["message"]


def test_password_change_needs_the_current_one_and_logs_other_sessions_out(
    app: FastAPI, anonymous: TestClient, alice: str
) -> None:
    other = TestClient(app)
    login(other, alice)
    login(anonymous, alice)
    headers = {"X-CSRF-Token": anonymous.cookies["dl_csrf"]}
    bad = anonymous.post(
        "/api/auth/password", json={"current_password": "nope", "new_password": "a brand new secret"}, headers=headers
    )
    assert bad.status_code == 401
    ok = anonymous.post(
        "/api/auth/password", json={"current_password": PASSWORD, "new_password": "a brand new secret"}, headers=headers
    )
    assert ok.status_code == 204
    assert other.get("/api/auth/me").status_code == 401
    assert login(TestClient(app), alice, "a brand new secret").status_code == 303


def test_passwords_and_tokens_never_reach_logs_or_later_responses(
    anonymous: TestClient, client: TestClient, alice: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    login(anonymous, alice)
    token = client.post("/api/auth/tokens", json={"name": "secret-check"}).json()["token"]
    page = client.get("/account").text
    me = anonymous.get("/api/auth/me").text
    for secret in (PASSWORD, token):
        assert secret not in caplog.text
        assert secret not in page and secret not in me
    assert "password_hash" not in me


def test_oversized_request_bodies_are_refused_before_reading(client: TestClient) -> None:
    project = client.post("/api/projects", json={"name": "Big"}).json()
    body = b"x" * (3 * 1024 * 1024)  # the test settings allow 1 MB uploads (+1 MB envelope)
    response = client.post(
        f"/api/projects/{project['id']}/sources", content=body, headers={"Content-Type": "application/octet-stream"}
    )
    assert response.status_code == 413
