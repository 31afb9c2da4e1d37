"""Review mode: the queue (least certain first), decisions stored as researcher codes with who and when,
undo, bulk accept, and the evidence loader's rule that researcher codes (refusals included) win."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.analysis.evidence import effective_codes, load_evidence
from app.coding.content import CodeFact
from app.coding.models import CodeOrigin, CodeRecord
from app.jobs.runner import InlineRunner
from tests.factories import PANEL_TRANSCRIPT, make_project, upload
from tests.fakes import FakeEncoder, FakePipeline, fake_factory


@pytest.fixture
def coded(app: FastAPI, db: Engine, client: TestClient) -> tuple[TestClient, dict, dict]:  # type: ignore[type-arg]
    """A project with the panel transcript coded by the fake pipeline."""
    app.state.runner = InlineRunner(db, fake_factory)
    FakePipeline.fail_on = None
    FakeEncoder.passes = 0
    project = make_project(client)
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    return client, project, source


def _queue(client: TestClient, project_id: int, **params: object) -> list[dict]:  # type: ignore[type-arg]
    response = client.get(f"/api/projects/{project_id}/review/queue", params=params)
    assert response.status_code == 200, response.text
    return list(response.json())


def _decide(client: TestClient, project_id: int, code_id: int, action: str, label: str | None = None) -> dict:  # type: ignore[type-arg]
    body = {"code_id": code_id, "action": action, **({"label": label} if label else {})}
    response = client.post(f"/api/projects/{project_id}/review/decisions", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _table(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_queue_serves_codes_nearest_their_threshold_first(coded) -> None:  # type: ignore[no-untyped-def]
    client, project, _ = coded
    items = _queue(client, project["id"])
    distances = [abs(i["score"] - i["threshold"]) for i in items]
    assert distances == sorted(distances)
    # the fake stage scores 0.6 against a 0.5 threshold (nearest); the content rules say 1.0 against 0.5;
    # where the fake pain code (0.8) falls depends on the shipped pain threshold
    kinds = [i["kind"] for i in items]
    last_stage = len(kinds) - 1 - kinds[::-1].index("stage")
    assert kinds[0] == "stage" and last_stage < kinds.index("content")
    assert {i["kind"] for i in items} >= {"stage", "emotion", "pain_point", "content"}
    assert {"frustration", "neutral"} <= set(next(i for i in items if i["kind"] == "emotion")["options"])


def test_decisions_are_researcher_codes_with_who_and_when_and_leave_the_queue(coded, db: Engine) -> None:  # type: ignore[no-untyped-def]
    client, project, _ = coded
    pid = project["id"]
    pain = _queue(client, pid, kind="pain_point")[0]
    stored = _decide(client, pid, pain["code_id"], "reject")
    assert stored["labels"] == ["none"]
    stage = _queue(client, pid, kind="stage")[0]
    changed = _decide(client, pid, stage["code_id"], "change", "purchase")
    assert changed["labels"] == ["purchase"]
    with Session(db) as session:
        mine = session.exec(select(CodeRecord).where(CodeRecord.origin == CodeOrigin.RESEARCHER)).all()
        assert {(c.kind, c.label) for c in mine} == {("pain_point", "none"), ("stage", "purchase")}
        assert all(c.coder == "researcher:owner@example.com" and c.created_by and c.created_at for c in mine)
        evidence = {e.utterance_id: e for e in load_evidence(session, project_id=pid).evidence}
    assert evidence[pain["utterance_id"]].pain is None  # the refusal wins and is not itself a code
    assert evidence[stage["utterance_id"]].stage == "purchase"
    left = {i["code_id"] for i in _queue(client, pid)}
    assert pain["code_id"] not in left and stage["code_id"] not in left


def test_change_needs_a_known_label_and_undo_removes_only_the_decision(coded) -> None:  # type: ignore[no-untyped-def]
    client, project, _ = coded
    pid = project["id"]
    item = _queue(client, pid, kind="emotion")[0]
    bad = client.post(
        f"/api/projects/{pid}/review/decisions",
        json={"code_id": item["code_id"], "action": "change", "label": "zzz"},
    )
    assert bad.status_code == 400 and "one of" in bad.json()["error"]["message"]
    stored = _decide(client, pid, item["code_id"], "accept")
    assert item["code_id"] not in {i["code_id"] for i in _queue(client, pid)}
    undone = client.post(f"/api/projects/{pid}/review/undo", json={"code_ids": stored["created_ids"]})
    assert undone.json() == {"removed": 1}
    assert item["code_id"] in {i["code_id"] for i in _queue(client, pid)}
    codes = client.get(f"/api/utterances/{item['utterance_id']}/codes").json()
    assert all(c["origin"] == "machine" for c in codes)  # the machine's code was never touched


def test_a_refused_change_names_the_label_and_the_allowed_ones(coded) -> None:  # type: ignore[no-untyped-def]
    client, project, _ = coded
    pid = project["id"]
    item = _queue(client, pid, kind="emotion")[0]
    url = f"/api/projects/{pid}/review/decisions"

    bad = client.post(url, json={"code_id": item["code_id"], "action": "change", "label": "zzz"})
    missing = client.post(url, json={"code_id": item["code_id"], "action": "change"})

    allowed = ", ".join(item["options"])
    assert bad.status_code == 400
    assert bad.json()["error"]["message"] == f"'zzz' is not one of the emotion labels: {allowed}."
    assert missing.status_code == 400
    assert missing.json()["error"]["message"] == f"To change an emotion code, give a label: one of {allowed}."


def test_bulk_accept_takes_the_filtered_set_only(coded) -> None:  # type: ignore[no-untyped-def]
    client, project, _ = coded
    pid = project["id"]
    emotions = _queue(client, pid, kind="emotion", min_score=0.85)
    others = [i for i in _queue(client, pid) if i["kind"] != "emotion"]
    response = client.post(
        f"/api/projects/{pid}/review/bulk-accept", json={"kind": "emotion", "min_score": 0.85}
    )
    assert response.json() == {"accepted": len(emotions)} and emotions
    left = _queue(client, pid)
    assert not [i for i in left if i["kind"] == "emotion"]
    assert len(left) == len(others)


def test_a_code_of_another_project_is_not_found(coded) -> None:  # type: ignore[no-untyped-def]
    client, project, _ = coded
    other = make_project(client, "Other")
    item = _queue(client, project["id"])[0]
    response = client.post(
        f"/api/projects/{other['id']}/review/decisions", json={"code_id": item["code_id"], "action": "accept"}
    )
    assert response.status_code == 404


def test_review_pages_are_linked_and_list_the_queue(coded) -> None:  # type: ignore[no-untyped-def]
    client, project, source = coded
    assert f"/sources/{source['id']}/review" in client.get(f"/sources/{source['id']}").text
    page = client.get(f"/sources/{source['id']}/review").text
    assert page.count('class="review-item') == len(_queue(client, project["id"], source_id=source["id"]))
    assert "review.js" in page and "<script>" not in page and " onclick" not in page
    assert (
        client.get(f"/projects/{project['id']}/review", params={"kind": "stage"}).text.count(
            'data-kind="stage"'
        )
        > 0
    )


def _code(kind: str, label: str, origin: CodeOrigin, score: float = 0.7) -> CodeRecord:
    return CodeRecord(
        utterance_id=1,
        project_id=1,
        kind=kind,
        label=label,
        score=score,
        coder="x",
        version="1",
        origin=origin,
    )


def test_force_decisions_count_per_label_and_refusals_drop_out() -> None:
    machine = [_code("force", "push", CodeOrigin.MACHINE), _code("force", "pull", CodeOrigin.MACHINE)]
    refused = effective_codes([*machine, _code("force", "no:pull", CodeOrigin.RESEARCHER)])
    assert {(c.label, c.origin) for c in refused} == {("push", CodeOrigin.MACHINE)}
    emotion = effective_codes(
        [_code("emotion", "joy", CodeOrigin.MACHINE), _code("emotion", "none", CodeOrigin.RESEARCHER)]
    )
    assert emotion == []


def test_bulk_accept_form_accepts_what_the_filter_matches_and_comes_back(coded) -> None:  # type: ignore[no-untyped-def]
    client, project, source = coded
    pid = project["id"]
    stages = len(_queue(client, pid, kind="stage"))
    page = client.get(f"/sources/{source['id']}/review", params={"kind": "stage"}).text
    assert f"Accept all {stages} codes this filter matches" in page
    form = {
        "kind": "stage",
        "min_score": "0",
        "max_score": "1",
        "source_id": str(source["id"]),
        "csrf_token": "x",
    }
    response = client.post(f"/projects/{pid}/review/bulk-accept", data=form, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/sources/{source['id']}/review"
    assert _queue(client, pid, kind="stage") == [] and _queue(client, pid, kind="emotion")


Coded = tuple[TestClient, dict[str, Any], dict[str, Any]]


def _machine_force(db: Engine, utterance_id: int, project_id: int, label: str = "anxiety") -> int:
    with Session(db) as session:
        code = CodeRecord(
            utterance_id=utterance_id,
            project_id=project_id,
            kind="force",
            label=label,
            score=0.7,
            coder="fake-forces",
            version="1",
        )
        session.add(code)
        session.commit()
        return code.id or 0


def test_a_later_decision_on_the_same_code_replaces_the_earlier_one_everywhere(
    coded: Coded, db: Engine
) -> None:
    client, project, _ = coded
    pid = project["id"]
    uid = _queue(client, pid, kind="emotion")[0]["utterance_id"]
    code_id = _machine_force(db, uid, pid)
    _decide(client, pid, code_id, "accept")  # one tab (or researcher) accepts ...
    rejected = _decide(client, pid, code_id, "reject")  # ... the other rejects: the latest wins
    mine = [c for c in client.get(f"/api/utterances/{uid}/codes").json() if c["origin"] == "researcher"]
    assert [(c["kind"], c["label"]) for c in mine] == [("force", "no:anxiety")]
    forces = {f["force"]: f for f in client.get(f"/api/projects/{pid}/forces").json()["forces"]}
    assert forces["anxiety"]["utterances"] == 0
    rows = _table(client.get(f"/api/projects/{pid}/utterances.csv"))
    row = next(r for r in rows if r["utterance_id"] == str(uid))
    assert row["forces"] == "" and row["researcher_codes"] == "force=no:anxiety"
    report = client.get(f"/api/projects/{pid}/agreement").json()
    cells = next(k for k in report["kinds"] if k["kind"] == "force")["cells"]
    assert [(c["a"], c["b"], c["count"]) for c in cells] == [("anxiety", "none", 1)]
    # undo takes the code back to the queue; there is no older decision left to come back
    undone = client.post(f"/api/projects/{pid}/review/undo", json={"code_ids": rejected["created_ids"]})
    assert undone.json() == {"removed": 1}
    assert code_id in {i["code_id"] for i in _queue(client, pid, kind="force")}


def test_a_change_replaces_decisions_on_both_forces_and_undo_of_a_replaced_one_says_so(
    coded: Coded, db: Engine
) -> None:
    client, project, _ = coded
    pid = project["id"]
    uid = _queue(client, pid, kind="emotion")[0]["utterance_id"]
    anxiety, push = _machine_force(db, uid, pid), _machine_force(db, uid, pid, "push")
    rejected_push = _decide(client, pid, push, "reject")
    accepted = _decide(client, pid, anxiety, "accept")
    _decide(client, pid, anxiety, "change", "push")  # "not anxiety but push" overrides both decisions
    mine = [c for c in client.get(f"/api/utterances/{uid}/codes").json() if c["origin"] == "researcher"]
    assert sorted(c["label"] for c in mine) == ["no:anxiety", "push"]
    for stale in (accepted, rejected_push):
        response = client.post(f"/api/projects/{pid}/review/undo", json={"code_ids": stale["created_ids"]})
        assert response.status_code == 404 and "later decision" in response.json()["error"]["message"]


def test_the_latest_of_duplicate_decisions_stored_earlier_wins() -> None:
    def code(kind: str, label: str, origin: CodeOrigin, id_: int) -> CodeFact:
        return CodeFact(id=id_, utterance_id=1, kind=kind, label=label, score=1.0, origin=origin)

    machine = code("force", "anxiety", CodeOrigin.MACHINE, 1)
    accepted, refused = (
        code("force", label, CodeOrigin.RESEARCHER, i) for i, label in ((2, "anxiety"), (3, "no:anxiety"))
    )
    assert effective_codes([machine, accepted, refused]) == []
    assert effective_codes([machine, refused, accepted]) == []  # by id, not by the order read
    joy, frustration = (
        code("emotion", "joy", CodeOrigin.RESEARCHER, 5),
        code("emotion", "frustration", CodeOrigin.RESEARCHER, 4),
    )
    assert effective_codes([joy, frustration]) == [joy]
