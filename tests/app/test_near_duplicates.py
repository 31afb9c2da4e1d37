"""A new source that repeats an earlier one (the same survey as CSV and XLSX, one interview as VTT and
TXT) is imported, but marked and warned about, with a way to delete it."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.sources.models import SourceFingerprint
from tests.app.test_interviews import put_answer, start
from tests.conftest import client_for
from tests.factories import make_project, upload
from tests.nlp.ingest.builders import csv_bytes, xlsx_bytes

HEADER = ["Respondent", "Role", "What frustrates you about invoicing?", "What would you change first?"]
ANSWERS = [
    ["Finance", "Everything takes three approvals before it goes out.", "One approval for small amounts."],
    ["Ops", "The export to our ledger breaks every month.", "An export that just works."],
    ["Sales", "I never know whether a client has paid.", "Yes"],
    ["Support", "Customers email us about invoices we cannot see.", "Let support see the invoices."],
]


def survey_rows(prefix: str) -> list[list[str]]:
    return [HEADER] + [[f"{prefix}{n:03d}", *row] for n, row in enumerate(ANSWERS, start=1)]


INTERVIEW_TXT = """\
Interviewer: Thanks for joining. How do you send invoices today?
Dana Lee: We export them from the old tool every Friday. Then someone checks each line by hand.
Interviewer: What happens when it goes wrong?
Dana Lee: The export breaks and we lose a whole afternoon. Last month we missed two payments because of it.
Interviewer: What would you change?
Dana Lee: I would want the invoices to go out on their own, without anyone copying numbers around.
"""
INTERVIEW_VTT = b"""WEBVTT

00:00:01.000 --> 00:00:04.000
<v Interviewer>Thanks for joining. How do you send invoices today?

00:00:05.000 --> 00:00:11.000
<v Dana Lee>We export them from the old tool every Friday. Then someone checks each line by hand.

00:00:12.000 --> 00:00:14.000
<v Interviewer>What happens when it goes wrong?

00:00:15.000 --> 00:00:22.000
<v Dana Lee>The export breaks and we lose a whole afternoon. Last month we missed two payments because of it.

00:00:23.000 --> 00:00:25.000
<v Interviewer>What would you change?

