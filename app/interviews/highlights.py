"""Highlights: quotes marked in live interviews, listed per project.

Each comes with the question it was marked under, the participant interviewed, and whether the answer holds
it: a quote no line of the answer holds (edited away, or typed under notes only) is kept on the answer's first
line or the question (app.interviews.finish), and must not be shown as the participant's words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, tuple_
from sqlmodel import Session, col, select

from app.coverage.models import SourceGuide
from app.guides.models import GuideVersion
from app.guides.parsing import version_guide
from app.interviews.finish import overlaps
from app.interviews.models import Highlight, HighlightPage, HighlightRead, LiveInterview
from app.participants.models import Participant
from app.utterances.models import Utterance
from nlp.types import SpeakerRole

Turn = tuple[int, int]  # (source id, turn)


def list_highlights(session: Session, *, project_id: int, page: int, page_size: int) -> HighlightPage:
    """A project's highlights, newest first."""
    condition = col(Highlight.project_id) == project_id
    total = session.exec(select(func.count()).select_from(Highlight).where(condition)).one()
    rows = session.exec(
        select(Highlight, Utterance, LiveInterview.participant_id, SourceGuide.guide_version_id)
        .join(Utterance, col(Utterance.id) == col(Highlight.utterance_id))
        .join(LiveInterview, col(LiveInterview.id) == col(Highlight.interview_id), isouter=True)
        .join(SourceGuide, col(SourceGuide.source_id) == col(Highlight.source_id), isouter=True)
        .where(condition)
        .order_by(col(Highlight.created_at).desc(), col(Highlight.id).desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return HighlightPage(items=_reads(session, rows), total=total, page=page, page_size=page_size)


Row = tuple[Highlight, Utterance, int | None, int | None]  # anchor, interviewed participant, guide version


def _reads(session: Session, rows: Sequence[Row]) -> list[HighlightRead]:
    """The highlights with their question, participant and whether the answer holds them (a few queries)."""
    lines = _turn_texts(session, [(u.source_id, u.turn) for _, u, _, _ in rows if _answers(u)])
    questions = _question_texts(session, {version for *_, version in rows if version is not None})
    ids = {p for _, u, asked, _ in rows for p in (u.participant_id, asked) if p is not None}
    people = _names(session, ids)
    items = []
    for highlight, anchor, interviewed, version in rows:
        found = _answers(anchor) and overlaps(highlight.text, lines.get((anchor.source_id, anchor.turn), ""))
        participant = anchor.participant_id if found and anchor.participant_id is not None else interviewed
        items.append(
            HighlightRead(
                **highlight.model_dump(),
                question_text=questions.get((version or 0, highlight.question_id or "")),
                participant_id=participant,
                participant_name=people.get(participant) if participant is not None else None,
                found_in_answer=found,
            )
        )
    return items


def _answers(utterance: Utterance) -> bool:
    """Whether the utterance is part of an answer (not the question the interviewer asked)."""
    return utterance.speaker_role == SpeakerRole.RESPONDENT


def _turn_texts(session: Session, turns: Sequence[Turn]) -> dict[Turn, str]:
    """Each turn's text, its sentences joined: the answer line a quote was placed on."""
    if not turns:
        return {}
    rows = session.exec(
        select(Utterance.source_id, Utterance.turn, Utterance.text)
        .where(tuple_(col(Utterance.source_id), col(Utterance.turn)).in_(sorted(set(turns))))
        .order_by(col(Utterance.source_id), col(Utterance.turn), col(Utterance.sentence))
    ).all()
    texts: dict[Turn, list[str]] = {}
    for source_id, turn, text in rows:
        texts.setdefault((source_id, turn), []).append(text)
    return {key: " ".join(parts) for key, parts in texts.items()}


def _question_texts(session: Session, version_ids: Iterable[int]) -> dict[tuple[int, str], str]:
    """(guide version id, question id) -> the question as the guide words it."""
    texts: dict[tuple[int, str], str] = {}
    for version in session.exec(select(GuideVersion).where(col(GuideVersion.id).in_(sorted(version_ids)))):
        for _, question in version_guide(session, version).questions:
            texts[(version.id or 0, question.id)] = question.text
    return texts


def _names(session: Session, participant_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(participant_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(Participant.id, Participant.display_name).where(col(Participant.id).in_(ids))
    ).all()
    return {pid: name for pid, name in rows if pid is not None}
