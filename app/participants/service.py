"""Participants: list with counts, read, create, update, and apply a roster of who each speaker is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from app.errors import Conflict, NotFound
from app.participants.models import (
    Participant,
    ParticipantCreate,
    ParticipantRead,
    ParticipantUpdate,
)
from app.utterances.models import Utterance

if TYPE_CHECKING:
    from app.sources.models import Speaker


def get_participant(session: Session, participant_id: int) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None:
        raise NotFound(f"Participant {participant_id} does not exist.")
    return participant


def find_participant(session: Session, *, project_id: int, name: str) -> Participant | None:
    return session.exec(
        select(Participant).where(Participant.project_id == project_id, Participant.display_name == name)
    ).first()


def list_participants(
    session: Session, *, project_id: int, offset: int = 0, limit: int | None = None
) -> list[ParticipantRead]:
    """A project's participants with their utterance counts, most vocal first."""
    counts = (
        select(Utterance.participant_id, func.count().label("n"))
        .where(Utterance.project_id == project_id)
        .group_by(col(Utterance.participant_id))
        .subquery()
    )
    query = (
        select(Participant, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.participant_id == Participant.id)
        .where(Participant.project_id == project_id)
        .order_by(func.coalesce(counts.c.n, 0).desc(), col(Participant.display_name))
        .offset(offset)
        .limit(limit)
    )
    return [
        ParticipantRead.model_validate(participant, update={"utterance_count": count})
        for participant, count in session.exec(query).all()
    ]


def count_participants(session: Session, *, project_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(Participant).where(Participant.project_id == project_id)
    ).one()


def create_participant(session: Session, *, project_id: int, data: ParticipantCreate) -> Participant:
    if find_participant(session, project_id=project_id, name=data.display_name) is not None:
        raise Conflict(f"A participant named {data.display_name!r} already exists in this project.")
    participant = Participant.model_validate(data, update={"project_id": project_id})
    session.add(participant)
    session.flush()
    return participant


def update_participant(session: Session, *, participant_id: int, data: ParticipantUpdate) -> Participant:
    participant = get_participant(session, participant_id)
    changes = data.model_dump(exclude_unset=True)
    name = str(changes.get("display_name") or participant.display_name)
    if (
        name != participant.display_name
        and find_participant(session, project_id=participant.project_id, name=name) is not None
    ):
        raise Conflict(f"A participant named {name!r} already exists in this project.")
    participant.sqlmodel_update(changes)
    session.add(participant)
    session.flush()
    return participant


def delete_if_unused(session: Session, *, participant_id: int) -> bool:
    """Delete a participant nobody refers to any more (no utterance, no speaker); say whether it went."""
    from app.sources.models import Speaker

    session.flush()
    used = session.exec(
        select(Utterance.id).where(Utterance.participant_id == participant_id).limit(1)
    ).first()
    speaking = session.exec(
        select(Speaker.id).where(Speaker.participant_id == participant_id).limit(1)
    ).first()
    participant = session.get(Participant, participant_id)
    if used is not None or speaking is not None or participant is None:
        return False
    session.delete(participant)
    session.flush()
    return True


def reassign_speaker(session: Session, *, speaker: Speaker, participant_id: int) -> None:
    """Make `speaker` participant `participant_id`, with every utterance they spoke.

    The participant they were before goes when the store made it for this speaker's source and nothing
    refers to it any more; one a researcher made (by hand or from a roster) stays.
    """
    previous_id = speaker.participant_id
    speaker.participant_id = participant_id
    session.add(speaker)
    session.execute(
        update(Utterance).where(col(Utterance.speaker_id) == speaker.id).values(participant_id=participant_id)
    )
    previous = session.get(Participant, previous_id) if previous_id not in (None, participant_id) else None
    if previous is not None and previous.id is not None and previous.origin_source_id == speaker.source_id:
        delete_if_unused(session, participant_id=previous.id)
    session.flush()
