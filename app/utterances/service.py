"""Utterances: paginated listing with filters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.errors import NotFound
from app.utterances.models import Utterance, UtterancePage, UtteranceRead


@dataclass(frozen=True, slots=True)
class UtteranceFilter:
    source_id: int | None = None
    participant_id: int | None = None
    speaker_role: str | None = None
    question_id: int | None = None


def list_utterances(
    session: Session, *, project_id: int, filters: UtteranceFilter, page: int, page_size: int
) -> UtterancePage:
    """One page of a project's utterances in transcript order."""
    conditions = [col(Utterance.project_id) == project_id]
    for name in ("source_id", "participant_id", "speaker_role", "question_id"):
        value = getattr(filters, name)
        if value is not None:
            conditions.append(getattr(Utterance, name) == value)
    total = session.exec(select(func.count()).select_from(Utterance).where(*conditions)).one()
    rows = session.exec(
        select(Utterance)
        .where(*conditions)
        .order_by(col(Utterance.source_id), col(Utterance.turn), col(Utterance.sentence), col(Utterance.id))
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return UtterancePage(
        items=[UtteranceRead.model_validate(row) for row in rows], total=total, page=page, page_size=page_size
    )


def source_utterances(session: Session, *, source_id: int) -> list[Utterance]:
    """Every utterance of one source in order (a transcript page shows them all)."""
    return list(
        session.exec(
            select(Utterance)
            .where(Utterance.source_id == source_id)
            .order_by(col(Utterance.turn), col(Utterance.sentence))
        ).all()
    )


def source_utterance(session: Session, *, source_id: int, utterance_id: int) -> Utterance:
    """One utterance of one source; 404 when it is not there (or belongs to another source)."""
    utterance = session.get(Utterance, utterance_id)
    if utterance is None or utterance.source_id != source_id:
        raise NotFound(f"Utterance {utterance_id} does not exist in source {source_id}.")
    return utterance


def page_of(utterances: Sequence[Utterance], *, page: int, page_size: int) -> UtterancePage:
    """One page of utterances already chosen and ordered (e.g. filtered by content class)."""
    chosen = utterances[(page - 1) * page_size : page * page_size]
    items = [UtteranceRead.model_validate(u) for u in chosen]
    return UtterancePage(items=items, total=len(utterances), page=page, page_size=page_size)
