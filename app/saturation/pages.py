"""The saturation page: one inline SVG curve per series, with the stopping signal."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.access import ProjectViewer
from app.deps import SessionDep
from app.saturation.service import project_saturation
from app.saturation.views import chart
from app.web import templates

router = APIRouter(include_in_schema=False)


@router.get("/projects/{project_id}/saturation", response_class=HTMLResponse)
def saturation_page(request: Request, session: SessionDep, project: ProjectViewer) -> Response:
    """New code labels and themes per added interview, overall and per persona, and when to stop."""
    found = project_saturation(session, project_id=project.id or 0)
    curves = [(curve, chart(curve)) for curve in found.curves]
    return templates.TemplateResponse(
        request, "saturation.html", {"project": project, "found": found, "curves": curves}
    )
