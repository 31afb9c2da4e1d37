"""A scoped run's message counts the utterances without content left out of its own scope, not the project's."""

from __future__ import annotations

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.analysis.evidence import EvidenceSet
from app.analysis.models import AnalysisKind, AnalysisRun
from app.themes.service import find_run_themes, read_themes, store_themes
from nlp.aggregate.evidence import Evidence
from tests.app.test_content_filter import _codes, _interview, coding_client

__all__ = ["coding_client"]  # the fixture, used by name


def _message(db: Engine, project_id: int, scope: str) -> str:
    """A themes run's message over the interview (too little evidence for themes: the count is what matters)."""
    run = AnalysisRun(project_id=project_id, kind=AnalysisKind.THEMES, scope=scope)
    with Session(db) as session:
        store_themes(session, run, find_run_themes(read_themes(session, run)))
    return run.message


def test_a_pain_point_run_counts_the_no_content_utterances_of_its_own_scope(coding_client: TestClient, db: Engine) -> None:
    project_id, _ = _interview(coding_client)
    yeah, _ = _codes(coding_client, project_id)["Yeah."]  # a researcher calls this backchannel a pain point
    added = coding_client.post(f"/api/utterances/{yeah}/codes", json={"kind": "pain_point", "label": "obstacle"})
    assert added.status_code == 201, added.text
    assert _message(db, project_id, "all").endswith("; 6 utterances without content left out (3 backchannel, 2 courtesy, 1 marker)")
    pains = _message(db, project_id, "pain_point")
    assert pains.startswith("Only 1 coded utterance in scope") and pains.endswith("; 1 utterance without content left out (1 backchannel)")
    assert "without content" not in _message(db, project_id, "force:pull")


def test_a_narrower_set_keeps_only_its_own_utterances_without_content() -> None:
    said = [Evidence(utterance_id=1, text="The import broke.", source="1"), Evidence(utterance_id=2, text="We left.", source="2")]
    quiet = [("backchannel", Evidence(utterance_id=3, text="Yeah.", source="1", substantive=False)),
             ("courtesy", Evidence(utterance_id=4, text="Thanks!", source="2", substantive=False)),
             ("backchannel", Evidence(utterance_id=5, text="Mm.", source="2", substantive=False))]
    found = EvidenceSet(said, np.eye(2, 384, dtype=np.float32), left_out={"backchannel": 2, "courtesy": 1}, without_content=quiet)
    second = found.within(lambda e: e.source == "2")  # e.g. a personas run over one kind of source
    assert [e.utterance_id for e in second.evidence] == [2] and second.embeddings.tolist() == found.embeddings[[1]].tolist()
    assert second.left_out == {"courtesy": 1, "backchannel": 1}
    assert second.left_out_note() == "2 utterances without content left out (1 courtesy, 1 backchannel)"
    assert found.within(lambda e: True).left_out == found.left_out
