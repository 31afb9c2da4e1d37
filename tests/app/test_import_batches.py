"""A file's utterances are inserted INSERT_BATCH rows at a time, in order, in the request's one
transaction: a failure in a late batch keeps nothing of the file; a parsed file is freed in steps."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.sources import store
from app.sources.parse_process import ParsedUpload, drop_in_steps, release
from app.sources.parsing import parse_upload
from nlp.ingest import sentences_of
from nlp.types import Survey, Transcript
from tests.factories import PANEL_TRANSCRIPT, counts, make_project, upload
from tests.nlp.ingest.builders import csv_bytes

SURVEY = csv_bytes(
    [
        ["id", "Role", "What frustrates you about invoicing today?", "What would you change?"],
        *[
            [str(n), "Finance", f"Approvals take days. Row {n} waits.", f"Fewer clicks {n}."]
            for n in range(9)
        ],
    ]
)
FILES = {"interview": ("panel.txt", PANEL_TRANSCRIPT.encode()), "survey": ("survey.csv", SURVEY)}
BATCH = 4


@pytest.fixture
def utterance_inserts(db: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The row count of each INSERT INTO utterance sent to the database, with batches of BATCH rows."""
    monkeypatch.setattr(store, "INSERT_BATCH", BATCH)
    sizes: list[int] = []

    def count(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool) -> None:
        if statement.startswith("INSERT INTO utterance"):
            sizes.append(len(parameters) if many else 1)

    event.listen(db, "before_cursor_execute", count)
    yield sizes
    event.remove(db, "before_cursor_execute", count)


@pytest.mark.parametrize("kind", list(FILES))
def test_utterances_are_inserted_in_batches_of_insert_batch_rows(
    client: TestClient, utterance_inserts: list[int], kind: str
) -> None:
    project = make_project(client)
    filename, data = FILES[kind]
    response = upload(client, project["id"], filename, data)
    assert response.status_code == 201, response.text
    stored = response.json()["utterances"]
    assert stored > 2 * BATCH
    full, rest = divmod(stored, BATCH)
    assert utterance_inserts == [BATCH] * full + ([rest] if rest else [])
    assert counts(client, project["id"])[2] == stored


def test_batches_keep_the_order_of_turns_and_sentences(
    client: TestClient, utterance_inserts: list[int]
) -> None:
    project = make_project(client)
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    items = client.get(f"/api/projects/{project['id']}/utterances", params={"page_size": 500}).json()["items"]
    by_id = sorted(items, key=lambda u: u["id"])
    assert [(u["turn"], u["sentence"]) for u in by_id] == sorted((u["turn"], u["sentence"]) for u in items)
    assert {u["source_id"] for u in items} == {source["id"]}
    assert len(utterance_inserts) > 2


def _fail_on_insert(number: int, db: Engine) -> Callable[..., None]:
    seen = 0

    def fail(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        nonlocal seen
        if statement.startswith("INSERT INTO utterance"):
            seen += 1
            if seen == number:
                raise RuntimeError(f"the database went away at batch {number}")

    event.listen(db, "before_cursor_execute", fail)
    return fail


@pytest.mark.parametrize("kind", list(FILES))
def test_a_failure_in_a_late_batch_keeps_nothing_of_the_file(
    client: TestClient, db: Engine, utterance_inserts: list[int], kind: str
) -> None:
    project = make_project(client)
    filename, data = FILES[kind]
    fail = _fail_on_insert(3, db)
    try:
        with pytest.raises(RuntimeError, match="batch 3"):
            upload(client, project["id"], filename, data)
    finally:
        event.remove(db, "before_cursor_execute", fail)
    assert utterance_inserts[:2] == [BATCH, BATCH]  # two batches went in before the third failed
    assert counts(client, project["id"]) == (0, 0, 0)
    assert client.get(f"/api/projects/{project['id']}/sources").json()["items"] == []
    # The same file imports whole afterwards: nothing of the failed attempt (its hash) was kept.
    assert upload(client, project["id"], filename, data).status_code == 201


def test_release_empties_a_parsed_transcript_and_its_sentences() -> None:
    parsed = parse_upload("panel.txt", PANEL_TRANSCRIPT.encode(), options=None, max_bytes=1 << 20)
    assert isinstance(parsed, Transcript)
    sentences = sentences_of(parsed)
    upload_ = ParsedUpload(parsed, sentences)
    release(upload_)
    assert parsed.turns == [] and sentences == []


def test_release_empties_a_parsed_survey() -> None:
    parsed = parse_upload("survey.csv", SURVEY, options=None, max_bytes=1 << 20)
    assert isinstance(parsed, Survey) and parsed.respondents
    release(ParsedUpload(parsed))
    assert parsed.respondents == []


def test_drop_in_steps_empties_a_list_longer_than_one_step() -> None:
    items = list(range(2 * 5000 + 7))
    drop_in_steps(items)
    assert items == []
