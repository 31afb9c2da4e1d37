"""Review decisions: accept, reject or change a machine code (as researcher codes), undo, bulk accept.

One decision per machine code: a later decision on the same code (same utterance and kind, and for forces the
same force), from another tab or another researcher, replaces the earlier one, so every page, export and
figure reads the same decision (the latest wins, as for content classes).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from app.accounts.models import User
from app.coding.models import CodeOrigin, CodeRecord
from app.errors import InvalidInput, NotFound
from app.review.labels import MULTI_LABEL_KINDS, decision_key, kind_name, not_a_label, refusal
from app.review.models import Action, DecisionCreate, DecisionRead, QueueFilter
from app.review.queue import MachineCode, label_options, pending
from app.words import with_article

REVIEW_CODER = "researcher:{email}"


def machine_code(session: Session, *, project_id: int, code_id: int) -> CodeRecord:
    code = session.get(CodeRecord, code_id)
    if code is None or code.project_id != project_id or code.origin != CodeOrigin.MACHINE:
        raise NotFound(f"Machine code {code_id} does not exist in this project.")
    return code


def researcher_code(
    session: Session, *, of: CodeRecord | MachineCode, user: User, label: str, score: float = 1.0
) -> CodeRecord:
    """A researcher code on the same utterance and kind as `of`, saying who and when."""
    code = CodeRecord(
        utterance_id=of.utterance_id,
        project_id=of.project_id,
        kind=of.kind,
        label=label,
        score=score,
        span_start=of.span_start,
        span_end=of.span_end,
        coder=REVIEW_CODER.format(email=user.email),
        version="1",
        origin=CodeOrigin.RESEARCHER,
        created_by=user.id,
    )
    session.add(code)
    return code


def _labels(session: Session, code: CodeRecord, data: DecisionCreate) -> list[str]:
    """The researcher labels a decision stores (a changed force also refuses the machine's force)."""
    if data.action == Action.ACCEPT:
        return [code.label]
    if data.action == Action.REJECT:
        return [refusal(code.kind, code.label)]
    options = label_options(session, project_id=code.project_id).get(code.kind, [])
    if not data.label:
        name = with_article(kind_name(code.kind))
        raise InvalidInput(f"To change {name} code, give a label: one of {', '.join(options)}.")
    if data.label not in options:
        raise InvalidInput(not_a_label(code.kind, data.label, options))
    if code.kind in MULTI_LABEL_KINDS and data.label != code.label:
        return [refusal(code.kind, code.label), data.label]
    return [data.label]


def earlier_decisions(session: Session, *, of: CodeRecord, labels: list[str]) -> list[CodeRecord]:
    """Researcher codes on `of`'s utterance and kind that decide what a decision storing `labels` decides."""
    keys = {decision_key(of.kind, label) for label in [of.label, *labels]}
    query = select(CodeRecord).where(
        CodeRecord.utterance_id == of.utterance_id,
        CodeRecord.kind == of.kind,
        CodeRecord.origin == CodeOrigin.RESEARCHER,
    )
    return [row for row in session.exec(query) if decision_key(row.kind, row.label) in keys]


def decide(session: Session, *, project_id: int, user: User, data: DecisionCreate) -> DecisionRead:
    """Store one decision on a machine code as researcher codes, replacing an earlier decision on it.

    The machine code itself is kept.
    """
    code = machine_code(session, project_id=project_id, code_id=data.code_id)
    labels = _labels(session, code, data)
    for earlier in earlier_decisions(session, of=code, labels=labels):
        session.delete(earlier)
    created = [researcher_code(session, of=code, user=user, label=label) for label in labels]
    session.flush()
    return DecisionRead(
        code_id=code.id or 0,
        action=data.action,
        utterance_id=code.utterance_id,
        kind=code.kind,
        created_ids=[c.id or 0 for c in created],
        labels=labels,
    )


def undo(session: Session, *, project_id: int, user: User, code_ids: list[int]) -> int:
    """Remove researcher codes this user made in this project (an undone decision); others are untouched.

    Codes a later decision already replaced are gone: the undo removes what is left of the decision; when
    nothing is left, the code stays as the later decision left it.
    """
    rows = session.exec(select(CodeRecord).where(col(CodeRecord.id).in_(code_ids))).all()
    if not rows or any(not _undoable(row, project_id=project_id, user=user) for row in rows):
        raise NotFound(
            "Only your own review decisions in this project can be undone, and only until a later decision"
            " on the same code replaces them."
        )
    for row in rows:
        session.delete(row)
    session.flush()
    return len(rows)


def _undoable(row: CodeRecord, *, project_id: int, user: User) -> bool:
    return row.project_id == project_id and row.origin == CodeOrigin.RESEARCHER and row.created_by == user.id


def bulk_accept(session: Session, *, project_id: int, user: User, wanted: QueueFilter) -> int:
    """Accept every undecided machine code that matches the filter."""
    rows = pending(session, project_id=project_id, wanted=wanted)
    for code in rows:
        researcher_code(session, of=code, user=user, label=code.label)
    session.flush()
    return len(rows)
