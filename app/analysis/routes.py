"""JSON API for analysis runs (themes, personas): progress and errors."""

from __future__ import annotations

from fastapi import APIRouter

from app.access import ProjectViewer
from app.analysis.jobs import get_run
from app.analysis.models import AnalysisRunRead
from app.analysis.waiting import run_read
from app.deps import SessionDep
from app.errors import NotFound

router = APIRouter(prefix="/api", tags=["analysis"])


@router.get("/projects/{project_id}/analyses/{run_id}", response_model=AnalysisRunRead)
def run_status(session: SessionDep, project: ProjectViewer, run_id: int) -> AnalysisRunRead:
    """One themes or personas run: status, message and any error."""
    run = get_run(session, run_id=run_id)
    if run.project_id != project.id:
        raise NotFound(f"Analysis run {run_id} does not exist in this project.")
    return run_read(session, run)
