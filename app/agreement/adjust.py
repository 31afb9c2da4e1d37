"""Learning from corrections: fit a per-project head on reviewed codes (stored embeddings, no re-embedding),
measure it on held-out folds, and switch it on (relabel undecided machine codes) or off (restore them)."""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.agreement.models import AdjustmentRead, ProjectAdjustment
from app.agreement.service import researcher_labels
from app.coding.models import CodeOrigin, CodeRecord, UtteranceFeatures
from app.db import utcnow
from app.errors import InvalidInput, NotFound
from app.jobs.chunks import chunks
from app.review.labels import NONE
from app.sources.models import Source
from app.utterances.models import Utterance
from nlp.adjust import Head, cross_validate, fit_head
from nlp.agreement import Agreement
from nlp.encoder import EMBEDDING_DIM

ADJUSTABLE_KINDS = ("emotion", "pain_point", "stage", "content")
ADJUST_CODER = "desirelines.adjust"
MIN_REVIEWED = 10


def _check_kind(kind: str) -> None:
    if kind not in ADJUSTABLE_KINDS:
        raise InvalidInput(f"Adjustments exist for {', '.join(ADJUSTABLE_KINDS)}; got {kind!r}.")


def _machine_codes(
    session: Session, *, project_id: int, kind: str, source_id: int | None = None
) -> dict[int, CodeRecord]:
    """The machine's best code of this kind per utterance (of one source, when given)."""
    best: dict[int, CodeRecord] = {}
    query = select(CodeRecord).where(
        CodeRecord.project_id == project_id, CodeRecord.kind == kind, CodeRecord.origin == CodeOrigin.MACHINE
    )
    if source_id is not None:
        utterances = select(Utterance.id).where(Utterance.source_id == source_id)
        query = query.where(col(CodeRecord.utterance_id).in_(utterances))
    for code in session.exec(query):
        if code.utterance_id not in best or code.score > best[code.utterance_id].score:
            best[code.utterance_id] = code
    return best


def _embeddings(session: Session, ids: list[int]) -> dict[int, np.ndarray]:
    query = select(UtteranceFeatures.utterance_id, UtteranceFeatures.embedding).where(
        col(UtteranceFeatures.utterance_id).in_(ids)
    )
    return {
        uid: np.frombuffer(blob, dtype=np.float32).reshape(EMBEDDING_DIM) for uid, blob in session.exec(query)
    }


def get_adjustment(session: Session, *, project_id: int, kind: str) -> ProjectAdjustment | None:
    query = select(ProjectAdjustment).where(
        ProjectAdjustment.project_id == project_id, ProjectAdjustment.kind == kind
    )
    return session.exec(query).first()


def fit(session: Session, *, project_id: int, kind: str, user: User) -> ProjectAdjustment:
    """Fit (or refit) the kind's head on every reviewed utterance; it starts switched off."""
    _check_kind(kind)
    found = get_adjustment(session, project_id=project_id, kind=kind)
    if found is not None and found.enabled:
        switch(session, adjustment=found, enabled=False)
    truth = researcher_labels(session, project_id=project_id, kind=kind)
    machine = _machine_codes(session, project_id=project_id, kind=kind)
    vectors = _embeddings(session, [int(str(u)) for u in truth])
    ids = [int(str(u)) for u in truth if int(str(u)) in vectors]
    if len(ids) < MIN_REVIEWED:
        raise InvalidInput(f"Review at least {MIN_REVIEWED} {kind} codes first; {len(ids)} are reviewed.")
    x = np.stack([vectors[i] for i in ids])
    said = [machine[i].label if i in machine else NONE for i in ids]
    wanted = [truth[i] for i in ids]
    measured = cross_validate(x, said, wanted)
    head = fit_head(x, said, wanted)
    adjustment = found or ProjectAdjustment(project_id=project_id, kind=kind)
    adjustment.head, adjustment.enabled, adjustment.applied = head.to_json(), False, {}
    adjustment.metrics = {
        "units": len(ids),
        "folds": measured.folds,
        "before": _summary(measured.before),
        "after": _summary(measured.after),
    }
    adjustment.fitted_by, adjustment.fitted_at = user.id, utcnow()
    session.add(adjustment)
    session.flush()
    return adjustment


def _summary(found: Agreement) -> dict[str, float | None]:
    return {"observed": found.observed, "kappa": found.kappa, "alpha": found.alpha}


def switch(session: Session, *, adjustment: ProjectAdjustment, enabled: bool) -> ProjectAdjustment:
    """On: relabel the undecided machine codes the head disagrees with. Off: restore every one of them."""
    if enabled and not adjustment.enabled:
        adjustment.applied = _apply(session, adjustment)
    elif not enabled and adjustment.enabled:
        _restore(session, adjustment)
        adjustment.applied = {}
    adjustment.enabled = enabled
    session.add(adjustment)
    session.flush()
    return adjustment


