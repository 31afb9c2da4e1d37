"""Erasing a participant: every utterance, speaker link and derived row of theirs, in one action."""

from __future__ import annotations

from sqlalchemy import delete, func, update
from sqlmodel import Session, SQLModel, col, select

from app.accounts.models import User
from app.audit.service import record
from app.participants.models import Participant
from app.sources.models import Source, Speaker
from app.utterances.models import Utterance


class ErasureReport(SQLModel):
    participant_id: int
    utterances: int
    speakers: int
    sources_touched: list[int]


def erase_participant(session: Session, *, participant: Participant, actor: User) -> ErasureReport:
    """Delete the participant, their utterances (codes and evidence follow by cascade) and speaker rows."""
    participant_id = participant.id or 0
    source_ids = sorted(
        set(session.exec(select(Utterance.source_id).where(Utterance.participant_id == participant_id)).all())
        | set(session.exec(select(Speaker.source_id).where(Speaker.participant_id == participant_id)).all())
    )
    utterances = session.execute(delete(Utterance).where(col(Utterance.participant_id) == participant_id))
    speakers = session.execute(delete(Speaker).where(col(Speaker.participant_id) == participant_id))
    session.delete(participant)
    session.flush()
    _recount(session, source_ids)
    record(
        session,
        actor=actor,
        action="participant.erase",
        project_id=participant.project_id,
        participant_id=participant_id,
        utterances=int(utterances.rowcount or 0),  # type: ignore[attr-defined]
    )
    return ErasureReport(
        participant_id=participant_id,
        utterances=int(utterances.rowcount or 0),  # type: ignore[attr-defined]
        speakers=int(speakers.rowcount or 0),  # type: ignore[attr-defined]
        sources_touched=source_ids,
    )


def _recount(session: Session, source_ids: list[int]) -> None:
    for source_id in source_ids:
        utterances = session.exec(
            select(func.count()).select_from(Utterance).where(Utterance.source_id == source_id)
        ).one()
        participants = session.exec(
            select(func.count(func.distinct(Utterance.participant_id))).where(
                Utterance.source_id == source_id
            )
        ).one()
        session.execute(
            update(Source)
            .where(col(Source.id) == source_id)
            .values(utterance_count=utterances, participant_count=participants)
        )
