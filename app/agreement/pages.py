"""Agreement pages: the report with confusion matrices, disagreeing utterances, adjustments, blind rounds."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.access import ProjectResearcher, ProjectViewer
from app.agreement import adjust, blind, service
from app.deps import SessionDep
from app.errors import AppError
from app.frameworks.service import stage_names
from app.review.labels import REVIEW_KINDS
from app.review.models import BlindCodeCreate, Reconcile, RoundCreate
from app.security import CurrentUser
from app.web import templates

router = APIRouter(include_in_schema=False)


@router.get("/projects/{project_id}/agreement", response_class=HTMLResponse)
def agreement_page(request: Request, session: SessionDep, project: ProjectViewer) -> Response:
    """Machine vs researcher agreement, the learned adjustments and the blind rounds."""
    project_id = project.id or 0
    context = {
        "project": project,
        "report": service.machine_vs_researcher(session, project_id=project_id),
        "adjustments": adjust.adjustments(session, project_id=project_id),
        "adjustable": adjust.ADJUSTABLE_KINDS,
        "rounds": blind.rounds(session, project_id=project_id),
        "kinds": REVIEW_KINDS,
        "error": request.query_params.get("error"),
    }
    return templates.TemplateResponse(request, "agreement.html", context)


@router.get("/projects/{project_id}/agreement/{kind}/cell", response_class=HTMLResponse)
def cell_page(
    request: Request,
    session: SessionDep,
    project: ProjectViewer,
    kind: str,
    a: Annotated[str, Query()],
    b: Annotated[str, Query()],
) -> Response:
    """The utterances behind one confusion-matrix cell (the machine said `a`, a researcher `b`)."""
    rows = service.cell_utterances(session, project_id=project.id or 0, kind=kind, a=a, b=b)
    context = {"project": project, "kind": kind, "a": a, "b": b, "rows": rows}
    return templates.TemplateResponse(request, "agreement_cell.html", context)


@router.post("/projects/{project_id}/adjustments/{kind}/fit")
def fit_form(session: SessionDep, user: CurrentUser, project: ProjectResearcher, kind: str) -> Response:
    """Fit the adjustment for a kind, then show the before/after agreement."""
    try:
        with session.begin_nested():
            adjust.fit(session, project_id=project.id or 0, kind=kind, user=user)
    except AppError as err:
        return _back(project.id, err)
    return _back(project.id)


@router.post("/projects/{project_id}/adjustments/{kind}/switch")
def switch_form(
    session: SessionDep, project: ProjectResearcher, kind: str, enabled: Annotated[bool, Form()] = False
) -> Response:
    """Turn the kind's adjustment on or off."""
    try:
        with session.begin_nested():
            adjust.set_enabled(session, project_id=project.id or 0, kind=kind, enabled=enabled)
    except AppError as err:
        return _back(project.id, err)
    return _back(project.id)


def _back(project_id: int | None, err: AppError | None = None) -> Response:
    """Back to the adjustments, with the reason when something could not be done."""
    query = f"?error={quote(err.message)}" if err else ""
    return RedirectResponse(f"/projects/{project_id}/agreement{query}#adjust", status_code=303)


@router.post("/projects/{project_id}/rounds")
def round_form(
    session: SessionDep,
    user: CurrentUser,
    project: ProjectResearcher,
    name: Annotated[str, Form()],
    kind: Annotated[str, Form()],
    size: Annotated[int, Form()],
    first: Annotated[str, Form()],
    second: Annotated[str, Form()],
) -> Response:
    """Start a blind round and open it."""
    data = RoundCreate(name=name, kind=kind, size=size, coder_emails=[first, second])
    found = blind.create_round(session, project_id=project.id or 0, user=user, data=data)
    return RedirectResponse(f"/projects/{project.id}/rounds/{found.id}", status_code=303)


@router.get("/projects/{project_id}/rounds/{round_id}", response_class=HTMLResponse)
def blind_page(
    request: Request, session: SessionDep, user: CurrentUser, project: ProjectResearcher, round_id: int
) -> Response:
    """Code the round's sample blind: no machine codes, no other researcher's codes."""
    found = blind.get_round(session, project_id=project.id or 0, round_id=round_id)
    context = {
        "project": project,
        "found": found,
        "items": blind.sample_texts(session, found=found),
        "mine": blind.my_labels(session, found=found, user=user),
        "options": blind.round_labels(session, found=found),
        "stage_names": stage_names(session, project_id=project.id or 0, framework_id=project.framework),
    }
    return templates.TemplateResponse(request, "blind.html", context)


@router.post("/projects/{project_id}/rounds/{round_id}/code")
def blind_form(
    session: SessionDep,
    user: CurrentUser,
    project: ProjectResearcher,
    round_id: int,
    data: Annotated[BlindCodeCreate, Form()],
) -> Response:
    """Save your label for one sampled utterance."""
    found = blind.get_round(session, project_id=project.id or 0, round_id=round_id)
    blind.code_blind(session, found=found, user=user, data=data)
    return RedirectResponse(
        f"/projects/{project.id}/rounds/{round_id}#b-{data.utterance_id}", status_code=303
    )


@router.get("/projects/{project_id}/rounds/{round_id}/reconcile", response_class=HTMLResponse)
def reconcile_page(
    request: Request, session: SessionDep, project: ProjectResearcher, round_id: int
) -> Response:
    """Where the two coders differ, and the final code for each."""
    found = blind.get_round(session, project_id=project.id or 0, round_id=round_id)
    agreed, rows = blind.differences(session, found=found)
    options = blind.round_labels(session, found=found)
    names = stage_names(session, project_id=project.id or 0, framework_id=project.framework)
    context = {
        "project": project,
        "found": found,
        "agreed": agreed,
        "rows": rows,
        "options": options,
        "stage_names": names,
    }
    return templates.TemplateResponse(request, "reconcile.html", context)


@router.post("/projects/{project_id}/rounds/{round_id}/reconcile")
def reconcile_form(
    session: SessionDep,
    user: CurrentUser,
    project: ProjectResearcher,
    round_id: int,
    data: Annotated[Reconcile, Form()],
) -> Response:
    """Store the final code for one utterance."""
    found = blind.get_round(session, project_id=project.id or 0, round_id=round_id)
    blind.reconcile(session, found=found, user=user, data=data)
    return RedirectResponse(f"/projects/{project.id}/rounds/{round_id}/reconcile", status_code=303)
