"""The content filter in the service: no-content utterances get only their class, stay out of the evidence,
are counted and filterable on the pages, and a researcher's override of the class wins (re-coding the
source from stored features). The pipeline's coders are fakes (tests/fakes.py); the filter is the real one."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.analysis.evidence import EvidenceSet, load_evidence, with_left_out
from app.coding.models import CodeRecord
from app.jobs.runner import InlineRunner
from tests.factories import make_project, upload
from tests.fakes import FakeEncoder, FakePipeline, fake_factory

TALK = """Interviewer: Hi, thanks for joining. How did the rollout go?
Anna: Hi! Thanks for having me.
Interviewer: So what happened?
Anna: Yeah. The import broke twice and we lost a week of orders.
Interviewer: Right.
Anna: Mm-hmm. [inaudible]
Interviewer: And after that?
Anna: A friend at another shop told us about the nightly backup.
Interviewer: Thank you, that's all.
Anna: Okay.
"""
SURVEY = (
    "ResponseId,What would you change?\n"
    "R_1,The export broke every Monday and we lost deals because nobody saw the error.\n"
    "R_2,We outgrew the free plan once the team passed ten people and needed forecasting.\n"
    "R_3,My manager wanted a forecast I could defend and the old tool could not give one.\n"
    "R_4,Nothing.\n"
    "R_5,Thanks!\n"
)


@pytest.fixture
def coding_client(app: FastAPI, db: Engine, client: TestClient) -> TestClient:
    app.state.runner = InlineRunner(db, fake_factory)
    FakePipeline.fail_on = None
    return client


def _codes(client: TestClient, project_id: int) -> dict[str, tuple[int, list[dict[str, Any]]]]:
    items = client.get(
        f"/api/projects/{project_id}/utterances", params={"speaker_role": "respondent", "page_size": 500}
    ).json()["items"]
    return {u["text"]: (u["id"], client.get(f"/api/utterances/{u['id']}/codes").json()) for u in items}


def _evidence_texts(db: Engine, project_id: int) -> tuple[list[str], dict[str, int]]:
    with Session(db) as session:
        found = load_evidence(session, project_id=project_id)
        return [e.text for e in found.evidence], found.left_out


def _interview(client: TestClient) -> tuple[int, int]:
    project = make_project(client)
    source = upload(client, project["id"], "talk.txt", TALK.encode()).json()["source"]
    return project["id"], source["id"]


def test_no_content_utterances_get_only_their_class(coding_client: TestClient) -> None:
    project_id, _ = _interview(coding_client)
    codes = _codes(coding_client, project_id)
    for text in ("Hi!", "Thanks for having me.", "Yeah.", "Mm-hmm.", "[inaudible]", "Okay."):
        _, rows = codes[text]
        assert [(c["kind"], c["origin"], c["score"]) for c in rows] == [("content", "machine", 1.0)], text
    assert codes["Yeah."][1][0]["label"] == "backchannel"
    assert codes["[inaudible]"][1][0]["label"] == "marker"
    assert codes["Thanks for having me."][1][0]["label"] in ("courtesy", "procedural")
    broke = {c["kind"]: c["label"] for c in codes["The import broke twice and we lost a week of orders."][1]}
    assert broke["content"] == "substantive" and broke["pain_point"] == "obstacle" and broke["emotion"]


def test_evidence_leaves_out_no_content_and_counts_it(coding_client: TestClient, db: Engine) -> None:
    project_id, _ = _interview(coding_client)
    texts, left_out = _evidence_texts(db, project_id)
    assert texts == [
        "The import broke twice and we lost a week of orders.",
        "A friend at another shop told us about the nightly backup.",
    ]
    assert left_out["backchannel"] == 3 and left_out["marker"] == 1 and sum(left_out.values()) == 6


def test_evidence_without_embeddings_is_the_same_evidence(coding_client: TestClient, db: Engine) -> None:
    project_id, _ = _interview(coding_client)
    with Session(db) as session:
        full = load_evidence(session, project_id=project_id)
        light = load_evidence(session, project_id=project_id, embeddings=False)
    assert light.evidence == full.evidence and light.left_out == full.left_out
    assert full.embeddings.shape == (2, 384) and bool(full.embeddings.any())
    assert light.embeddings.shape == (2, 0)
    assert light.subset([1]).evidence == [full.evidence[1]]


def test_utterances_coded_before_the_filter_are_classified_on_the_fly(
    coding_client: TestClient, db: Engine
) -> None:
    project_id, _ = _interview(coding_client)
    with Session(db) as session:
        session.execute(delete(CodeRecord).where(CodeRecord.kind == "content"))  # type: ignore[arg-type]
        session.commit()
    texts, left_out = _evidence_texts(db, project_id)
    assert len(texts) == 2 and left_out["backchannel"] == 3


def test_researcher_override_both_ways_changes_the_evidence_without_re_embedding(
    coding_client: TestClient, db: Engine
) -> None:
    client = coding_client
    project_id, _ = _interview(client)
    codes = _codes(client, project_id)
    yeah, _ = codes["Yeah."]
    backup, _ = codes["A friend at another shop told us about the nightly backup."]
    _, before = _evidence_texts(db, project_id)
    passes = FakeEncoder.passes

    made = client.post(f"/api/utterances/{yeah}/codes", json={"kind": "content", "label": "substantive"})
    assert made.status_code == 201 and made.json()["origin"] == "researcher"
    hidden = client.post(f"/api/utterances/{backup}/codes", json={"kind": "content", "label": "procedural"})
    assert hidden.status_code == 201

    texts, left_out = _evidence_texts(db, project_id)
    assert texts == ["Yeah.", "The import broke twice and we lost a week of orders."]
    assert left_out["procedural"] == before.get("procedural", 0) + 1
    assert left_out["backchannel"] == before["backchannel"] - 1
    after = _codes(client, project_id)
    yeah_kinds = {(c["kind"], c["origin"]) for c in after["Yeah."][1]}
    assert {("emotion", "machine"), ("stage", "machine"), ("content", "researcher")} <= yeah_kinds
    backup_kinds = [c["kind"] for c in after["A friend at another shop told us about the nightly backup."][1]]
    assert sorted(backup_kinds) == ["content", "content"]  # the machine's class and the researcher's
    assert FakeEncoder.passes == passes  # re-coded from stored features

    client.post(f"/api/utterances/{yeah}/codes", json={"kind": "content", "label": "backchannel"})
    texts, _ = _evidence_texts(db, project_id)
    assert "Yeah." not in texts  # the latest researcher class wins


def test_content_codes_are_validated(coding_client: TestClient) -> None:
    project_id, _ = _interview(coding_client)
    yeah, _ = _codes(coding_client, project_id)["Yeah."]
    refused = coding_client.post(
        f"/api/utterances/{yeah}/codes", json={"kind": "content", "label": "chitchat"}
    )
    assert refused.status_code == 400 and "substantive" in refused.json()["error"]["message"]


def test_transcript_page_shows_classes_counts_and_filters(coding_client: TestClient) -> None:
    client = coding_client
    _, source_id = _interview(client)
    page = client.get(f"/sources/{source_id}").text
    assert "2 substantive of 8 respondent utterances" in page
    assert "3 backchannel" in page and "1 marker" in page
    assert "no content: backchannel, filler or minimal answer" in page
    assert "no content: redaction or transcription marker only" in page
    assert 'class="utt nocontent"' in page

    only_empty = client.get(f"/sources/{source_id}", params={"content": "no-content"}).text
    assert "Mm-hmm." in only_empty and "nightly backup" not in only_empty
    markers = client.get(f"/sources/{source_id}", params={"content": "marker"}).text
    assert "[inaudible]" in markers and "Okay." not in markers and "Thanks for having me" not in markers
    substantive = client.get(f"/sources/{source_id}", params={"content": "substantive"}).text
    assert "nightly backup" in substantive and "Thanks for having me" not in substantive
    assert client.get(f"/sources/{source_id}", params={"content": "gossip"}).status_code == 422


def test_page_override_control_and_abstentions(coding_client: TestClient) -> None:
    client = coding_client
    project_id, source_id = _interview(client)
    okay, _ = _codes(client, project_id)["Okay."]
    response = client.post(
        f"/sources/{source_id}/utterances/{okay}/content",
        data={"label": "substantive", "back": "?content=substantive"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/sources/{source_id}?content=substantive#u-{okay}"
    page = client.get(f"/sources/{source_id}").text
    assert "3 substantive of 8 respondent utterances" in page
    assert "no pain" in page  # the fake coders find no pain in "Okay." and the page says so
    other = client.post(f"/sources/{source_id + 999}/utterances/{okay}/content", data={"label": "marker"})
    assert other.status_code == 404


def test_survey_page_counts_and_filters_answers(coding_client: TestClient) -> None:
    client = coding_client
    project = make_project(client)
    source = upload(client, project["id"], "survey.csv", SURVEY.encode()).json()["source"]
    page = client.get(f"/sources/{source['id']}").text
    assert "3 substantive of 5 respondent utterances" in page
    assert "no content: greeting, thanks or goodbye" in page
    empty = client.get(f"/sources/{source['id']}", params={"content": "no-content"}).text
    assert "Thanks!" in empty and "Nothing." in empty and "export broke" not in empty


def test_project_page_says_how_many_utterances_are_substantive(coding_client: TestClient) -> None:
    project_id, _ = _interview(coding_client)
    page = coding_client.get(f"/projects/{project_id}").text
    assert '<td class="short">2 of 8</td>' in page


def test_run_messages_say_how_many_no_content_utterances_were_left_out() -> None:
    found = EvidenceSet([], np.zeros((0, 384), np.float32), left_out={"courtesy": 3, "backchannel": 9})
    assert found.no_content == 12
    message = with_left_out("4 themes, 10% of 80 utterances outside any theme", found)
    assert message == (
        "4 themes, 10% of 80 utterances outside any theme; "
        "12 utterances without content left out (9 backchannel, 3 courtesy)"
    )
    assert found.subset([]).left_out == found.left_out
    assert with_left_out("x" * 600, found) == "x" * 500
    assert with_left_out("2 personas.", EvidenceSet([], np.zeros((0, 384), np.float32))) == "2 personas."


def test_journey_map_says_what_it_rests_on_and_what_it_left_out(coding_client: TestClient) -> None:
    project_id, _ = _interview(coding_client)
    page = coding_client.get(f"/projects/{project_id}/journey").text
    assert (
        "From 2 substantive respondent utterances; 6 utterances without content left out (3 backchannel"
        in page
    )


def test_a_researcher_class_holds_in_every_aggregate(coding_client: TestClient, db: Engine) -> None:
    """A "Yeah." a researcher marked substantive counts in the journey map, not only in the evidence."""
    project_id, _ = _interview(coding_client)
    yeah, _ = _codes(coding_client, project_id)["Yeah."]
    coding_client.post(f"/api/utterances/{yeah}/codes", json={"kind": "content", "label": "substantive"})
    page = coding_client.get(f"/projects/{project_id}/journey").text
    assert "From 3 substantive respondent utterances; 5 utterances without content left out" in page
    with Session(db) as session:
        found = load_evidence(session, project_id=project_id)
    assert all(item.substantive for item in found.evidence)


def test_search_ranks_by_the_class_a_researcher_set_last(coding_client: TestClient, db: Engine) -> None:
    client = coding_client
    project_id, _ = _interview(client)
    url = f"/api/projects/{project_id}/search"

    def found(q: str) -> list[tuple[str, str]]:
        items = client.get(url, params={"q": q, "substantive_only": True}).json()["items"]
        return [(hit["text"], hit["content_class"]) for hit in items]

    assert found("yeah") == []  # the machine's class: a backchannel
    yeah, _ = _codes(client, project_id)["Yeah."]
    client.post(f"/api/utterances/{yeah}/codes", json={"kind": "content", "label": "substantive"})
    assert found("yeah") == [("Yeah.", "substantive")]
    client.post(f"/api/utterances/{yeah}/codes", json={"kind": "content", "label": "procedural"})
    assert found("yeah") == []  # the latest researcher class wins
    with Session(db) as session:  # coded before the content filter existed: classified on the fly
        session.execute(delete(CodeRecord).where(CodeRecord.kind == "content"))  # type: ignore[arg-type]
        session.commit()
    assert found("yeah") == []
    assert found("backup") == [("A friend at another shop told us about the nightly backup.", "substantive")]
