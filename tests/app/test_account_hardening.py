"""Account hardening: password change revokes tokens, throttling that cannot lock the owner out,
constant-time logins, trusted proxies, session-bound CSRF tokens, security headers, CSV formulas."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.accounts.service import create_user
from app.accounts.throttle import wait_after
from app.config import Settings
from app.exports.render import neutralise, to_csv
from app.web import TEMPLATES_DIR
from tests.conftest import PASSWORD
from tests.factories import make_project

ATTACKER = {"X-Forwarded-For": "203.0.113.9"}
OWNER = {"X-Forwarded-For": "198.51.100.7"}


@pytest.fixture
def app_settings(tmp_path: Path) -> Settings:
    # TestClient's peer address is "testclient": trust it as the proxy, so X-Forwarded-For counts.
    return Settings(data_dir=tmp_path, max_upload_mb=1.0, coding_runner="off", trusted_proxies=["testclient"])


@pytest.fixture
def alice(db: Engine) -> str:
    with Session(db) as session:
        create_user(session, email="alice@example.com", password=PASSWORD)
        session.commit()
    return "alice@example.com"


def login(client: TestClient, email: str, password: str = PASSWORD, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    client.get("/login")
    data = {"email": email, "password": password, "csrf_token": client.cookies.get("dl_csrf")}
    return client.post("/login", data=data, headers=headers or {}, follow_redirects=False)


def test_password_change_revokes_tokens_and_other_sessions_but_keeps_this_one(
    app: FastAPI, anonymous: TestClient, alice: str
) -> None:
    other = TestClient(app)
    login(other, alice)
    login(anonymous, alice)
    csrf = {"X-CSRF-Token": anonymous.cookies["dl_csrf"]}
    token = anonymous.post("/api/auth/tokens", json={"name": "script"}, headers=csrf).json()["token"]
    script = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert script.get("/api/auth/me").status_code == 200

    change = {"current_password": PASSWORD, "new_password": "a brand new secret"}
    assert anonymous.post("/api/auth/password", json=change, headers=csrf).status_code == 204

    assert anonymous.get("/api/auth/me").status_code == 200
    assert other.get("/api/auth/me").status_code == 401
    assert script.get("/api/auth/me").status_code == 401
    listed = anonymous.get("/api/auth/tokens").json()
    assert listed and all(row["revoked_at"] for row in listed)


def test_password_change_on_the_account_page_keeps_the_browser_logged_in(
    app: FastAPI, anonymous: TestClient, alice: str
) -> None:
    other = TestClient(app)
    login(other, alice)
    login(anonymous, alice)
    form = {
        "current_password": PASSWORD,
        "new_password": "a brand new secret",
        "csrf_token": anonymous.cookies["dl_csrf"],
    }
    assert anonymous.post("/account/password", data=form, follow_redirects=False).status_code == 303
    assert anonymous.get("/api/auth/me").status_code == 200
    assert other.get("/api/auth/me").status_code == 401


def test_failures_from_one_address_do_not_lock_the_owner_out(
    anonymous: TestClient, app: FastAPI, alice: str
) -> None:
    for _ in range(5):
        assert login(anonymous, alice, "wrong password", ATTACKER).status_code == 401
    held = login(anonymous, alice, PASSWORD, ATTACKER)
    assert held.status_code == 429
    assert int(held.headers["retry-after"]) >= 29
    assert login(TestClient(app), alice, PASSWORD, OWNER).status_code == 303


def test_backoff_doubles_with_each_failure_up_to_a_ceiling() -> None:
    assert [wait_after(n) for n in (0, 4)] == [timedelta(0)] * 2
    waits = [wait_after(n).total_seconds() for n in (5, 6, 7, 8)]
    assert waits == [30, 60, 120, 240]
    assert wait_after(50) == timedelta(minutes=15)


def test_x_forwarded_for_is_ignored_from_untrusted_peers(db: Engine, tmp_path: Path, alice: str) -> None:
    from app.main import create_app

    app = create_app(Settings(data_dir=tmp_path, coding_runner="off"), db)  # no trusted proxies
    client = TestClient(app)
    for number in range(5):
        spoofed = {"X-Forwarded-For": f"192.0.2.{number}"}
        assert login(client, alice, "wrong password", spoofed).status_code == 401
    assert login(client, alice, PASSWORD, {"X-Forwarded-For": "192.0.2.200"}).status_code == 429


def test_only_the_hop_before_the_trusted_proxy_counts(anonymous: TestClient, alice: str) -> None:
    # A client can prepend anything; the trusted proxy appends the address it saw.
    for number in range(5):
        forged = {"X-Forwarded-For": f"10.9.9.{number}, 203.0.113.9"}
        assert login(anonymous, alice, "wrong password", forged).status_code == 401
    assert login(anonymous, alice, PASSWORD, ATTACKER).status_code == 429


def test_unknown_accounts_cost_a_password_hash_like_known_ones(
    anonymous: TestClient, alice: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = PasswordHasher.verify

    def counting(self: PasswordHasher, hash: str, password: str) -> bool:
        calls.append(password)
        return original(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    assert login(anonymous, "nobody@example.com", "some guess").status_code == 401
    unknown = len(calls)
    assert login(anonymous, alice, "another guess").status_code == 401
    assert unknown == len(calls) - unknown == 1


def test_csrf_token_is_bound_to_the_session(app: FastAPI, anonymous: TestClient, alice: str) -> None:
    anonymous.get("/login")
    before = anonymous.cookies["dl_csrf"]
    login(anonymous, alice)
    mine = anonymous.cookies["dl_csrf"]
    assert mine != before
    other = TestClient(app)
    login(other, alice)
    theirs = other.cookies["dl_csrf"]
    assert theirs != mine
    forged = anonymous.post("/api/projects", json={"name": "X"}, headers={"X-CSRF-Token": theirs})
    assert forged.status_code == 403
    stale = anonymous.post("/api/projects", json={"name": "X"}, headers={"X-CSRF-Token": before})
    assert stale.status_code == 403
    ok = anonymous.post("/api/projects", json={"name": "X"}, headers={"X-CSRF-Token": mine})
    assert ok.status_code == 201
    page = anonymous.get("/").text
    assert f'value="{mine}"' in page


def test_security_headers_on_pages_and_api(anonymous: TestClient, client: TestClient) -> None:
    for response in (anonymous.get("/login"), client.get("/api/projects"), anonymous.get("/static/app.css")):
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"]
    first, second = (anonymous.get("/login").headers["content-security-policy"] for _ in range(2))
    assert first != second  # a fresh style nonce per response


INLINE_SCRIPT = re.compile(r"""\son[a-z]+\s*=|javascript:|<script(?![^>]*\ssrc=)""", re.IGNORECASE)


def test_templates_have_no_inline_script_the_policy_would_block() -> None:
    offenders = [
        f"{path.relative_to(TEMPLATES_DIR)}: {match.group(0)}"
        for path in TEMPLATES_DIR.rglob("*.html")
        for match in INLINE_SCRIPT.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_inline_styles_carry_the_response_nonce(client: TestClient) -> None:
    project = make_project(client)
    styles = list(TEMPLATES_DIR.rglob("*.html"))
    unnonced = [p.name for p in styles if re.search(r"<style(?![^>]*nonce)", p.read_text(encoding="utf-8"))]
    assert unnonced == []
    page = client.get(f"/projects/{project['id']}")
    assert page.status_code == 200 and "app.js" in page.text


@pytest.mark.parametrize(
    "value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", "  =1+1", "\n@x", "\tplain"]
)
def test_csv_neutralises_values_a_spreadsheet_would_run(value: str) -> None:
    assert neutralise(value) == f"'{value}"
    assert to_csv([{"quote": value}]).splitlines()[1].lstrip('"').startswith("'")


@pytest.mark.parametrize("value", ["plain words", "x=1", "a - b", "email@example.com"])
def test_csv_leaves_ordinary_text_alone(value: str) -> None:
    assert neutralise(value) == value
