"""Learning from corrections: after researchers correct 30 codes in a project, a head fitted on the stored
features raises agreement with held-out researcher codes of that project; switching it off restores every code."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.agreement.adjust import ADJUST_CODER
from app.agreement.models import ProjectAdjustment
from app.coding.models import CodeOrigin, CodeRecord
from app.jobs.runner import InlineRunner
from app.utterances.models import Utterance
from nlp.agreement import compare
from tests.factories import make_project, upload
from tests.review_data import learnable_lines, split, word_factory


@pytest.fixture
def project(app: FastAPI, db: Engine, client: TestClient) -> dict:  # type: ignore[type-arg]
    app.state.runner = InlineRunner(db, word_factory)
    project = make_project(client, "Learning")
    lines = learnable_lines()
    for start in range(0, len(lines), 20):
        text = "".join(
            f"Interviewer: And then?\nRia{start}: {line}\n" for line, _ in lines[start : start + 20]
        )
        assert upload(client, project["id"], f"i{start}.txt", text.encode()).status_code == 201
    return project


def _machine_emotions(client: TestClient, pid: int) -> dict[str, tuple[int, str]]:
    """text -> (code id, label) of every machine emotion code still waiting for review."""
    queue = client.get(f"/api/projects/{pid}/review/queue", params={"kind": "emotion", "limit": 1000}).json()
    return {item["text"]: (item["code_id"], item["label"]) for item in queue}


def _review(client: TestClient, pid: int, machine: dict[str, tuple[int, str]], texts: list[str]) -> None:
    """Accept or correct the machine's emotion code of each text, as a researcher who knows the truth."""
    truth = dict(learnable_lines())
    for text in texts:
        code_id, label = machine[text]
        body = (
            {"code_id": code_id, "action": "accept"}
            if label == truth[text]
            else {"code_id": code_id, "action": "change", "label": truth[text]}
        )
        assert client.post(f"/api/projects/{pid}/review/decisions", json=body).status_code == 201


def test_thirty_corrections_raise_agreement_on_held_out_codes_and_switching_off_restores(
    client: TestClient,
    project: dict,  # type: ignore[type-arg]
) -> None:
    pid = project["id"]
    truth = dict(learnable_lines())
    machine = _machine_emotions(client, pid)
    assert len(machine) == 60
    learn = [text for text in machine if split(text)][:30]
    held = [text for text in machine if text not in learn]
    assert len(learn) == 30 and len(held) == 30
    _review(client, pid, machine, learn)

    fitted = client.post(f"/api/projects/{pid}/adjustments/emotion/fit")
    assert fitted.status_code == 201, fitted.text
    metrics = fitted.json()["metrics"]
    assert metrics["units"] == 30 and metrics["after"]["kappa"] > metrics["before"]["kappa"]

    researcher = {text: truth[text] for text in held}
    before = compare({t: machine[t][1] for t in held}, researcher)
    assert (
        client.put(f"/api/projects/{pid}/adjustments/emotion", json={"enabled": True}).json()["relabelled"]
        > 0
    )
    adjusted = _machine_emotions(client, pid)
    after = compare({t: adjusted[t][1] for t in held}, researcher)
    assert after.kappa is not None and before.kappa is not None and after.kappa > before.kappa
    assert set(adjusted) == set(held)  # reviewed codes are never relabelled

    off = client.put(f"/api/projects/{pid}/adjustments/emotion", json={"enabled": False}).json()
    assert off["enabled"] is False and off["relabelled"] == 0
    assert _machine_emotions(client, pid) == {t: machine[t] for t in held}


def test_fitting_needs_enough_reviewed_codes(client: TestClient, project: dict) -> None:  # type: ignore[type-arg]
    response = client.post(f"/api/projects/{project['id']}/adjustments/emotion/fit")
    assert response.status_code == 400 and "Review at least" in response.json()["error"]["message"]
    assert client.post(f"/api/projects/{project['id']}/adjustments/force/fit").status_code == 400
    assert (
        client.put(f"/api/projects/{project['id']}/adjustments/emotion", json={"enabled": True}).status_code
        == 404
    )


def _emotions_of(db: Engine, source_id: int) -> dict[str, str]:
    """text -> the machine emotion label of each utterance of one source."""
    with Session(db) as session:
        rows = session.exec(
            select(Utterance.text, CodeRecord.label)
            .join(CodeRecord, col(CodeRecord.utterance_id) == Utterance.id)
            .where(Utterance.source_id == source_id, CodeRecord.kind == "emotion")
            .where(CodeRecord.origin == CodeOrigin.MACHINE)
        )
        return dict(rows.all())


def test_a_switched_on_adjustment_applies_to_sources_coded_after_it(
    client: TestClient,
    db: Engine,
    project: dict,  # type: ignore[type-arg]
) -> None:
    """A new upload and a re-code are relabelled as the codes were when the adjustment was switched on."""
    pid = project["id"]
    machine = _machine_emotions(client, pid)
    _review(client, pid, machine, [t for t in machine if split(t)][:30])
    assert client.post(f"/api/projects/{pid}/adjustments/emotion/fit").status_code == 201
    assert client.put(f"/api/projects/{pid}/adjustments/emotion", json={"enabled": True}).status_code == 200
    adjusted = _machine_emotions(client, pid)
    changed = sorted(text for text in adjusted if adjusted[text][1] != machine[text][1])
    assert changed  # the switch relabelled some undecided codes

    # The relabelled lines again, in a new interview coded after the switch: adjusted all the same.
    body = "".join(f"Interviewer: And then?\nNew: {line}\n" for line in changed)
    late = upload(client, pid, "late.txt", body.encode())
    assert late.status_code == 201, late.text
    assert _emotions_of(db, late.json()["source"]["id"]) == {text: adjusted[text][1] for text in changed}

    # Re-coding writes the coder's labels again; the adjustment applies to them too.
    sources = client.get(f"/api/projects/{pid}/sources").json()["items"]
    first = next(s for s in sources if s["filename"] == "i0.txt")["id"]
    before = _emotions_of(db, first)
    assert client.post(f"/api/sources/{first}/coding").status_code in (200, 201, 202)
    assert _emotions_of(db, first) == before
    # The codes the re-code deleted leave the adjustment's record: its count is the codes it holds now.
    with Session(db) as session:
        adjustment = session.exec(select(ProjectAdjustment).where(ProjectAdjustment.project_id == pid)).one()
        holding = session.exec(select(CodeRecord.id).where(CodeRecord.coder == ADJUST_CODER)).all()
        assert sorted(int(code_id) for code_id in adjustment.applied) == sorted(holding)
    assert any(label != machine[text][1] for text, label in before.items() if text in machine)
