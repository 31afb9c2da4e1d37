"""The pages under the Content-Security-Policy in a real browser: nothing is blocked, and the
behaviour moved out of inline handlers (confirm before delete, auto-submitting filters) still works."""

from __future__ import annotations

from typing import Any

from tests.browser.test_live_interview import _log_in, server  # noqa: F401 - fixture
from tests.factories import PANEL_TRANSCRIPT


def test_pages_load_without_csp_violations_and_confirm_still_asks(
    server: dict[str, Any],  # noqa: F811
    browser: Any,
) -> None:
    base, api = server["base"], server["api"]
    project = api.get("/api/projects").json()[0]
    source = api.post(
        f"/api/projects/{project['id']}/sources", files={"file": ("panel.txt", PANEL_TRANSCRIPT.encode())}
    ).json()["source"]
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    _log_in(page, base, f"/sources/{source['id']}")
    for path in (
        "/",
        f"/projects/{project['id']}",
        f"/projects/{project['id']}/upload",
        f"/interviews/{server['interview']}",
    ):
        page.goto(f"{base}{path}")
    page.goto(f"{base}/sources/{source['id']}")

    questions: list[str] = []

    def dismiss(dialog: Any) -> None:
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.click("form[data-confirm] button[type=submit]")
    assert questions and "Delete this source" in questions[0]
    assert api.get(f"/api/sources/{source['id']}").status_code == 200  # dismissed: nothing deleted
    assert violations == []
    context.close()