00:00:26.000 --> 00:00:31.000
<v Dana Lee>I would want the invoices to go out on their own, without anyone copying numbers around.
"""


def imported(client: TestClient, project_id: int, filename: str, data: bytes) -> dict[str, Any]:
    response = upload(client, project_id, filename, data)
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_the_same_survey_as_csv_and_xlsx_is_kept_and_flagged(client: TestClient) -> None:
    project = make_project(client)
    first = imported(client, project["id"], "survey.csv", csv_bytes(survey_rows("R")))
    assert first["near_duplicate"] is None
    second = imported(client, project["id"], "survey.xlsx", xlsx_bytes(survey_rows("X")))
    earlier = first["source"]["id"]
    assert second["near_duplicate"] == {"source_id": earlier, "filename": "survey.csv", "share": 1.0}
    assert "'survey.csv'" in second["warnings"][0] and f"source {earlier}" in second["warnings"][0]
    assert second["source"]["duplicate_of_id"] == earlier
    read = client.get(f"/api/sources/{second['source']['id']}").json()
    assert (read["duplicate_of_id"], read["duplicate_share"]) == (earlier, 1.0)
    assert client.get(f"/api/projects/{project['id']}").json()["source_count"] == 2  # kept


def test_the_same_interview_as_vtt_and_txt_is_flagged(client: TestClient) -> None:
    project = make_project(client)
    first = imported(client, project["id"], "call.vtt", INTERVIEW_VTT)
    second = imported(client, project["id"], "call.txt", INTERVIEW_TXT.encode())
    assert second["near_duplicate"]["source_id"] == first["source"]["id"]


def test_a_source_sharing_a_few_answers_is_not_flagged(client: TestClient) -> None:
    project = make_project(client)
    imported(client, project["id"], "survey.csv", csv_bytes(survey_rows("R")))
    # Two of its six substantive answers are new: 4/6 is under the threshold.
    rows = survey_rows("W")
    rows[1][2] = "Approvals are fine, the tax rules are what hurt."
    rows[2][3] = "A single screen for every open invoice."
    second = imported(client, project["id"], "wave2.csv", csv_bytes(rows))
    assert second["near_duplicate"] is None
    assert second["source"]["duplicate_of_id"] is None


SHORT_REPLIES = [
    *("Yes.", "Right.", "Sure.", "Okay.", "Mm-hm.", "Exactly."),
    *("True.", "Correct.", "Never.", "Always.", "Often.", "Sometimes."),
]


def short_interview(name: str, statements: list[str]) -> bytes:
    lines = [f"Interviewer: Question {n}?\n{name}: {reply}" for n, reply in enumerate(SHORT_REPLIES)]
    lines += [f"Interviewer: And then?\n{name}: {statement}" for statement in statements]
    return "\n".join(lines).encode()


def test_short_replies_alone_do_not_make_a_duplicate(client: TestClient) -> None:
    project = make_project(client)
    said = ["We keep every invoice in a spreadsheet.", "The bank feed is always late.", "Nobody owns it."]
    imported(client, project["id"], "a.txt", short_interview("Ana Ruiz", said))
    # The same twelve short replies (12 of its 15 utterances) and three other statements.
    other = ["We pay an agency to chase clients.", "Our CRM sends the invoices.", "It works well enough."]
    second = imported(client, project["id"], "b.txt", short_interview("Bo Tan", other))
    assert second["near_duplicate"] is None
    third = imported(client, project["id"], "c.txt", short_interview("Cy Obi", said))
    assert third["near_duplicate"] is not None  # the same statements are a duplicate, short replies or not


def test_other_projects_are_not_compared(client: TestClient) -> None:
    imported(client, make_project(client, "One")["id"], "survey.csv", csv_bytes(survey_rows("R")))
    other = imported(client, make_project(client, "Two")["id"], "survey.xlsx", xlsx_bytes(survey_rows("X")))
    assert other["near_duplicate"] is None


def test_deleting_the_earlier_source_clears_the_mark(client: TestClient) -> None:
    project = make_project(client)
    first = imported(client, project["id"], "survey.csv", csv_bytes(survey_rows("R")))
    second = imported(client, project["id"], "survey.xlsx", xlsx_bytes(survey_rows("X")))
    assert client.delete(f"/api/sources/{first['source']['id']}").status_code == 200
    read = client.get(f"/api/sources/{second['source']['id']}").json()
    assert (read["duplicate_of_id"], read["duplicate_share"]) == (None, None)
    assert "Possible duplicate" not in client.get(f"/sources/{second['source']['id']}").text
    # Its fingerprints went with it: the CSV again now repeats the XLSX, not a deleted source.
    third = imported(client, project["id"], "survey-again.csv", csv_bytes(survey_rows("S")))
    assert third["near_duplicate"]["source_id"] == second["source"]["id"]


def test_upload_page_warns_and_offers_to_delete_the_new_source(client: TestClient) -> None:
    project = make_project(client)
    files = [
        ("files", ("survey.csv", csv_bytes(survey_rows("R")))),
        ("files", ("survey.xlsx", xlsx_bytes(survey_rows("X")))),
    ]
    page = client.post(f"/projects/{project['id']}/upload", files=files)
    assert page.status_code == 200
    sources = client.get(f"/api/projects/{project['id']}/sources").json()["items"]
    csv_id, xlsx_id = (s["id"] for s in sources)
    result = page.text.split("survey.xlsx</strong>: imported", 1)[1].split("</li>", 1)[0]
    assert "already in &#39;survey.csv&#39;" in result
    assert f'action="/sources/{xlsx_id}/delete"' in result
    assert f'href="/sources/{csv_id}"' in result
    assert "delete" not in page.text.split("survey.csv</strong>: imported", 1)[1].split("</li>", 1)[0]


def test_source_page_names_the_earlier_source_and_deletes_in_one_click(client: TestClient) -> None:
    project = make_project(client)
    first = imported(client, project["id"], "survey.csv", csv_bytes(survey_rows("R")))["source"]
    second = imported(client, project["id"], "survey.xlsx", xlsx_bytes(survey_rows("X")))["source"]
    page = client.get(f"/sources/{second['id']}").text
    notice = page.split("Possible duplicate", 1)[1].split("</div>", 1)[0]
    assert f'<a href="/sources/{first["id"]}">survey.csv</a>' in notice
    assert "100%" in notice
    assert f'action="/sources/{second["id"]}/delete"' in notice
    assert "Possible duplicate" not in client.get(f"/sources/{first['id']}").text
    deleted = client.post(f"/sources/{second['id']}/delete", follow_redirects=False)
    assert deleted.status_code == 303
    left = client.get(f"/api/projects/{project['id']}/sources").json()["items"]
    assert [s["id"] for s in left] == [first["id"]]


GUIDE = [
    "How do you send invoices today?",
    "Who checks them before they go out?",
    "What happens when a client pays late?",
    "Tell me about the last time an invoice went wrong.",
    "What did you try before the current tool?",
    "How long does a month's invoicing take?",
    "Who else is involved in getting paid?",
    "What would you never give up about your process?",
    "How do clients tell you they have paid?",
    "What do you do when an amount is disputed?",
    "Which reports do you send to your accountant?",
    "If you could change one thing, what would it be?",
]


def guided_interview(name: str, statements: list[str]) -> bytes:
    """Twelve guide questions answered in a word, then three statements."""
    lines = [f"Interviewer: {q}\n{name}: {reply}" for q, reply in zip(GUIDE, SHORT_REPLIES, strict=True)]
    lines += [f"Interviewer: Anything else about that?\n{name}: {statement}" for statement in statements]
    return "\n".join(lines).encode()


def test_the_same_interview_guide_with_other_answers_is_not_flagged(client: TestClient) -> None:
    project = make_project(client)
    said = ["We keep every invoice in a spreadsheet.", "The bank feed is always late.", "Nobody owns it."]
    imported(client, project["id"], "a.txt", guided_interview("Ana Ruiz", said))
    # Its 13 interviewer sentences (of 16 substantive ones) repeat the first's; its 3 statements are new.
    other = ["We pay an agency to chase clients.", "Our CRM sends the invoices.", "It works well enough."]
    assert (
        imported(client, project["id"], "b.txt", guided_interview("Bo Tan", other))["near_duplicate"] is None
    )


def test_erasing_a_participant_removes_the_hashes_of_their_words(client: TestClient, db: Engine) -> None:
    project = make_project(client)
    first = imported(client, project["id"], "call.vtt", INTERVIEW_VTT)["source"]
    dana = next(
        p
        for p in client.get(f"/api/projects/{project['id']}/participants").json()["items"]
        if "Dana" in p["display_name"]
    )
    assert client.delete(f"/api/participants/{dana['id']}").status_code == 200
    with Session(db) as session:
        left = session.exec(
            select(SourceFingerprint.text_hash).where(SourceFingerprint.source_id == first["id"])
        )
        assert set(left) == set()  # only the interviewer's questions remain, and they are not fingerprinted
    # Her words uploaded again are no longer found in the erased source.
    assert imported(client, project["id"], "call.txt", INTERVIEW_TXT.encode())["near_duplicate"] is None


def test_an_upload_of_a_finished_live_interview_is_flagged(client: TestClient) -> None:
    project = make_project(client, "Timeline study", framework="jtbd-timeline")
    state = start(client, project["id"], template_id="switch")
    said = {
        "first-use-start": "Setup took a day and a friend helped me with the bank feed.",
        "deciding-worries": "I worried the import would break our client data for good.",
        "satisfaction-progress": "I have my weekends back now that invoices go out on their own.",
    }
    for question, answer in said.items():
        assert put_answer(client, state["id"], question, revision=1, text=answer).status_code == 200
    live = client.post(f"/api/interviews/{state['id']}/finish").json()
    recording = "\n".join(f"Interviewer: Next question.\nMaya Ortega: {answer}" for answer in said.values())
    upload_of_it = imported(client, project["id"], "recording.txt", recording.encode())
    assert upload_of_it["near_duplicate"]["source_id"] == live["source_id"]


def test_a_speaker_made_interviewer_takes_their_words_out_of_the_fingerprints(client: TestClient) -> None:
    project = make_project(client)
    first = imported(client, project["id"], "call.vtt", INTERVIEW_VTT)["source"]
    speakers = client.get(f"/api/sources/{first['id']}/speakers").json()
    dana = next(s for s in speakers if s["label"] == "Dana Lee")
    changed = client.patch(f"/api/sources/{first['id']}/speakers/{dana['id']}", json={"role": "interviewer"})
    assert changed.status_code == 200, changed.text
    # Her answers no longer count as the earlier source's answers, so the same interview is no duplicate.
    assert imported(client, project["id"], "call.txt", INTERVIEW_TXT.encode())["near_duplicate"] is None


def test_only_owners_are_offered_the_delete_buttons(app: FastAPI, db: Engine, client: TestClient) -> None:
    project = make_project(client)
    imported(client, project["id"], "survey.csv", csv_bytes(survey_rows("R")))
    second = imported(client, project["id"], "survey.xlsx", xlsx_bytes(survey_rows("X")))["source"]
    with client_for(app, db, "rita@example.com") as rita:
        added = client.post(
            f"/api/projects/{project['id']}/members", json={"email": "rita@example.com", "role": "researcher"}
        )
        assert added.status_code == 201
        page = rita.get(f"/sources/{second['id']}").text
        assert "Possible duplicate" in page and "A project owner can delete it." in page
        assert f'action="/sources/{second["id"]}/delete"' not in page  # the route would answer 403
        assert rita.post(f"/sources/{second['id']}/delete", follow_redirects=False).status_code == 403
    assert f'action="/sources/{second["id"]}/delete"' in client.get(f"/sources/{second['id']}").text


def test_the_project_page_marks_the_duplicate_in_its_source_list(client: TestClient) -> None:
    """walk4: only the upload result and the source's own page said so; the project page's table did not."""
    project = make_project(client)
    assert upload(client, project["id"], "dana.txt", INTERVIEW_TXT.encode()).status_code == 201
    assert upload(client, project["id"], "dana.vtt", INTERVIEW_VTT).status_code == 201

    page = client.get(f"/projects/{project['id']}").text

    assert page.count("Possible duplicate:") == 1
    assert "Possible duplicate: 100% already in dana.txt" in page
    # The earlier source is on another page of the list: still named.
    second_page = client.get(f"/projects/{project['id']}", params={"page": 2, "page_size": 1}).text
    assert "Possible duplicate: 100% already in dana.txt" in second_page
