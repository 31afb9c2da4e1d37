"""HTML pages for journey maps (with the emotion curve), versions and their comparison, and forces."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.access import ProjectResearcher, ProjectViewer, role_in
from app.coding.progress import sources_being_coded
from app.deps import SessionDep
from app.journeys import service, views
from app.journeys.models import Feasibility, OpportunityCreate, SnapshotCreate, StageGoalCreate
from app.personas.views import current
from app.security import CurrentUser
from app.web import templates
from nlp.aggregate.journey import ROW_TITLES

router = APIRouter(include_in_schema=False)


def _map_url(project_id: int, persona_id: int | None) -> str:
    return f"/projects/{project_id}/journey" + (f"?persona_id={persona_id}" if persona_id else "")


@router.get("/projects/{project_id}/journey", response_class=HTMLResponse)
def journey_page(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    project: ProjectViewer,
    persona_id: int | None = None,
    snapshot_id: int | None = None,
) -> Response:
    """The journey map: stages across, rows down, every machine-filled cell with its quotes."""
    shown = views.shown_map(session, project=project, persona_id=persona_id, snapshot_id=snapshot_id)
    _, _, personas = current(session, project=project)
    context = {
        "project": project,
        "role": role_in(session, user=user, project_id=project.id or 0),
        "map": views.shown_dict(session, shown),
        "curve": views.emotion_curve(shown.journey),
        "row_titles": ROW_TITLES,
        "personas": personas,
        "persona_id": persona_id,
        "snapshots": service.list_snapshots(session, project_id=project.id or 0),
        "opportunities": service.list_opportunities(session, project_id=project.id or 0),
        "goals": service.list_goals(session, project_id=project.id or 0),
        "feasibility": list(Feasibility),
        "still_coding": 0 if snapshot_id else sources_being_coded(session, project_id=project.id or 0),
    }
    return templates.TemplateResponse(request, "journey.html", context)


@router.post("/projects/{project_id}/journey/opportunities")
def add_opportunity_form(
    session: SessionDep,
    user: CurrentUser,
    project: ProjectResearcher,
    stage: Annotated[str, Form()],
    text: Annotated[str, Form()],
    feasibility: Annotated[Feasibility, Form()] = Feasibility.MEDIUM,
    pain_points: Annotated[list[str] | None, Form()] = None,
    persona_id: Annotated[int | None, Form()] = None,
) -> Response:
    """Add an opportunity from the map page."""
    data = OpportunityCreate(
        stage=stage, text=text.strip(), feasibility=feasibility, pain_points=pain_points or []
    )
    service.add_opportunity(session, project=project, data=data, user_id=user.id)
    return RedirectResponse(_map_url(project.id or 0, persona_id) + "#opportunities", status_code=303)


@router.post("/projects/{project_id}/journey/opportunities/{opportunity_id}/delete")
def delete_opportunity_form(session: SessionDep, project: ProjectResearcher, opportunity_id: int) -> Response:
    """Remove an opportunity from the map page."""
    service.delete_opportunity(session, project=project, opportunity_id=opportunity_id)
    return RedirectResponse(_map_url(project.id or 0, None) + "#opportunities", status_code=303)


@router.post("/projects/{project_id}/journey/kpis")
def add_kpi_form(
    session: SessionDep,
    project: ProjectResearcher,
    stage: Annotated[str, Form()],
    text: Annotated[str, Form()],
) -> Response:
    """Set a KPI for a stage from the map page."""
    service.add_goal(session, project=project, data=StageGoalCreate(stage=stage, text=text.strip()))
    return RedirectResponse(_map_url(project.id or 0, None) + "#kpis", status_code=303)


@router.post("/projects/{project_id}/journey/kpis/{kpi_id}/delete")
def delete_kpi_form(session: SessionDep, project: ProjectResearcher, kpi_id: int) -> Response:
    """Remove a KPI from the map page."""
    service.delete_goal(session, project=project, goal_id=kpi_id)
    return RedirectResponse(_map_url(project.id or 0, None) + "#kpis", status_code=303)


@router.post("/projects/{project_id}/journey/versions")
def save_version_form(
    session: SessionDep,
    user: CurrentUser,
    project: ProjectResearcher,
    label: Annotated[str, Form()] = "",
    persona_id: Annotated[int | None, Form()] = None,
) -> Response:
    """Save the map shown as a version."""
    snapshot = service.save_snapshot(
        session, project=project, data=SnapshotCreate(label=label, persona_id=persona_id), user_id=user.id
    )
    return RedirectResponse(f"/projects/{project.id}/journey?snapshot_id={snapshot.id}", status_code=303)


@router.get("/projects/{project_id}/journey/compare", response_class=HTMLResponse)
def compare_page(
    request: Request, session: SessionDep, project: ProjectViewer, old: int, new: int | None = None
) -> Response:
    """What changed between two versions of the map (or from a version to now)."""
    context = {
        "project": project,
        "diff": service.compare(session, project=project, old_id=old, new_id=new),
        "snapshots": service.list_snapshots(session, project_id=project.id or 0),
        "old": old,
        "new": new,
    }
    return templates.TemplateResponse(request, "journey_compare.html", context)


@router.get("/projects/{project_id}/forces", response_class=HTMLResponse)
def forces_page(
    request: Request, session: SessionDep, project: ProjectViewer, persona_id: int | None = None
) -> Response:
    """The JTBD forces diagram: push and pull toward the new way, anxiety and habit holding back."""
    _, _, personas = current(session, project=project)
    context = {
        "project": project,
        "data": views.forces_data(session, project=project, persona_id=persona_id),
        "personas": personas,
        "persona_id": persona_id,
        "still_coding": sources_being_coded(session, project_id=project.id or 0),
    }
    return templates.TemplateResponse(request, "forces.html", context)
