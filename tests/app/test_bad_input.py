"""Every kind of bad upload gets a 4xx that names the file (and line or row), and changes nothing stored."""

import io
import zipfile
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.factories import PANEL_TRANSCRIPT, counts, make_project, upload

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
BROKEN_VTT = b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ana>What do you use today?\n\n00:00:xx --> 00:00:09\n<v Bo>A spreadsheet.\n"
NO_TEXT_CSV = b"speaker,start\nAna,00:00:01\nBo,00:00:05\n"
QUALTRICS_EMPTY = (
    b"StartDate,EndDate,ResponseId,Q1,Q2\n"
    b"Start Date,End Date,Response ID,What is your role?,What made you look for a new CRM?\n"
    b'"{""ImportId"":""startDate""}","{""ImportId"":""endDate""}","{""ImportId"":""_recordId""}",'
    b'"{""ImportId"":""QID1""}","{""ImportId"":""QID2""}"\n'
)
# Valid UTF-8 fails at 0x81, and 0x81 is undefined in cp1252 too.
UNDECODABLE = b"Ana: Hello there\nBo: caf\xe9 \x81\x8d d\xe9j\xe0 vu\n"


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    return buffer.getvalue()


CASES: dict[str, tuple[str, Callable[[], bytes], int, str | None]] = {
    # name: (filename, data, status, a place the message must name)
    "empty": ("empty.txt", lambda: b"", 400, None),
    "whitespace only": ("blank.txt", lambda: b"  \n\n  ", 400, None),
    "binary": ("photo.txt", lambda: PNG, 415, None),
    "unknown format": (
        "notes.pdf",
        lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n",
        415,
        None,
    ),
    "too large": ("huge.txt", lambda: b"Ana: " + b"word " * 300_000, 413, None),
    "broken vtt timing": ("call.vtt", lambda: BROKEN_VTT, 400, "line 6"),
    "csv without text column": ("transcript.csv", lambda: NO_TEXT_CSV, 400, None),
    "docx that is not a zip": ("interview.docx", lambda: b"\x00\x01 not a zip file at all", 400, None),
    "docx zip without document": ("interview.docx", _zip_without_document, 400, None),
    "undecodable text": ("latin.txt", lambda: UNDECODABLE, 400, "line 2"),
    "survey with no respondents": ("survey.csv", lambda: QUALTRICS_EMPTY, 400, None),
    "table of numbers": ("numbers.csv", lambda: b"a,b\n1,2\n3,4\n", 400, "survey with no open-text column"),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_upload_is_refused_and_changes_nothing(client: TestClient, case: str) -> None:
    filename, make_data, status, place = CASES[case]
    project = make_project(client)
    assert upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).status_code == 201
    before = counts(client, project["id"])

    response = upload(client, project["id"], filename, make_data())

    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["file"] == filename
    assert filename in error["message"]
    if place:
        assert place in error["message"], error["message"]
    assert counts(client, project["id"]) == before


@pytest.mark.parametrize("data", [b"", b"  \n\n  "], ids=["0 bytes", "blank"])
def test_empty_and_blank_files_get_one_message(client: TestClient, data: bytes) -> None:
    project = make_project(client)

    error = upload(client, project["id"], "notes.txt", data).json()["error"]

    assert error["message"] == "notes.txt: the file is empty"


def test_csv_without_text_column_lists_the_headers(client: TestClient) -> None:
    project = make_project(client)
    error = upload(client, project["id"], "transcript.csv", NO_TEXT_CSV).json()["error"]
    assert "speaker" in error["message"] and "start" in error["message"]


def test_a_table_of_numbers_leaves_no_participant_behind(client: TestClient) -> None:
    project = make_project(client)

    response = upload(client, project["id"], "numbers.csv", b"a,b\n1,2\n3,4\n")

    assert response.status_code == 400
    assert response.json()["error"]["reason"] == "no_open_answers"
    assert client.get(f"/api/projects/{project['id']}/participants").json()["items"] == []


def test_same_file_twice_is_reported_as_duplicate(client: TestClient) -> None:
    project = make_project(client)
    first = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()
    before = counts(client, project["id"])
    again = upload(client, project["id"], "panel-copy.txt", PANEL_TRANSCRIPT.encode())
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "duplicate_source"
    assert error["existing_source_id"] == first["source"]["id"]
    assert "panel-copy.txt" in error["message"] and "panel.txt" in error["message"]
    assert counts(client, project["id"]) == before


def test_bad_roles_field_says_what_is_wrong(client: TestClient) -> None:
    project = make_project(client)
    response = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode(), roles='{"Ana": "boss"}')
    assert response.status_code == 400
    assert "roles" in response.json()["error"]["message"]
    assert counts(client, project["id"]) == (0, 0, 0)
