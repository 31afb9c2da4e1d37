"""Coverage for uploaded transcripts: interviewer turns matched to guide questions by meaning.

The acceptance test uses the real encoder (all-MiniLM-L6-v2 from its pip package) on a fictional
switch interview whose interviewer paraphrases the guide; the others use a word-overlap fake."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.coding.jobs import run_job
from nlp.guides.match_eval import TEST, figures, read_examples
from tests.factories import PANEL_TRANSCRIPT, make_project, upload
from tests.fakes import WordOverlapEncoder, fake_factory

FICTIONAL_SWITCH = (Path(__file__).parent / "data" / "switch_interview_fictional.txt").read_bytes()
# What the fictional interview did, question by question: (asked, answered).
EXPECTED = {
    "scene-what-bought": (True, True),
    "first-thought-when": (True, True),
    "first-thought-old-way": (True, True),
    "passive-noticing": (True, True),
    "passive-not-yet": (False, False),
    "active-trigger": (True, True),
    "active-where": (True, True),
    "deciding-why-this": (True, True),
    "deciding-worries": (True, True),
    "purchase-moment": (True, False),  # asked, then skipped before an answer
    "first-use-start": (True, True),
    "satisfaction-progress": (True, True),
    "satisfaction-recommend": (False, False),
}
NEAR_VERBATIM = """Interviewer: Hello and welcome. What did you buy, and roughly when did you start using it?
Ana: A CRM called Pipewell, in March.
Interviewer: What worried you about making the switch?
Ana: Losing our deal history.
Interviewer: Lovely weather today.
Ana: It is.
"""


def test_an_uploaded_switch_interview_shows_coverage_per_question(client: TestClient) -> None:
    """Acceptance: the real encoder links the paraphrased questions of a transcript to the switch guide."""
    project = make_project(client)
    source = upload(client, project["id"], "maya_ortega_switch.txt", FICTIONAL_SWITCH).json()["source"]
    assert client.get(f"/api/sources/{source['id']}/coverage").status_code == 404  # no guide chosen yet
    response = client.put(f"/api/sources/{source['id']}/guide", json={"template_id": "switch"})
    assert response.status_code == 200, response.text
    report = response.json()
    assert {q["question_id"]: (q["asked"], q["answered"]) for q in report["questions"]} == EXPECTED
    assert (report["asked"], report["answered"], report["total"]) == (11, 10, 13)
    assert report["origin"] == "matched" and report["threshold"] == 0.45 and report["warning"] is None
    utterances = {
        u["id"]: u
        for u in client.get(
            f"/api/projects/{project['id']}/utterances", params={"source_id": source["id"], "page_size": 500}
        ).json()["items"]
    }
    by_id = {q["question_id"]: q for q in report["questions"]}
    worries = by_id["deciding-worries"]
    assert [utterances[i]["text"] for i in worries["asked_utterance_ids"]] == [
        "Were you worried about anything when you made the switch?"
    ]
    assert utterances[worries["answer_utterance_ids"][0]]["text"] == "I was scared of losing five years of history."
    assert by_id["first-thought-when"]["stage"] == "first-thought"
    page = client.get(f"/sources/{source['id']}/coverage").text
    assert "11</strong> of 13 questions asked" in page and "not asked" in page and "no answer" in page


def test_the_matcher_meets_its_figures_on_the_held_out_paraphrases() -> None:
    from nlp.encoder import get_encoder

    result = figures(read_examples(TEST), get_encoder())
    assert result.precision >= 0.9 and result.recall >= 0.9, result


@pytest.fixture
def fake_matcher(app: FastAPI) -> WordOverlapEncoder:
    app.state.guide_encoder = WordOverlapEncoder()
    return app.state.guide_encoder  # type: ignore[no-any-return]


def test_matching_links_stages_and_recoding_uses_them(
    app: FastAPI, db: Engine, client: TestClient, fake_matcher: WordOverlapEncoder
) -> None:
    project = make_project(client, framework="jtbd-timeline")
    source = upload(client, project["id"], "ana.txt", NEAR_VERBATIM.encode()).json()["source"]
    report = client.put(f"/api/sources/{source['id']}/guide", json={"template_id": "switch"}).json()
    by_id = {q["question_id"]: q for q in report["questions"]}
    assert by_id["scene-what-bought"]["asked"] and by_id["scene-what-bought"]["answered"]
    assert by_id["deciding-worries"]["asked"] and by_id["deciding-worries"]["answered"]
    assert report["asked"] == 2
    # "It is." after small talk still answers the last guide question (the interviewer did not move on).
    assert len(by_id["deciding-worries"]["answer_utterance_ids"]) == 2
    job = client.get(f"/api/sources/{source['id']}/coding").json()
    run_job(db, job["id"], fake_factory)
    answer = by_id["deciding-worries"]["answer_utterance_ids"][0]
    stages = [c for c in client.get(f"/api/utterances/{answer}/codes").json() if c["kind"] == "stage"]
    assert [(c["label"], c["coder"]) for c in stages] == [("deciding", "desirelines.guide_stage")]
    transcript = client.get(f"/sources/{source['id']}").text
    # The stage as the framework names it ("Deciding"), not its id.
    assert "answers deciding-worries · Deciding" in transcript and "asks scene-what-bought" in transcript


OFF_GUIDE = """Interviewer: What did you buy, and roughly when did you start using it?
Ana: A CRM called Pipewell, in March.
Interviewer: How big is your team?
Ana: Twelve people.
Interviewer: Which podcasts do you like?
Ana: Mostly history ones.
"""


def test_one_match_in_an_interview_off_the_guide_claims_one_answer_and_warns(
    client: TestClient, fake_matcher: WordOverlapEncoder
) -> None:
    project = make_project(client)
    source = upload(client, project["id"], "ana.txt", OFF_GUIDE.encode()).json()["source"]
    report = client.put(f"/api/sources/{source['id']}/guide", json={"template_id": "switch"}).json()
    assert report["asked"] == 1
    answers = [q["answer_utterance_ids"] for q in report["questions"] if q["answer_utterance_ids"]]
    assert len(answers) == 1 and len(answers[0]) == 1  # "A CRM ...", not the rest of the interview
    assert report["warning"].startswith("Only 1 of 13 questions matched")
    assert "Only 1 of 13 questions matched" in client.get(f"/sources/{source['id']}/coverage").text


def test_matching_again_replaces_the_links(client: TestClient, fake_matcher: WordOverlapEncoder) -> None:
    project = make_project(client)
    source = upload(client, project["id"], "ana.txt", NEAR_VERBATIM.encode()).json()["source"]
    client.put(f"/api/sources/{source['id']}/guide", json={"template_id": "switch"})
    again = client.put(f"/api/sources/{source['id']}/guide", json={"template_id": "discovery"}).json()
    assert again["guide_name"] == "JTBD discovery interview"
    assert {q["question_id"] for q in again["questions"]}.isdisjoint({"scene-what-bought", "deciding-worries"})


def test_what_cannot_be_matched_is_refused(client: TestClient, fake_matcher: WordOverlapEncoder) -> None:
    project = make_project(client)
    answers = b"ResponseId,What made you look?\nR_1,It broke every Monday and we lost deals.\n"
    survey = upload(client, project["id"], "s.csv", answers).json()["source"]
    refused = client.put(f"/api/sources/{survey['id']}/guide", json={"template_id": "switch"})
    assert refused.status_code == 400 and "survey" in refused.json()["error"]["message"]
    interview = client.post(
        f"/api/projects/{project['id']}/interviews", json={"participant_name": "Ana", "template_id": "switch"}
    ).json()
    client.put(f"/api/interviews/{interview['id']}/answers/scene-what-bought", json={"text": "A CRM.", "revision": 1})
    live = client.post(f"/api/interviews/{interview['id']}/finish").json()
    assert client.put(f"/api/sources/{live['source_id']}/guide", json={"template_id": "switch"}).status_code == 409
    plain = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    assert client.put(f"/api/sources/{plain['id']}/guide", json={}).status_code == 400


def test_coverage_page_offers_the_guide_choice_then_shows_the_table(
    client: TestClient, fake_matcher: WordOverlapEncoder
) -> None:
    project = make_project(client)
    source = upload(client, project["id"], "ana.txt", NEAR_VERBATIM.encode()).json()["source"]
    page = client.get(f"/sources/{source['id']}/coverage").text
    assert "not linked to a guide yet" in page and 'value="template:switch"' in page
    done = client.post(f"/sources/{source['id']}/guide", data={"guide": "template:switch"}, follow_redirects=False)
    assert done.status_code == 303
    table = client.get(done.headers["location"]).text
    assert "2</strong> of 13 questions asked" in table and "What worried you about making the switch?" in table
