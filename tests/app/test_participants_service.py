"""Service level: a speaker moved to another participant takes their utterances, and only a participant
the store made for that speaker goes with the move."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.participants.models import Participant
from app.sources.models import Speaker
from app.sources.service import reassign_speaker
from app.utterances.models import Utterance
from tests.factories import FINANCE_LINES, interview, make_project, upload


def _respondent(session: Session, source_id: int) -> Speaker:
    speaker = session.exec(
        select(Speaker).where(Speaker.source_id == source_id, Speaker.label == "Dana")
    ).one()
    return speaker


def _participant_ids(session: Session, speaker: Speaker) -> set[int | None]:
    return set(session.exec(select(Utterance.participant_id).where(Utterance.speaker_id == speaker.id)))


def _source(client: TestClient, name: str) -> tuple[int, int]:
    project = make_project(client, name)
    response = upload(client, project["id"], "dana.txt", interview("Dana", FINANCE_LINES[:3]))
    assert response.status_code == 201, response.text
    return project["id"], response.json()["source"]["id"]


def test_the_speaker_and_their_utterances_move_and_the_stores_participant_goes(
    client: TestClient, db: Engine
) -> None:
    project_id, source_id = _source(client, "Move")
    with Session(db) as session:
        speaker = _respondent(session, source_id)
        made_by_store = speaker.participant_id
        chosen = Participant(project_id=project_id, display_name="Dana Smith")
        session.add(chosen)
        session.flush()
        reassign_speaker(session, speaker=speaker, participant_id=chosen.id or 0)
        session.commit()
        assert speaker.participant_id == chosen.id
        assert _participant_ids(session, speaker) == {chosen.id}
        assert made_by_store is not None and session.get(Participant, made_by_store) is None


def test_a_participant_a_researcher_made_stays_when_its_speaker_moves(client: TestClient, db: Engine) -> None:
    project_id, source_id = _source(client, "Keep")
    with Session(db) as session:
        speaker = _respondent(session, source_id)
        by_hand = Participant(project_id=project_id, display_name="From the roster")
        other = Participant(project_id=project_id, display_name="Someone else")
        session.add_all([by_hand, other])
        session.flush()
        reassign_speaker(session, speaker=speaker, participant_id=by_hand.id or 0)
        reassign_speaker(session, speaker=speaker, participant_id=other.id or 0)
        session.commit()
        assert _participant_ids(session, speaker) == {other.id}
        assert session.get(Participant, by_hand.id) is not None


def test_a_participant_a_researcher_edited_stays_when_its_speaker_moves(client: TestClient, db: Engine) -> None:
    project_id, source_id = _source(client, "Edited")
    with Session(db) as session:
        made_by_store = _respondent(session, source_id).participant_id
    edited = client.patch(f"/api/participants/{made_by_store}", json={"job_title": "Finance lead"})
    assert edited.status_code == 200, edited.text
    with Session(db) as session:
        speaker = _respondent(session, source_id)
        chosen = Participant(project_id=project_id, display_name="Dana Smith")
        session.add(chosen)
        session.flush()
        reassign_speaker(session, speaker=speaker, participant_id=chosen.id or 0)
        session.commit()
        kept = session.get(Participant, made_by_store)
        assert kept is not None and kept.job_title == "Finance lead"
