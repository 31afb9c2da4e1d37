"""Quotes marked in a live interview become highlights, also when the answer was edited afterwards."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.app.test_interviews import SWITCH, put_answer, start
from tests.factories import make_project


def test_a_quote_the_answer_no_longer_holds_is_kept_as_typed(client: TestClient) -> None:
    project = make_project(client, "Edited quotes")
    interview_id = start(client, project["id"], template_id="switch")["id"]
    # Marked, then the answer was edited: no line holds the quote any more. The save is taken (a refused
    # autosave would drop the typed text), and the quote still becomes a highlight.
    quotes = ["not in the answer", "Cheaper GPUs."]
    text = "Faster models.\nCheaper GPUs."
    saved = put_answer(client, interview_id, "scene-what-bought", revision=1, text=text, quotes=quotes)
    assert saved.status_code == 200 and saved.json()["quotes"] == quotes
    notes_only = {"notes": "Only notes.", "quotes": ["Said off the record"]}
    assert put_answer(client, interview_id, "first-thought-when", revision=2, **notes_only).status_code == 200
    finished = client.post(f"/api/interviews/{interview_id}/finish").json()
    assert finished["highlights"] == 3
    items = client.get(f"/api/projects/{project['id']}/highlights").json()["items"]
    utterances = client.get(
        f"/api/projects/{project['id']}/utterances",
        params={"source_id": finished["source_id"], "page_size": 500},
    ).json()["items"]
    text_of = {u["id"]: u["text"] for u in utterances}
    anchors = {h["text"]: text_of[h["utterance_id"]] for h in items}
    asked = SWITCH.question("first-thought-when")[1].text
    assert anchors.pop("Said off the record") in asked  # nothing answered: on the question asked
    assert anchors == {"not in the answer": "Faster models.", "Cheaper GPUs.": "Cheaper GPUs."}
