"""Reading codes and jobs, and researcher codes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Select, case, exists, func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.coding.content import CONTENT_KIND, CONTENT_LABELS
from app.coding.models import CodeOrigin, CodeRecord, CodingJob, ResearcherCodeCreate
from app.errors import InvalidInput
from app.jobs.chunks import chunks
from app.utterances.models import Utterance
from nlp.content import ContentClass, classify
from nlp.types import SpeakerRole

CODE_KINDS = ("emotion", "goemotions", "pain_point", "stage", "force", CONTENT_KIND)


def latest_job(session: Session, *, source_id: int) -> CodingJob | None:
    return session.exec(
        select(CodingJob).where(CodingJob.source_id == source_id).order_by(col(CodingJob.id).desc())
    ).first()


def codes_by_utterance(session: Session, *, source_id: int) -> dict[int, list[CodeRecord]]:
    """Every code of a source's utterances, grouped by utterance, in one query."""
    rows = session.exec(
        select(CodeRecord)
        .join(Utterance, col(Utterance.id) == CodeRecord.utterance_id)
        .where(Utterance.source_id == source_id)
        .order_by(col(CodeRecord.kind), col(CodeRecord.score).desc())
    ).all()
    grouped: dict[int, list[CodeRecord]] = defaultdict(list)
    for row in rows:
        grouped[row.utterance_id].append(row)
    return grouped


def codes_of(session: Session, *, utterance_id: int) -> list[CodeRecord]:
    return list(
        session.exec(
            select(CodeRecord).where(CodeRecord.utterance_id == utterance_id).order_by(col(CodeRecord.kind))
        ).all()
    )


def add_researcher_code(
    session: Session, *, utterance: Utterance, user: User, data: ResearcherCodeCreate
) -> CodeRecord:
    """A code set by a researcher; it sits beside the machine's and survives re-coding.

    A "content" code sets the utterance's content class (the latest one wins); the caller re-codes the
    source so that the coders follow it.
    """
    if data.kind not in CODE_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(CODE_KINDS)}; got {data.kind!r}.")
    if data.kind == CONTENT_KIND and data.label not in CONTENT_LABELS:
        labels = ", ".join(CONTENT_LABELS)
        raise InvalidInput(f"A content code's label must be one of {labels}; got {data.label!r}.")
    _check_span(data, utterance.text)
    code = CodeRecord.model_validate(
        data,
        update={
            "utterance_id": utterance.id,
            "project_id": utterance.project_id,
            "coder": f"researcher:{user.email}",
            "version": "1",
            "origin": CodeOrigin.RESEARCHER,
            "created_by": user.id,
        },
    )
    session.add(code)
    session.flush()
    return code


def _check_span(data: ResearcherCodeCreate, text: str) -> None:
    if (data.span_start is None) != (data.span_end is None):
        raise InvalidInput("Give both span_start and span_end, or neither.")
    start, end = data.span_start, data.span_end
    if start is not None and end is not None and not 0 <= start < end <= len(text):
        raise InvalidInput(f"The span must lie within the utterance's {len(text)} characters.")


def substantive_counts(session: Session, *, project_id: int) -> dict[int, tuple[int, int]]:
    """Source id -> (substantive, all) respondent utterances, by each utterance's effective content class.

    Counted in the database by source and class, with app.coding.content's rules (the latest researcher
    content code, else the first content code); only utterances without one are read and classified here.
    """
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    unlabelled: list[int] = []
    for source_id, label, n in session.execute(_labels_by_source(project_id)):
        if label is None:
            unlabelled.append(source_id)
            continue
        counts[source_id][0] += n if label == ContentClass.SUBSTANTIVE else 0
        counts[source_id][1] += n
    for part in chunks(unlabelled):
        for source_id, text in session.execute(_unlabelled_texts(project_id, part)):
            counts[source_id][0] += classify(text).substantive
            counts[source_id][1] += 1
    return {source_id: (n[0], n[1]) for source_id, n in counts.items()}


def _labels_by_source(project_id: int) -> Select[int, str | None, int]:
    """(source, effective content label or None, respondent utterances) of the project."""
    researcher = case((col(CodeRecord.origin) == CodeOrigin.RESEARCHER, col(CodeRecord.id)))
    effective = (
        sa_select(
            col(CodeRecord.utterance_id).label("utterance_id"),
            func.coalesce(func.max(researcher), func.min(col(CodeRecord.id))).label("code_id"),
        )
        .where(col(CodeRecord.project_id) == project_id, col(CodeRecord.kind) == CONTENT_KIND)
        .group_by(col(CodeRecord.utterance_id))
        .subquery()
    )
    label = aliased(CodeRecord)
    return (
        sa_select(col(Utterance.source_id), col(label.label), func.count())
        .select_from(Utterance)
        .outerjoin(effective, effective.c.utterance_id == Utterance.id)
        .outerjoin(label, col(label.id) == effective.c.code_id)
        .where(col(Utterance.project_id) == project_id, col(Utterance.speaker_role) == SpeakerRole.RESPONDENT)
        .group_by(col(Utterance.source_id), col(label.label))
    )


def _unlabelled_texts(project_id: int, source_ids: Sequence[int]) -> Select[int, str]:
    """(source, text) of the respondent utterances of these sources that have no content code."""
    content = sa_select(col(CodeRecord.id)).where(
        col(CodeRecord.utterance_id) == Utterance.id, col(CodeRecord.kind) == CONTENT_KIND
    )
    return sa_select(col(Utterance.source_id), col(Utterance.text)).where(
        col(Utterance.project_id) == project_id,
        col(Utterance.speaker_role) == SpeakerRole.RESPONDENT,
        col(Utterance.source_id).in_(source_ids),
        ~exists(content),
    )
