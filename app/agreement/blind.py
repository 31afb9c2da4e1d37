"""Blind rounds: two researchers code the same sample without seeing the machine's or each other's codes,
then the differences are listed and a final code is picked (stored as an ordinary researcher code)."""

from __future__ import annotations

import random
from collections.abc import Hashable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.accounts.models import User
from app.agreement.models import KindAgreement
from app.agreement.service import kind_agreement
from app.coding.models import CodeOrigin, CodeRecord
from app.errors import Forbidden, InvalidInput, NotFound
from app.members.models import Membership, ProjectRole
from app.review.labels import MULTI_LABEL_KINDS, NONE, REVIEW_KINDS, not_a_label
from app.review.models import BlindCode, BlindCodeCreate, Reconcile, ReviewRound, RoundCreate
from app.review.queue import label_options
from app.utterances.models import Utterance
from nlp.types import SpeakerRole


def _coders(session: Session, *, project_id: int, emails: list[str]) -> list[int]:
    ids = []
    for email in emails:
        row = session.exec(
            select(User.id, Membership.role)
            .join(Membership, col(Membership.user_id) == col(User.id))
            .where(User.email == email.strip().lower(), Membership.project_id == project_id)
        ).first()
        if row is None or not ProjectRole(row[1]).allows(ProjectRole.RESEARCHER):
            raise InvalidInput(f"{email} is not a researcher in this project.")
        ids.append(int(row[0] or 0))
    if len(set(ids)) != 2:
        raise InvalidInput("A blind round needs two different researchers.")
    return ids


def create_round(session: Session, *, project_id: int, user: User, data: RoundCreate) -> ReviewRound:
    """A round over a reproducible random sample of the project's (or one source's) respondent utterances."""
    kinds = [kind for kind in REVIEW_KINDS if kind not in MULTI_LABEL_KINDS]
    if data.kind not in kinds:
        raise InvalidInput(
            f"A blind round codes one label per utterance: kind must be one of {', '.join(kinds)}."
        )
    coders = _coders(session, project_id=project_id, emails=data.coder_emails)
    query = select(Utterance.id).where(
        Utterance.project_id == project_id, Utterance.speaker_role == SpeakerRole.RESPONDENT
    )
    if data.source_id is not None:
        query = query.where(Utterance.source_id == data.source_id)
    ids = sorted(uid for uid in session.exec(query) if uid is not None)
    if len(ids) < 2:
        raise InvalidInput("A blind round needs at least two respondent utterances.")
    sample = sorted(random.Random(f"{project_id}:{data.name}").sample(ids, min(data.size, len(ids))))
    found = ReviewRound(
        project_id=project_id,
        name=data.name,
        kind=data.kind,
        utterance_ids=sample,
        coder_ids=coders,
        created_by=user.id,
    )
    session.add(found)
    session.flush()
    return found


def get_round(session: Session, *, project_id: int, round_id: int) -> ReviewRound:
    found = session.get(ReviewRound, round_id)
    if found is None or found.project_id != project_id:
        raise NotFound(f"Blind round {round_id} does not exist in this project.")
    return found


def rounds(session: Session, *, project_id: int) -> list[ReviewRound]:
    query = (
        select(ReviewRound).where(ReviewRound.project_id == project_id).order_by(col(ReviewRound.id).desc())
    )
    return list(session.exec(query).all())


def _labels(session: Session, found: ReviewRound, user_id: int) -> dict[int, str]:
    query = select(BlindCode).where(BlindCode.round_id == found.id, BlindCode.user_id == user_id)
    return {code.utterance_id: code.label for code in session.exec(query)}


def my_labels(session: Session, *, found: ReviewRound, user: User) -> dict[int, str]:
    """Only the user's own labels: a blind coder sees nothing else."""
    if user.id not in found.coder_ids:
        raise Forbidden("Only the round's two coders code it.")
    return _labels(session, found, user.id or 0)


def round_labels(session: Session, *, found: ReviewRound) -> list[str]:
    """The labels a round's coders may give: the kind's (stages from the project's framework), or none."""
    return [*label_options(session, project_id=found.project_id).get(found.kind, []), NONE]


def _check(session: Session, found: ReviewRound, *, utterance_id: int, label: str) -> None:
    if utterance_id not in found.utterance_ids:
        raise InvalidInput(f"Utterance {utterance_id} is not in this round's sample.")
    labels = round_labels(session, found=found)
    if label not in labels:
        raise InvalidInput(not_a_label(found.kind, label, labels))


def code_blind(session: Session, *, found: ReviewRound, user: User, data: BlindCodeCreate) -> BlindCode:
    my_labels(session, found=found, user=user)
    _check(session, found, utterance_id=data.utterance_id, label=data.label)
    query = select(BlindCode).where(
        BlindCode.round_id == found.id,
        BlindCode.user_id == user.id,
        BlindCode.utterance_id == data.utterance_id,
    )
    code = session.exec(query).first() or BlindCode(
        round_id=found.id or 0, utterance_id=data.utterance_id, user_id=user.id or 0, label=""
    )
    code.label = data.label
    session.add(code)
    session.flush()
    return code


@dataclass(frozen=True, slots=True)
class Difference:
    utterance_id: int
    text: str
    first: str | None
    second: str | None
    final: str | None


def sample_texts(session: Session, *, found: ReviewRound) -> list[tuple[int, str]]:
    """The sampled utterances in sample order, text only: no codes of any kind."""
    query = select(Utterance.id, Utterance.text).where(col(Utterance.id).in_(found.utterance_ids))
    texts = {uid: text for uid, text in session.exec(query) if uid is not None}
    return [(uid, texts[uid]) for uid in found.utterance_ids if uid in texts]


def differences(session: Session, *, found: ReviewRound) -> tuple[KindAgreement, list[Difference]]:
    """Agreement of the two coders, and every sampled utterance where they differ (or one has not coded)."""
    first, second = (_labels(session, found, uid) for uid in found.coder_ids)
    texts = dict(sample_texts(session, found=found))
    finals = _finals(session, found)
    rows = [
        Difference(uid, texts.get(uid, ""), first.get(uid), second.get(uid), finals.get(uid))
        for uid in found.utterance_ids
        if first.get(uid) != second.get(uid)
    ]
    a: dict[Hashable, str] = {uid: label for uid, label in first.items()}
    b: dict[Hashable, str] = {uid: label for uid, label in second.items()}
    return kind_agreement(found.kind, a, b), rows


def _finals(session: Session, found: ReviewRound) -> dict[int, str]:
    query = (
        select(CodeRecord)
        .where(
            col(CodeRecord.utterance_id).in_(found.utterance_ids),
            CodeRecord.kind == found.kind,
            CodeRecord.origin == CodeOrigin.RESEARCHER,
            CodeRecord.coder == f"round:{found.id}",
        )
        .order_by(col(CodeRecord.id))
    )
    return {code.utterance_id: code.label for code in session.exec(query)}


def reconcile(session: Session, *, found: ReviewRound, user: User, data: Reconcile) -> CodeRecord:
    """The final code for a sampled utterance, stored as a researcher code (it then wins over the machine)."""
    _check(session, found, utterance_id=data.utterance_id, label=data.label)
    code = CodeRecord(
        utterance_id=data.utterance_id,
        project_id=found.project_id,
        kind=found.kind,
        label=data.label,
        score=1.0,
        coder=f"round:{found.id}",
        version="1",
        origin=CodeOrigin.RESEARCHER,
        created_by=user.id,
    )
    session.add(code)
    session.flush()
    return code
