"""Reading codes and jobs, and researcher codes."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.coding.content import CODE_FACT_COLUMNS, CONTENT_KIND, CONTENT_LABELS, CodeFact, effective_content
from app.coding.models import CodeOrigin, CodeRecord, CodingJob, ResearcherCodeCreate
from app.errors import InvalidInput
from app.utterances.models import Utterance
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
    """Source id -> (substantive, all) respondent utterances, by each utterance's effective content class."""
    content: dict[int, list[CodeFact]] = defaultdict(list)
    codes = sa_select(*CODE_FACT_COLUMNS).where(
        col(CodeRecord.project_id) == project_id, col(CodeRecord.kind) == CONTENT_KIND
    )
    for row in session.execute(codes):
        content[row.utterance_id].append(CodeFact(*row))
    utterances = select(Utterance.id, Utterance.source_id, Utterance.text).where(
        Utterance.project_id == project_id, Utterance.speaker_role == SpeakerRole.RESPONDENT
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for uid, source_id, text in session.exec(utterances):
        counts[source_id][0] += effective_content(content.get(uid or 0, []), text).substantive
        counts[source_id][1] += 1
    return {source_id: (n[0], n[1]) for source_id, n in counts.items()}