def apply_to_source(session: Session, *, source: Source) -> int:
    """Relabel a source's new machine codes by the project's switched-on adjustments; how many changed.

    Coding (a new upload, or a re-code) writes the coder's labels; an adjustment switched on before it
    applies to them too, so a project's codes never mix adjusted and unadjusted sources.
    """
    query = select(ProjectAdjustment).where(
        ProjectAdjustment.project_id == source.project_id, col(ProjectAdjustment.enabled).is_(True)
    )
    changed = 0
    for adjustment in session.exec(query):
        applied = _apply(session, adjustment, source_id=source.id)
        # A re-code deleted the codes it had relabelled before: their entries go, so counts stay true and
        # a reused id is never restored.
        adjustment.applied = {**_still_adjusted(session, adjustment), **applied}  # a new dict: JSON tracks it
        session.add(adjustment)
        changed += len(applied)
    return changed


def _still_adjusted(session: Session, adjustment: ProjectAdjustment) -> dict[str, list[object]]:
    """The entries of `applied` whose code still holds this adjustment's label."""
    ids = [int(code_id) for code_id in adjustment.applied]
    alive: set[int] = set()
    for part in chunks(ids):
        query = select(col(CodeRecord.id)).where(col(CodeRecord.id).in_(part), *_mine(adjustment))
        alive.update(code_id for code_id in session.exec(query) if code_id is not None)
    return {code_id: entry for code_id, entry in adjustment.applied.items() if int(code_id) in alive}


def _mine(adjustment: ProjectAdjustment) -> tuple[Any, ...]:
    """Conditions a code meets while it holds this adjustment's relabelling."""
    return (
        CodeRecord.coder == ADJUST_CODER,
        CodeRecord.version == str(adjustment.id),
        CodeRecord.kind == adjustment.kind,
    )


def _apply(
    session: Session, adjustment: ProjectAdjustment, *, source_id: int | None = None
) -> dict[str, list[object]]:
    head = Head.from_json(adjustment.head)
    kind, project_id = adjustment.kind, adjustment.project_id
    decided = {int(str(u)) for u in researcher_labels(session, project_id=project_id, kind=kind)}
    codes = {
        uid: c
        for uid, c in _machine_codes(session, project_id=project_id, kind=kind, source_id=source_id).items()
        if uid not in decided
    }
    vectors = _embeddings(session, list(codes))
    ids = [uid for uid in codes if uid in vectors]
    if not ids:
        return {}
    predicted = head.predict(np.stack([vectors[i] for i in ids]), [codes[i].label for i in ids])
    applied: dict[str, list[object]] = {}
    for uid, label in zip(ids, predicted, strict=True):
        code = codes[uid]
        if label != code.label and label != NONE:
            applied[str(code.id)] = [code.label, code.score, code.coder, code.version]
            code.label, code.coder, code.version = label, ADJUST_CODER, str(adjustment.id)
            session.add(code)
    return applied


def _restore(session: Session, adjustment: ProjectAdjustment) -> None:
    for code_id, (label, score, coder, version) in adjustment.applied.items():
        code = session.get(CodeRecord, int(code_id))
        mine = code is not None and code.coder == ADJUST_CODER and code.version == str(adjustment.id)
        if code is not None and mine and code.kind == adjustment.kind:
            code.label, code.score, code.coder, code.version = label, score, coder, version
            session.add(code)


def adjustments(session: Session, *, project_id: int) -> list[AdjustmentRead]:
    query = (
        select(ProjectAdjustment)
        .where(ProjectAdjustment.project_id == project_id)
        .order_by(col(ProjectAdjustment.kind))
    )
    return [_read(a) for a in session.exec(query)]


def _read(adjustment: ProjectAdjustment) -> AdjustmentRead:
    return AdjustmentRead(
        kind=adjustment.kind,
        enabled=adjustment.enabled,
        metrics=adjustment.metrics,
        relabelled=len(adjustment.applied),
        fitted_at=adjustment.fitted_at,
    )


def set_enabled(session: Session, *, project_id: int, kind: str, enabled: bool) -> AdjustmentRead:
    _check_kind(kind)
    found = get_adjustment(session, project_id=project_id, kind=kind)
    if found is None:
        raise NotFound(f"No {kind} adjustment has been fitted in this project yet.")
    return _read(switch(session, adjustment=found, enabled=enabled))


def fit_read(session: Session, *, project_id: int, kind: str, user: User) -> AdjustmentRead:
    return _read(fit(session, project_id=project_id, kind=kind, user=user))
