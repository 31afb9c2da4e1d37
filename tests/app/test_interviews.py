"""Live interviews through the API: start, save, an interruption, resume, finish into a linked source."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.coding.jobs import run_job
from nlp.guides import load_guide
from tests.conftest import client_for
from tests.factories import make_project
from tests.fakes import abstaining_stage_factory, fake_factory

SWITCH = load_guide("switch")
STAGE = {q.id: s.stage for s, q in SWITCH.questions}
# What the interviewer typed: several lines make several respondent turns; some questions are skipped.
BEFORE_THE_BREAK = {
    "scene-what-bought": "We switched our bookkeeping to Tallybird in February.",
    "first-thought-when": "Last autumn, after a weekend of digging through receipts.\nThe accountant sent forty questions back.",
    "first-thought-old-way": "Every Friday I typed invoices into a spreadsheet. It broke every quarter.",
}
AFTER_THE_BREAK = {
    "active-trigger": "Our accountant raised her fees.",
    "deciding-worries": "Losing five years of history. Their support imported it for us.",
    "first-use-start": "The first week was bumpy, then Friday took twenty minutes.",
    "satisfaction-progress": "I have my weekends back.",
}


def put_answer(client: TestClient, interview_id: int, question_id: str, revision: int, **fields: Any) -> Any:
    body = {"text": "", "notes": "", "quotes": [], "revision": revision, **fields}
    return client.put(f"/api/interviews/{interview_id}/answers/{question_id}", json=body)


def second_token(client: TestClient) -> str:
    """Another API token for the same person (a new browser session after the tab was closed)."""
    created = client.post("/api/auth/tokens", json={"name": "after the break"})
    assert created.status_code == 201, created.text
    return str(created.json()["token"])


def start(client: TestClient, project_id: int, **guide: Any) -> dict[str, Any]:
    participant = client.post(
        f"/api/projects/{project_id}/participants", json={"display_name": "Maya Ortega", "company": "Ortega Studio"}
    ).json()
    started = client.post(
        f"/api/projects/{project_id}/interviews",
        json={"participant_id": participant["id"], "title": "Maya, switch to Tallybird", **guide},
    )
    assert started.status_code == 201, started.text
    return dict(started.json())


def test_an_interview_survives_an_interruption_and_every_answer_ends_up_linked(app: FastAPI, db: Engine) -> None:
    first = client_for(app, db, "interviewer@example.com")
    project = make_project(first, "Tallybird switch")
    state = start(first, project["id"], template_id="switch")
    interview_id = state["id"]
    assert state["status"] == "draft" and state["guide_name"] == SWITCH.name and state["answers"] == {}
    assert [s["id"] for s in state["guide"]["sections"]] == [s.id for s in SWITCH.sections]

    assert first.put(f"/api/interviews/{interview_id}/sections/first-thought/timer", json={"running": True}).status_code == 200
    for n, (question_id, text) in enumerate(BEFORE_THE_BREAK.items(), start=1):
        saved = put_answer(first, interview_id, question_id, revision=1000 + n, text=text)
        assert saved.status_code == 200 and saved.json()["applied"], saved.text
    put_answer(first, interview_id, "first-thought-when", revision=2000, text=BEFORE_THE_BREAK["first-thought-when"],
               notes="Sighed when talking about the weekend.", quotes=["The accountant sent forty questions back."])
    token = second_token(first)
    first.close()  # the tab is closed mid-interview; nothing else of that client is used again
    del first

    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as second:
        resumed = second.get(f"/api/interviews/{interview_id}").json()
        assert {q: a["text"] for q, a in resumed["answers"].items()} == BEFORE_THE_BREAK
        assert resumed["answers"]["first-thought-when"]["notes"] == "Sighed when talking about the weekend."
        assert resumed["timers"]["first-thought"]["running"] is True
        # A save from before the break that arrives late (revision 1002 < 2000) must not overwrite anything.
        late = put_answer(second, interview_id, "first-thought-when", revision=1002, text="stale text")
        assert late.status_code == 200 and late.json()["applied"] is False
        assert late.json()["text"] == BEFORE_THE_BREAK["first-thought-when"]
        # The same save twice is harmless.
        again = put_answer(second, interview_id, "first-thought-when", revision=2000, text=BEFORE_THE_BREAK["first-thought-when"],
                           notes="Sighed when talking about the weekend.", quotes=["The accountant sent forty questions back."])
        assert again.json()["applied"] is True and again.json()["revision"] == 2000
        for n, (question_id, text) in enumerate(AFTER_THE_BREAK.items(), start=1):
            assert put_answer(second, interview_id, question_id, revision=3000 + n, text=text).status_code == 200
        put_answer(second, interview_id, "purchase-moment", revision=3100, notes="Skipped: short on time.")
        timers = second.put(f"/api/interviews/{interview_id}/sections/deciding/timer", json={"running": True}).json()
        assert {t["section_id"]: t["running"] for t in timers} == {"first-thought": False, "deciding": True}
        assert next(t for t in timers if t["section_id"] == "first-thought")["elapsed_s"] > 0

        finished = second.post(f"/api/interviews/{interview_id}/finish")
        assert finished.status_code == 200, finished.text
        result = finished.json()
        assert result["highlights"] == 1 and result["coding_job_id"] is not None

        source = second.get(f"/api/sources/{result['source_id']}").json()
        assert (source["kind"], source["format"], source["status"]) == ("interview", "live", "coding")
        assert source["participant_count"] == 1
        utterances = second.get(
            f"/api/projects/{project['id']}/utterances", params={"source_id": source["id"], "page_size": 500}
        ).json()["items"]
        text_of = {u["id"]: u for u in utterances}
        coverage = second.get(f"/api/sources/{source['id']}/coverage").json()
        assert coverage["origin"] == "live" and coverage["total"] == len(SWITCH.questions)
        answers = BEFORE_THE_BREAK | AFTER_THE_BREAK
        for question in coverage["questions"]:
            qid = question["question_id"]
            assert question["stage"] == STAGE[qid]
            if qid in answers:
                assert question["asked"] and question["answered"], qid
                asked = [text_of[i] for i in question["asked_utterance_ids"]]
                assert " ".join(u["text"] for u in asked) == SWITCH.question(qid)[1].text
                assert {u["speaker_role"] for u in asked} == {"interviewer"}
                said = [text_of[i] for i in question["answer_utterance_ids"]]
                assert " ".join(u["text"] for u in said) == " ".join(answers[qid].split())
                assert {u["speaker_role"] for u in said} == {"respondent"}
                assert {u["participant_id"] for u in said} == {resumed["participant_id"]}
            elif qid == "purchase-moment":  # notes only: asked, not answered; notes are not utterances
                assert question["asked"] and not question["answered"]
            else:
                assert not question["asked"] and not question["answered"], qid
        linked = {i for q in coverage["questions"] for i in q["asked_utterance_ids"] + q["answer_utterance_ids"]}
        assert linked == set(text_of)  # every utterance is linked to its question
        assert not any("Sighed" in u["text"] or "Skipped" in u["text"] for u in utterances)

        highlight = second.get(f"/api/projects/{project['id']}/highlights").json()["items"][0]
        assert highlight["text"] == "The accountant sent forty questions back."
        assert text_of[highlight["utterance_id"]]["text"] == highlight["text"]
        assert second.get(f"/api/sources/{source['id']}/coding").json()["status"] == "queued"

        # Finished is final.
        assert put_answer(second, interview_id, "scene-what-bought", revision=9999, text="x").status_code == 409
        assert second.post(f"/api/interviews/{interview_id}/finish").status_code == 409
        assert second.get(f"/api/interviews/{interview_id}").json()["status"] == "finished"


def test_coding_takes_the_stage_from_the_guide_when_the_frameworks_agree(app: FastAPI, db: Engine, client: TestClient) -> None:
    project = make_project(client, "Timeline study", framework="jtbd-timeline")
    state = start(client, project["id"], template_id="switch")
    put_answer(client, state["id"], "first-use-start", revision=1, text="Setup took a day and a friend helped.")
    put_answer(client, state["id"], "deciding-worries", revision=1, text="I worried the import broke our data.")
    result = client.post(f"/api/interviews/{state['id']}/finish").json()
    run_job(db, result["coding_job_id"], fake_factory)  # the fake stage coder says awareness or research
    coverage = client.get(f"/api/sources/{result['source_id']}/coverage").json()
    for question in coverage["questions"]:
        for utterance_id in question["answer_utterance_ids"]:
            stages = [c for c in client.get(f"/api/utterances/{utterance_id}/codes").json() if c["kind"] == "stage"]
            assert [(c["label"], c["coder"]) for c in stages] == [(STAGE[question["question_id"]], "desirelines.guide_stage")]


def test_every_sentence_of_an_answer_takes_the_guide_stage_where_the_stage_coder_abstained(
    app: FastAPI, db: Engine, client: TestClient
) -> None:
    project = make_project(client, "Seven steps")  # seven-step, as the discovery guide
    state = start(client, project["id"], template_id="discovery")
    lines = [
        "Honestly the worst part is cleaning the data before anyone can model it.",
        "A friend told me it takes everyone two weeks.",
        "We export everything to spreadsheets by hand.",
        "Yeah.",
    ]
    put_answer(client, state["id"], "problem-hard-part", revision=1, text="\n".join(lines))
    result = client.post(f"/api/interviews/{state['id']}/finish").json()
    run_job(db, result["coding_job_id"], abstaining_stage_factory)
    question = client.get(f"/api/sources/{result['source_id']}/coverage").json()["questions"][0]
    assert question["question_id"] == "problem-hard-part" and question["stage"] == "awareness"
    utterances = client.get(
        f"/api/projects/{project['id']}/utterances", params={"source_id": result["source_id"], "page_size": 500}
    ).json()["items"]
    text_of = {u["id"]: u["text"] for u in utterances}
    stages = {}
    for utterance_id in question["answer_utterance_ids"]:
        codes = client.get(f"/api/utterances/{utterance_id}/codes").json()
        stages[text_of[utterance_id]] = [(c["label"], c["coder"]) for c in codes if c["kind"] == "stage"]
    guide = [("awareness", "desirelines.guide_stage")]
    assert stages == {lines[0]: guide, lines[1]: guide, lines[2]: guide, "Yeah.": []}  # a backchannel: no stage


def test_a_guide_in_another_framework_leaves_the_stage_coder_in_charge(app: FastAPI, db: Engine, client: TestClient) -> None:
    project = make_project(client, "Seven steps")  # seven-step; the switch guide is jtbd-timeline
    state = start(client, project["id"], template_id="switch")
    put_answer(client, state["id"], "first-use-start", revision=1, text="A friend set it up for us.")
    result = client.post(f"/api/interviews/{state['id']}/finish").json()
    run_job(db, result["coding_job_id"], fake_factory)
    answer = client.get(f"/api/sources/{result['source_id']}/coverage").json()["questions"][10]
    codes = client.get(f"/api/utterances/{answer['answer_utterance_ids'][0]}/codes").json()
    assert [(c["label"], c["coder"]) for c in codes if c["kind"] == "stage"] == [("research", "fake.stage")]
    assert answer["stage"] == "consuming"  # still known, and shown beside the utterance


def preselected(client: TestClient, project_id: int, **params: Any) -> list[str]:
    page = client.get(f"/projects/{project_id}/interviews", params=params)
    assert page.status_code == 200, page.text
    return re.findall(r'<option value="([^"]+)" selected>', page.text)


def test_the_start_form_preselects_a_guide_in_the_project_framework(client: TestClient) -> None:
    seven = make_project(client, "Seven steps")
    assert preselected(client, seven["id"]) == ["template:discovery"]  # not the jtbd-timeline switch guide
    assert preselected(client, make_project(client, "B2B", framework="b2b-five")["id"]) == ["template:b2b-persona"]
    assert preselected(client, make_project(client, "T", framework="jtbd-timeline")["id"]) == ["template:switch"]
    own = client.post(f"/api/projects/{seven['id']}/guides", json={"copy_of": {"template_id": "discovery"}}).json()
    client.post(f"/api/projects/{seven['id']}/guides", json={"copy_of": {"template_id": "switch"}})  # newer
    assert preselected(client, seven["id"]) == [f"guide:{own['id']}"]  # the project's own, in its framework
    assert preselected(client, seven["id"], template_id="switch") == ["template:switch"]  # asked for


def test_starting_needs_a_participant_and_a_guide_of_this_project(client: TestClient) -> None:
    project = make_project(client)
    url = f"/api/projects/{project['id']}/interviews"
    assert client.post(url, json={"template_id": "switch"}).status_code == 400
    assert client.post(url, json={"participant_name": "Ana"}).status_code == 400
    assert client.post(url, json={"participant_name": "Ana", "template_id": "nope"}).status_code == 404
    other = make_project(client, "Other")
    foreign = client.post(f"/api/projects/{other['id']}/guides", json={"copy_of": {"template_id": "switch"}}).json()
    assert client.post(url, json={"participant_name": "Ana", "guide_id": foreign["id"]}).status_code == 404
    created = client.post(url, json={"participant_name": "Ana", "template_id": "discovery"})
    assert created.status_code == 201 and created.json()["participant_name"] == "Ana"
    interview_id = created.json()["id"]
    assert put_answer(client, interview_id, "no-such-question", revision=1, text="x").status_code == 404
    assert client.put(f"/api/interviews/{interview_id}/sections/nope/timer", json={"running": True}).status_code == 404
    assert client.post(f"/api/interviews/{interview_id}/finish").status_code == 400  # nothing typed yet


def test_a_missing_interview_is_named_as_an_interview_in_the_404(client: TestClient) -> None:
    response = client.get("/api/interviews/999999")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Interview 999999 does not exist."


def test_discarding_a_draft_deletes_what_was_typed(client: TestClient) -> None:
    project = make_project(client)
    state = start(client, project["id"], template_id="switch")
    put_answer(client, state["id"], "scene-what-bought", revision=1, text="Something private.")
    assert client.delete(f"/api/interviews/{state['id']}").status_code == 200
    assert client.delete(f"/api/interviews/{state['id']}").status_code == 200  # again: nothing more to do
    gone = client.get(f"/api/interviews/{state['id']}").json()
    assert gone["status"] == "discarded" and gone["answers"] == {}
    assert client.get(f"/api/projects/{project['id']}/interviews").json()["total"] == 0
    assert put_answer(client, state["id"], "scene-what-bought", revision=2, text="x").status_code == 409


def test_erasing_the_participant_erases_their_live_interviews(client: TestClient) -> None:
    project = make_project(client)
    state = start(client, project["id"], template_id="switch")
    put_answer(client, state["id"], "scene-what-bought", revision=1, text="A draft about me.")
    assert client.delete(f"/api/participants/{state['participant_id']}").status_code == 200
    assert client.get(f"/api/interviews/{state['id']}").status_code == 404


def test_with_redaction_the_source_and_the_finished_draft_hold_no_personal_details(client: TestClient) -> None:
    project = make_project(client, "Private study")
    client.patch(f"/api/projects/{project['id']}", json={"redact_on_import": True})
    state = start(client, project["id"], template_id="switch")
    put_answer(client, state["id"], "scene-what-bought", revision=1,
               text="Write to maya@ortega.example about it.", quotes=["Write to maya@ortega.example about it."])
    result = client.post(f"/api/interviews/{state['id']}/finish").json()
    utterances = client.get(f"/api/projects/{project['id']}/utterances", params={"source_id": result["source_id"]}).json()["items"]
    respondent = [u for u in utterances if u["speaker_role"] == "respondent"]
    assert [u["text"] for u in respondent] == ["Write to [email] about it."]
    assert {u["participant_id"] for u in respondent} == {state["participant_id"]}
    assert client.get(f"/api/interviews/{state['id']}").json()["answers"]["scene-what-bought"]["text"] == "Write to [email] about it."
    assert client.get(f"/api/projects/{project['id']}/highlights").json()["items"][0]["text"] == "Write to [email] about it."
    people = client.get(f"/api/projects/{project['id']}/participants").json()["items"]
    assert [p["id"] for p in people] == [state["participant_id"]]  # no second person made up for the label
