"""The live interview page in a real browser: Debian's chromium (/usr/bin/chromium) driven by Playwright,
against the real app served by uvicorn on a free port with a temporary SQLite database.

No browser is downloaded. Without /usr/bin/chromium the test is skipped with the reason, and fails
under CI=true (`make test` installs it with apt-get when it can)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlmodel import Session

from app.accounts.models import ApiTokenCreate
from app.accounts.service import create_token, create_user
from app.config import Settings
from app.db import make_engine
from app.main import create_app
from app.migrate import upgrade
from tests.conftest import IN_CI, PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
EMAIL = "browser@example.com"


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; `make test` tries)"
    if IN_CI:
        pytest.fail(f"{reason}; CI=true requires the browser test.")
    pytest.skip(reason)


def serve(app: Any) -> tuple[uvicorn.Server, threading.Thread, int]:
    """Run `app` under uvicorn on a free loopback port in a daemon thread; wait until it listens."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    return server, thread, port


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The app on http://127.0.0.1:<port>, with a user, a project and a draft switch interview."""
    _require_chromium()
    engine = make_engine(f"sqlite:///{tmp_path / 'browser.db'}")
    upgrade(engine)
    app = create_app(Settings(data_dir=tmp_path, coding_runner="off"), engine)
    with Session(engine) as session:
        user = create_user(session, email=EMAIL, password=PASSWORD, is_admin=True)
        _, token = create_token(session, user=user, data=ApiTokenCreate(name="setup"))
        session.commit()
    server, thread, port = serve(app)
    from fastapi.testclient import TestClient

    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as api:
        project = api.post("/api/projects", json={"name": "Browser study"}).json()
        interview = api.post(
            f"/api/projects/{project['id']}/interviews",
            json={"participant_name": "Maya", "template_id": "switch"},
        ).json()
        yield {"base": f"http://127.0.0.1:{port}", "interview": interview["id"], "api": api}
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


def _log_in(page: Any, base: str, next_path: str) -> None:
    page.goto(f"{base}/login?next={next_path}")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}{next_path}")


def _answer(page: Any, question_id: str) -> Any:
    return page.locator(f"#q-{question_id} textarea[data-field=text]")


def test_typed_answer_is_saved_and_survives_a_reload(server: dict[str, Any], browser: Any) -> None:
    base, interview_id = server["base"], server["interview"]
    context = browser.new_context()
    page = context.new_page()
    _log_in(page, base, f"/interviews/{interview_id}")
    status = page.locator("#save-status")
    assert status.inner_text() == "No changes yet"

    answer = _answer(page, "scene-what-bought")
    answer.click()
    answer.type("We moved our bookkeeping to Tallybird in February.")
    page.wait_for_function(
        "() => document.querySelector('#save-status').textContent.startsWith('Saved ')", timeout=10_000
    )

    page.evaluate("localStorage.clear()")  # what comes back after the reload must come from the server
    page.reload()
    assert (
        _answer(page, "scene-what-bought").input_value()
        == "We moved our bookkeeping to Tallybird in February."
    )
    stored = server["api"].get(f"/api/interviews/{interview_id}").json()
    assert (
        stored["answers"]["scene-what-bought"]["text"] == "We moved our bookkeeping to Tallybird in February."
    )
    assert stored["timers"]["setting-the-scene"]["running"] is True  # typing in a section starts its timer
    context.close()


def test_keyboard_quotes_and_a_dropped_connection(server: dict[str, Any], browser: Any) -> None:
    base, interview_id = server["base"], server["interview"]
    context = browser.new_context()
    page = context.new_page()
    _log_in(page, base, f"/interviews/{interview_id}")

    page.keyboard.press("j")  # next question, in the next section
    assert page.locator(".live-q.current").get_attribute("id") == "q-first-thought-when"
    assert (
        page.locator("#sec-first-thought").is_visible()
        and not page.locator("#sec-setting-the-scene").is_visible()
    )
    page.keyboard.press("a")  # into its answer
    page.keyboard.type("Last autumn.")
    page.keyboard.press("Enter")
    page.keyboard.type("The accountant sent forty questions back.")
    page.keyboard.press("Alt+q")  # the line under the cursor becomes a quote
    assert (
        page.locator("#q-first-thought-when [data-quote-list] q").inner_text()
        == "The accountant sent forty questions back."
    )

    context.set_offline(True)
    page.keyboard.press("Control+Enter")  # next question, cursor in its answer
    page.keyboard.type("Every Friday I typed invoices into a spreadsheet.")
    page.wait_for_function(
        "() => document.querySelector('#save-status').textContent === 'Offline - will retry'", timeout=10_000
    )
    context.set_offline(False)
    page.wait_for_function(
        "() => document.querySelector('#save-status').textContent.startsWith('Saved ')", timeout=10_000
    )

    answers = server["api"].get(f"/api/interviews/{interview_id}").json()["answers"]
    assert answers["first-thought-when"]["text"] == "Last autumn.\nThe accountant sent forty questions back."
    assert answers["first-thought-when"]["quotes"] == ["The accountant sent forty questions back."]
    assert answers["first-thought-old-way"]["text"] == "Every Friday I typed invoices into a spreadsheet."
    context.close()


def test_an_edit_that_never_reached_the_server_comes_back_from_the_browser(
    server: dict[str, Any], browser: Any
) -> None:
    base, interview_id = server["base"], server["interview"]
    context = browser.new_context()
    page = context.new_page()
    _log_in(page, base, f"/interviews/{interview_id}")
    context.set_offline(True)  # the connection drops
    # Nothing from this tab may reach the server, not even its last-chance save on closing: Chromium can
    # send that keepalive request after the connection is back, which would hide the path under test.
    page.evaluate("() => { window.fetch = () => Promise.reject(new TypeError('offline')); }")
    answer = _answer(page, "scene-what-bought")
    answer.click()
    answer.type("Typed while the connection was down.")
    page.wait_for_function(
        "() => document.querySelector('#save-status').textContent === 'Offline - will retry'", timeout=10_000
    )
    page.close()  # the tab is closed before anything reached the server
    assert "scene-what-bought" not in server["api"].get(f"/api/interviews/{interview_id}").json()["answers"]

    context.set_offline(False)
    again = context.new_page()
    again.goto(f"{base}/interviews/{interview_id}")  # reopening the draft resumes it, edits included
    assert _answer(again, "scene-what-bought").input_value() == "Typed while the connection was down."
    again.wait_for_function(
        "() => document.querySelector('#save-status').textContent.startsWith('Saved ')", timeout=20_000
    )
    stored = server["api"].get(f"/api/interviews/{interview_id}").json()["answers"]
    assert stored["scene-what-bought"]["text"] == "Typed while the connection was down."
    context.close()
