"""Review mode, agreement and saturation in a real browser (Debian's chromium driven by Playwright), against
the real app served by uvicorn with a temporary SQLite database and the fake coding pipeline.

No browser is downloaded; without /usr/bin/chromium the tests are skipped with the reason (fail under CI=true).
A researcher reviews 50 codes by keyboard alone; the test's time is reported by pytest --durations, not asserted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.accounts.models import ApiTokenCreate
from app.accounts.service import create_token, create_user
from app.coding.models import CodeOrigin, CodeRecord
from app.config import Settings
from app.db import make_engine
from app.jobs.runner import InlineRunner
from app.main import create_app
from app.migrate import upgrade
from tests.browser.test_live_interview import EMAIL, _log_in, _require_chromium, serve
from tests.conftest import PASSWORD
from tests.factories import interview, make_project, two_group_study, upload
from tests.fakes import fake_factory
from tests.review_data import agreement_project
from tests.topic_fakes import topic_factory

LINES = [
    f"The {noun} broke on day {day}." if day % 3 == 0 else f"We check the {noun} on day {day}."
    for day, noun in enumerate(["invoice", "report", "scanner", "ledger", "roster"] * 6)
]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The app on a free port, a logged-in API client for setup, and the engine to count what was stored."""
    _require_chromium()
    engine = make_engine(f"sqlite:///{tmp_path / 'browser.db'}")
    upgrade(engine)
    app = create_app(Settings(data_dir=tmp_path, coding_runner="off"), engine)
    app.state.runner = InlineRunner(engine, topic_factory)
    with Session(engine) as session:
        user = create_user(session, email=EMAIL, password=PASSWORD, is_admin=True)
        _, token = create_token(session, user=user, data=ApiTokenCreate(name="setup"))
        session.commit()
    server, thread, port = serve(app)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as api:
        yield {"base": f"http://127.0.0.1:{port}", "api": api, "engine": engine, "app": app}
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


def _watch_console(page: Any) -> list[str]:
    """Console errors and uncaught exceptions of the page (the favicon is another page's business)."""
    errors: list[str] = []
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and "favicon" not in m.location.get("url", "")
            else None
        ),
    )
    page.on("pageerror", lambda err: errors.append(str(err)))
    return errors


def _researcher_codes(engine: Engine) -> int:
    with Session(engine) as session:
        query = select(func.count()).select_from(CodeRecord).where(CodeRecord.origin == CodeOrigin.RESEARCHER)
        return int(session.exec(query).one())


def test_a_researcher_reviews_fifty_codes_by_keyboard_alone(server: dict[str, Any], browser: Any) -> None:
    api, base = server["api"], server["base"]
    project = make_project(api, "Keyboard review")
    source = upload(api, project["id"], "k.txt", interview("Kim", LINES)).json()["source"]
    page = browser.new_context().new_page()
    errors = _watch_console(page)
    _log_in(page, base, f"/sources/{source['id']}/review")
    assert page.locator(".review-item").count() >= 55

    def press(key: str, decided: int) -> None:
        page.keyboard.press(key)
        page.wait_for_function(
            # Functions, not bare expressions: those are eval'ed in the page, which the CSP forbids.
            f"() => document.querySelector('#review-status').textContent.startsWith('{decided} of')"
            if key != "u"
            else "() => document.querySelector('#review-status').textContent.startsWith('Undone')",
            timeout=10_000,
        )

    press("a", 1)
    press("u", 0)  # undo the first decision
    page.keyboard.press("j")
    page.keyboard.press("k")  # move down and back up, to the undone code
    decided = 0
    while decided < 45:
        kind = page.locator(".review-item.current").get_attribute("data-kind")
        if decided % 5 == 3 and kind in ("emotion", "stage"):
            page.keyboard.press("c")
            press("2", decided + 1)  # change to the second label offered
        else:
            press("r" if decided % 7 == 0 else "a", decided + 1)
        decided += 1
    for _ in range(5):  # a burst: keys pressed faster than the server answers are queued, not dropped
        page.keyboard.press("a")
    page.wait_for_function(
        "() => document.querySelector('#review-status').textContent.startsWith('50 of')", timeout=10_000
    )
    assert _researcher_codes(server["engine"]) == 50
    assert page.locator(".review-item.done").count() == 50
    assert errors == []


def test_agreement_page_shows_the_hand_computed_kappa_and_alpha(server: dict[str, Any], browser: Any) -> None:
    api, base = server["api"], server["base"]
    server["app"].state.runner = InlineRunner(server["engine"], fake_factory)
    project = agreement_project(api)
    page = browser.new_context().new_page()
    errors = _watch_console(page)
    _log_in(page, base, f"/projects/{project['id']}/agreement")
    assert page.locator("#kind-emotion .kappa").inner_text() == "0.250"  # (1/2 - 1/3) / (2/3)
    assert page.locator("#kind-emotion .alpha").inner_text() == "0.267"  # 1 - 11 * 6 / 90
    page.locator("#kind-emotion .confusion a").first.click()
    assert page.locator("ul.results li").count() == 1
    assert errors == []


def test_the_saturation_curve_appears_for_a_demo_like_project(server: dict[str, Any], browser: Any) -> None:
    api, base = server["api"], server["base"]
    project = two_group_study(api, "Demo-like", per_group=3)
    assert api.post(f"/api/projects/{project['id']}/themes/runs", json={"scope": "all"}).status_code == 202
    assert api.post(f"/api/projects/{project['id']}/personas/runs", json={}).status_code == 202
    page = browser.new_context().new_page()
    errors = _watch_console(page)
    _log_in(page, base, f"/projects/{project['id']}")
    page.click("#loop a[href$='/saturation']")
    assert page.locator(".saturation svg polyline").count() >= 2  # code labels and themes, at least
    assert page.locator(".saturation svg").first.is_visible()
    assert page.locator(".saturation svg .bars rect").count() >= 6
    assert errors == []
    for path in ("saturation", "agreement", "review"):  # the content fits a phone (the top bar is not ours)
        narrow = browser.new_context(viewport={"width": 390, "height": 800}).new_page()
        _log_in(narrow, base, f"/projects/{project['id']}/{path}")
        assert narrow.evaluate("document.querySelector('main').scrollWidth") <= 390, path
