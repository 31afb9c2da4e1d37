"""Participants: list with counts, read, create, update (which speaker is whom: app/sources)."""

from __future__ import annotations

from sqlalchemy import Subquery, func
from sqlmodel import Session, col, select

from app.db import utcnow
from app.errors import Conflict, NotFound
from app.jobs.chunks import chunks
from app.participants.models import (
    Participant,
    ParticipantCreate,
    ParticipantPage,
    ParticipantRead,
    ParticipantUpdate,
)
from app.utterances.models import Utterance
from app.words import natural_key


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
    """A project's participants with their utterance counts, most vocal first, then by name.

    Names are ordered naturally ("Person 2" before "Person 10"), which SQL cannot do portably, so the
    order is found from (id, name, count) of every participant, and only the page's rows are loaded.
    """
    counts = _utterance_counts(project_id)
    query = (
        select(Participant.id, Participant.display_name, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.participant_id == Participant.id)
        .where(Participant.project_id == project_id)
    )
    ordered = sorted(session.exec(query).all(), key=lambda row: (-row[2], natural_key(row[1])))
    page = ordered[offset : None if limit is None else offset + limit]
    loaded = {p.id: p for p in _participants(session, ids=[pid or 0 for pid, _, _ in page])}
    return [
        ParticipantRead.model_validate(loaded[pid], update={"utterance_count": count})
        for pid, _, count in page
    ]


def participant_page(session: Session, *, project_id: int, page: int, page_size: int) -> ParticipantPage:
    """One page of a project's participants, in list order, with how many there are in all."""
    items = list_participants(session, project_id=project_id, offset=(page - 1) * page_size, limit=page_size)
    total = count_participants(session, project_id=project_id)
    return ParticipantPage(items=items, total=total, page=page, page_size=page_size)


def participant_read(session: Session, participant: Participant) -> ParticipantRead:
    """One participant with their utterance count, counted as the list counts it."""
    count = session.exec(
        select(func.count())
        .select_from(Utterance)
        .where(Utterance.project_id == participant.project_id, Utterance.participant_id == participant.id)
    ).one()
    return ParticipantRead.model_validate(participant, update={"utterance_count": count})


def participant_names(session: Session, *, ids: list[int]) -> list[tuple[int, str]]:
    """(id, display name) of these participants, by name (naturally: "Person 2" before "Person 10")."""
    found: list[tuple[int, str]] = []
    for part in chunks(ids):
        query = select(Participant.id, Participant.display_name).where(col(Participant.id).in_(part))
        found += [(pid or 0, name) for pid, name in session.exec(query)]
    return sorted(found, key=lambda row: natural_key(row[1]))


def _utterance_counts(project_id: int) -> Subquery:
    return (
        select(Utterance.participant_id, func.count().label("n"))
        .where(Utterance.project_id == project_id)
        .group_by(col(Utterance.participant_id))
        .subquery()
    )


def _participants(session: Session, *, ids: list[int]) -> list[Participant]:
    found: list[Participant] = []
    for part in chunks(ids):
        found += session.exec(select(Participant).where(col(Participant.id).in_(part))).all()
    return found


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
    """Apply a researcher's edit; one that changes something marks the participant as edited by hand,
    so deleting the sources they came from keeps them."""
    participant = get_participant(session, participant_id)
    changes = {k: v for k, v in data.model_dump(exclude_unset=True).items() if getattr(participant, k) != v}
    name = str(changes.get("display_name") or participant.display_name)
    if (
        name != participant.display_name
        and find_participant(session, project_id=participant.project_id, name=name) is not None
    ):
        raise Conflict(f"A participant named {name!r} already exists in this project.")
    if changes:
        participant.sqlmodel_update({**changes, "edited_at": utcnow()})
    session.add(participant)
    session.flush()
    return participant
