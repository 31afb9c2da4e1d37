"""The review queue: machine codes no researcher has decided on yet, least certain first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.coding.models import CodeOrigin, CodeRecord
from app.errors import NotFound
from app.frameworks.service import resolve
from app.projects.models import Project
from app.review.labels import (
    FIXED_LABELS,
    REVIEW_KINDS,
    decision_key,
    is_refusal,
    threshold,
)
from app.review.models import QueueFilter, QueueItem
from app.utterances.models import Utterance
from nlp.types import CodeKind


@dataclass(frozen=True, slots=True)
class MachineCode:
    """A machine code waiting for review, with what the queue shows of its utterance (plain columns)."""

    id: int
    utterance_id: int
    project_id: int
    source_id: int
    text: str
    kind: str
    label: str
    score: float
    span_start: int | None
    span_end: int | None


def decided_keys(session: Session, *, project_id: int) -> set[tuple[int, str, str]]:
    """(utterance, kind, label) for forces and (utterance, kind, "*") for the other kinds, once decided."""
    query = select(CodeRecord.utterance_id, CodeRecord.kind, CodeRecord.label).where(
        CodeRecord.project_id == project_id, CodeRecord.origin == CodeOrigin.RESEARCHER
    )
    return {(uid, kind, decision_key(kind, label)) for uid, kind, label in session.exec(query)}


def machine_rows(session: Session, *, project_id: int, wanted: QueueFilter) -> list[MachineCode]:
    """Machine codes of the reviewable kinds that match the filter (one query, columns only: fast)."""
    kinds = [wanted.kind] if wanted.kind else list(REVIEW_KINDS)
    columns = (
        CodeRecord.id,
        CodeRecord.utterance_id,
        CodeRecord.project_id,
        Utterance.source_id,
        Utterance.text,
    )
    fields = (CodeRecord.kind, CodeRecord.label, CodeRecord.score, CodeRecord.span_start, CodeRecord.span_end)
    query = (
        sa_select(*(col(c) for c in (*columns, *fields)))
        .join(Utterance, col(Utterance.id) == CodeRecord.utterance_id)
        .where(
            col(CodeRecord.project_id) == project_id,
            col(CodeRecord.origin) == CodeOrigin.MACHINE,
            col(CodeRecord.kind).in_(kinds),
            col(CodeRecord.score) >= wanted.min_score,
            col(CodeRecord.score) <= wanted.max_score,
        )
        .order_by(col(CodeRecord.id))
    )
    if wanted.label:
        query = query.where(col(CodeRecord.label) == wanted.label)
    if wanted.source_id is not None:
        query = query.where(col(Utterance.source_id) == wanted.source_id)
    rows = [MachineCode(*row) for row in session.execute(query).all()]
    return [row for row in rows if not is_refusal(row.label)]


def pending(session: Session, *, project_id: int, wanted: QueueFilter) -> list[MachineCode]:
    """Matching machine codes without a researcher decision, nearest their coder's threshold first."""
    decided = decided_keys(session, project_id=project_id)
    rows = [
        code
        for code in machine_rows(session, project_id=project_id, wanted=wanted)
        if (code.utterance_id, code.kind, decision_key(code.kind, code.label)) not in decided
    ]
    return sorted(rows, key=lambda code: (_uncertainty(code), code.id))


def _uncertainty(code: MachineCode) -> float:
    return abs(code.score - threshold(code.kind, code.label))


def label_options(session: Session, *, project_id: int) -> dict[str, list[str]]:
    """Labels a code of each kind may be changed to: the coder's set; stages from the project's framework."""
    query = select(CodeRecord.label).where(
        CodeRecord.project_id == project_id, CodeRecord.kind == CodeKind.STAGE
    )
    used = {label for label in session.exec(query.distinct()) if not is_refusal(label)}
    project = session.get(Project, project_id)
    try:
        stages = (
            resolve(session, project_id=project_id, framework_id=project.framework).stage_ids
            if project
            else []
        )
    except NotFound:
        stages = []
    stages += sorted(used - set(stages))
    return {"stage": stages, **{kind: list(labels) for kind, labels in FIXED_LABELS.items()}}


def queue_items(session: Session, *, project_id: int, wanted: QueueFilter, limit: int) -> list[QueueItem]:
    return queue_page(session, project_id=project_id, wanted=wanted, limit=limit)[0]


def queue_page(
    session: Session, *, project_id: int, wanted: QueueFilter, limit: int
) -> tuple[list[QueueItem], int]:
    """The first `limit` codes of the queue, and how many codes it holds in all."""
    options = label_options(session, project_id=project_id)
    rows = pending(session, project_id=project_id, wanted=wanted)
    items = [
        QueueItem(
            code_id=code.id,
            utterance_id=code.utterance_id,
            source_id=code.source_id,
            text=code.text,
            kind=code.kind,
            label=code.label,
            score=code.score,
            threshold=threshold(code.kind, code.label),
            options=options.get(code.kind, []),
        )
        for code in rows[:limit]
    ]
    return items, len(rows)
