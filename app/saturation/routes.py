"""JSON API for saturation."""

from __future__ import annotations

from fastapi import APIRouter

from app.access import ProjectViewer
from app.deps import SessionDep
from app.saturation.models import SaturationRead
from app.saturation.service import project_saturation

router = APIRouter(prefix="/api/projects/{project_id}", tags=["saturation"])


@router.get("/saturation", response_model=SaturationRead)
def saturation(session: SessionDep, project: ProjectViewer) -> SaturationRead:
    """New code labels and themes per added interview (upload order), overall and per persona."""
    return project_saturation(session, project_id=project.id or 0)
