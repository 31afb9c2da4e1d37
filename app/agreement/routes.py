"""JSON API for agreement: machine vs researcher, blind rounds between researchers, and adjustments."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict

from fastapi import APIRouter, status
from fastapi.responses import Response
from sqlmodel import SQLModel

from app.access import ProjectResearcher, ProjectViewer
from app.agreement import adjust, blind, service
from app.agreement.models import AdjustmentRead, AdjustmentSwitch, AgreementReport, KindAgreement
from app.audit.service import record_export
from app.deps import SessionDep
from app.exports.render import csv_response
from app.review.models import BlindCodeCreate, Reconcile, RoundCreate, RoundRead
from app.security import CurrentUser

router = APIRouter(prefix="/api/projects/{project_id}", tags=["agreement"])


class BlindItem(SQLModel):
    utterance_id: int
    text: str
    label: str | None


class RoundAgreement(SQLModel):
    agreement: KindAgreement
    differences: list[dict[str, object]]


@router.get("/agreement", response_model=AgreementReport)
def agreement(session: SessionDep, project: ProjectViewer) -> AgreementReport:
    """Machine vs researcher per code kind and label: kappa, alpha, confusion with its utterances."""
    return service.machine_vs_researcher(session, project_id=project.id or 0)


@router.get("/agreement.csv", response_class=Response)
def agreement_csv(session: SessionDep, user: CurrentUser, project: ProjectViewer) -> Response:
    """The agreement report as CSV (one row per kind, then per label)."""
    record_export(session, actor=user, project_id=project.id, what="agreement", fmt="csv")
    out = io.StringIO()
    csv.writer(out).writerows(
        service.report_rows(service.machine_vs_researcher(session, project_id=project.id or 0))
    )
    return csv_response(out.getvalue(), filename=f"agreement-project-{project.id}.csv")


@router.post("/rounds", response_model=RoundRead, status_code=status.HTTP_201_CREATED)
def create_round(
    session: SessionDep, user: CurrentUser, project: ProjectResearcher, data: RoundCreate
) -> RoundRead:
    """Start a blind round: a sample two researchers code without seeing any other codes."""
    return RoundRead.model_validate(
        blind.create_round(session, project_id=project.id or 0, user=user, data=data)
    )


@router.get("/rounds/{round_id}", response_model=list[BlindItem])
def round_items(
    session: SessionDep, user: CurrentUser, project: ProjectResearcher, round_id: int
) -> list[BlindItem]:
    """The round's sample with only your own labels (for the round's coders)."""
    found = blind.get_round(session, project_id=project.id or 0, round_id=round_id)
    mine = blind.my_labels(session, found=found, user=user)
    return [
        BlindItem(utterance_id=uid, text=text, label=mine.get(uid))
        for uid, text in blind.sample_texts(session, found=found)
    ]


@router.post("/rounds/{round_id}/codes", status_code=status.HTTP_201_CREATED)
def code_blind(
    session: SessionDep, user: CurrentUser, project: ProjectResearcher, round_id: int, data: BlindCodeCreate
) -> dict[str, object]:
    """Your label for one sampled utterance (replaces your earlier one)."""
    found = blind.get_round(session, project_id=project.id or 0, round_id=round_id)
    code = blind.code_blind(session, found=found, user=user, data=data)
    return {"utterance_id": code.utterance_id, "label": code.label}


@router.get("/rounds/{round_id}/agreement", response_model=RoundAgreement)
def round_agreement(session: SessionDep, project: ProjectResearcher, round_id: int) -> RoundAgreement:
    """Researcher vs researcher on the round, and the utterances where they differ."""
    found = blind.get_round(session, project_id=project.id or 0, round_id=round_id)
    agreed, rows = blind.differences(session, found=found)
    return RoundAgreement(agreement=agreed, differences=[asdict(row) for row in rows])


@router.post("/rounds/{round_id}/reconcile", status_code=status.HTTP_201_CREATED)
def reconcile(
    session: SessionDep, user: CurrentUser, project: ProjectResearcher, round_id: int, data: Reconcile
) -> dict[str, object]:
    """Pick the final code for a sampled utterance; stored as a researcher code."""
    found = blind.get_round(session, project_id=project.id or 0, round_id=round_id)
    code = blind.reconcile(session, found=found, user=user, data=data)
    return {"utterance_id": code.utterance_id, "label": code.label, "id": code.id}


@router.get("/adjustments", response_model=list[AdjustmentRead])
def adjustments(session: SessionDep, project: ProjectViewer) -> list[AdjustmentRead]:
    """Adjustments fitted on the project's reviewed codes, with before/after agreement on held-out folds."""
    return adjust.adjustments(session, project_id=project.id or 0)


@router.post("/adjustments/{kind}/fit", response_model=AdjustmentRead, status_code=status.HTTP_201_CREATED)
def fit(session: SessionDep, user: CurrentUser, project: ProjectResearcher, kind: str) -> AdjustmentRead:
    """Fit (or refit) the head for a code kind on the reviewed codes; it starts switched off."""
    return adjust.fit_read(session, project_id=project.id or 0, kind=kind, user=user)


@router.put("/adjustments/{kind}", response_model=AdjustmentRead)
def switch(
    session: SessionDep, project: ProjectResearcher, kind: str, data: AdjustmentSwitch
) -> AdjustmentRead:
    """Turn an adjustment on (relabels undecided machine codes) or off (restores them)."""
    return adjust.set_enabled(session, project_id=project.id or 0, kind=kind, enabled=data.enabled)
