"""The highlights page and API say which question a quote answered, who said it, and whether it was said."""

from __future__ import annotations

import html
from typing import Any

from fastapi.testclient import TestClient

from tests.app.test_interviews import SWITCH, put_answer, start
from tests.factories import make_project

SAID = "Cheaper GPUs."
TYPED = "not in the answer"
OFF_THE_RECORD = "Said off the record"


def finished_with_quotes(client: TestClient) -> tuple[dict[str, Any], dict[str, Any]]:
    """A finished interview with a quote the answer holds, one it does not, and one under notes only."""
    project = make_project(client, "Highlights")
    state = start(client, project["id"], template_id="switch")
    put_answer(client, state["id"], "scene-what-bought", revision=1, text=f"Faster models.\n{SAID}", quotes=[TYPED, SAID])
    put_answer(client, state["id"], "first-thought-when", revision=2, notes="Only notes.", quotes=[OFF_THE_RECORD])
    assert client.post(f"/api/interviews/{state['id']}/finish").status_code == 200
    return project, state


def test_the_api_gives_each_highlight_its_question_speaker_and_whether_it_was_said(client: TestClient) -> None:
    project, state = finished_with_quotes(client)
    items = {h["text"]: h for h in client.get(f"/api/projects/{project['id']}/highlights").json()["items"]}
    asked = SWITCH.question("scene-what-bought")[1].text
    assert {t: (h["question_text"], h["found_in_answer"]) for t, h in items.items()} == {
        SAID: (asked, True),
        TYPED: (asked, False),
        OFF_THE_RECORD: (SWITCH.question("first-thought-when")[1].text, False),
    }
    # The interview's participant, also for what was only typed (the page says so rather than quoting them).
    assert {(h["participant_id"], h["participant_name"]) for h in items.values()} == {
        (state["participant_id"], "Maya Ortega")
    }


def test_the_page_shows_the_question_the_speaker_and_typed_quotes_as_typed(client: TestClient) -> None:
    project, state = finished_with_quotes(client)
    page = client.get(f"/projects/{project['id']}/highlights")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "question scene-what-bought" not in text and "scene-what-bought" not in text
    assert SWITCH.question("scene-what-bought")[1].text in text
    blocks = {quote: block for block in text.split("<blockquote")[1:] for quote in (SAID, TYPED, OFF_THE_RECORD) if quote in block}
    link = f'<a href="/participants/{state["participant_id"]}">Maya Ortega</a>'
    assert link in blocks[SAID] and "typed by the researcher" not in blocks[SAID].lower()
    for quote in (TYPED, OFF_THE_RECORD):
        assert "typed by the researcher, not found in the answer" in blocks[quote].lower()
