"""JSON API for journey maps: the map, researcher inputs, versions, comparison, forces, exports."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, status
from fastapi.responses import Response

from app.access import ProjectResearcher, ProjectViewer
from app.audit.service import record_export
from app.deps import SessionDep
from app.exports.render import ExportFormat
from app.journeys import service, views
from app.journeys.models import (
    OpportunityCreate,
    OpportunityRead,
    SnapshotCreate,
    SnapshotRead,
    StageGoalCreate,
    StageGoalRead,
)
from app.security import CurrentUser

router = APIRouter(prefix="/api", tags=["journey maps"])


@router.get("/projects/{project_id}/journey")
def journey_map(
    session: SessionDep, project: ProjectViewer, persona_id: int | None = None, snapshot_id: int | None = None
) -> dict[str, Any]:
    """The journey map (overall or one persona's; current or saved), every cell with its evidence."""
    shown = views.shown_map(session, project=project, persona_id=persona_id, snapshot_id=snapshot_id)
    return views.shown_dict(session, shown)


@router.get("/projects/{project_id}/journey/export")
def export_map(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    project: ProjectViewer,
    format: ExportFormat,
    persona_id: int | None = None,
    snapshot_id: int | None = None,
) -> Response:
    """Download the journey map as JSON, Markdown, CSV or PDF."""
    shown = views.shown_map(session, project=project, persona_id=persona_id, snapshot_id=snapshot_id)
    record_export(
        session,
        actor=user,
        project_id=project.id,
        what="journey",
        fmt=format,
        persona_id=persona_id,
        snapshot_id=snapshot_id,
    )
    return views.export_map(request, session, shown, project=project, fmt=format)


@router.get("/projects/{project_id}/journey/opportunities", response_model=list[OpportunityRead])
def list_opportunities(session: SessionDep, project: ProjectViewer) -> list[OpportunityRead]:
    """Opportunities from brainstorming, by stage."""
    return [
        OpportunityRead.model_validate(o)
        for o in service.list_opportunities(session, project_id=project.id or 0)
    ]


@router.post(
    "/projects/{project_id}/journey/opportunities",
    response_model=OpportunityRead,
    status_code=status.HTTP_201_CREATED,
)
def add_opportunity(
    session: SessionDep, project: ProjectResearcher, user: CurrentUser, data: OpportunityCreate
) -> OpportunityRead:
    """Add an opportunity to a stage, linked to the pain points it answers, with a feasibility mark."""
    return OpportunityRead.model_validate(
        service.add_opportunity(session, project=project, data=data, user_id=user.id)
    )


@router.delete(
    "/projects/{project_id}/journey/opportunities/{opportunity_id}", status_code=status.HTTP_204_NO_CONTENT
)
def delete_opportunity(session: SessionDep, project: ProjectResearcher, opportunity_id: int) -> None:
    """Remove an opportunity."""
    service.delete_opportunity(session, project=project, opportunity_id=opportunity_id)


@router.get("/projects/{project_id}/journey/kpis", response_model=list[StageGoalRead])
def list_kpis(session: SessionDep, project: ProjectViewer) -> list[StageGoalRead]:
    """KPIs set per stage."""
    return [StageGoalRead.model_validate(g) for g in service.list_goals(session, project_id=project.id or 0)]


@router.post(
    "/projects/{project_id}/journey/kpis", response_model=StageGoalRead, status_code=status.HTTP_201_CREATED
)
def add_kpi(session: SessionDep, project: ProjectResearcher, data: StageGoalCreate) -> StageGoalRead:
    """Set a KPI (a goal) for a stage."""
    return StageGoalRead.model_validate(service.add_goal(session, project=project, data=data))


@router.delete("/projects/{project_id}/journey/kpis/{kpi_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_kpi(session: SessionDep, project: ProjectResearcher, kpi_id: int) -> None:
    """Remove a KPI."""
    service.delete_goal(session, project=project, goal_id=kpi_id)


@router.get("/projects/{project_id}/journey/versions", response_model=list[SnapshotRead])
def list_versions(session: SessionDep, project: ProjectViewer) -> list[SnapshotRead]:
    """Saved versions of the map, newest first."""
    return [
        SnapshotRead.model_validate(s) for s in service.list_snapshots(session, project_id=project.id or 0)
    ]


@router.post(
    "/projects/{project_id}/journey/versions",
    response_model=SnapshotRead,
    status_code=status.HTTP_201_CREATED,
)
def save_version(
    session: SessionDep, project: ProjectResearcher, user: CurrentUser, data: SnapshotCreate
) -> SnapshotRead:
    """Save the current map (overall or one persona's) as a version that will not change."""
    return SnapshotRead.model_validate(
        service.save_snapshot(session, project=project, data=data, user_id=user.id)
    )


@router.get("/projects/{project_id}/journey/compare")
def compare(session: SessionDep, project: ProjectViewer, old: int, new: int | None = None) -> dict[str, Any]:
    """What changed between two saved versions (or from a version to the current map)."""
    return service.compare(session, project=project, old_id=old, new_id=new)


@router.get("/projects/{project_id}/forces")
def forces(session: SessionDep, project: ProjectViewer, persona_id: int | None = None) -> dict[str, Any]:
    """The four JTBD forces (push, pull, anxiety, habit) with counts and their strongest quotes."""
    return views.forces_data(session, project=project, persona_id=persona_id)


@router.get("/projects/{project_id}/forces/export")
def export_forces(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    project: ProjectViewer,
    format: ExportFormat,
    persona_id: int | None = None,
) -> Response:
    """Download the forces diagram as JSON, Markdown, CSV or PDF."""
    data = views.forces_data(session, project=project, persona_id=persona_id)
    record_export(
        session, actor=user, project_id=project.id, what="forces", fmt=format, persona_id=persona_id
    )
    return views.export_forces(request, data, project=project, fmt=format)
