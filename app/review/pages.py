"""Review mode pages: the keyboard-first queue per project and per source, and the bulk-accept form."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.access import ProjectResearcher, SourceResearcher
from app.deps import SessionDep
from app.frameworks.service import stage_names
from app.projects.models import Project
from app.projects.service import get_project
from app.review import service
from app.review.labels import REVIEW_KINDS
from app.review.models import QueueFilter
from app.review.queue import queue_page
from app.security import CurrentUser
from app.web import templates

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 200


def _context(session: SessionDep, project: Project, wanted: QueueFilter) -> dict[str, Any]:
    project_id = project.id or 0
    items, total = queue_page(session, project_id=project_id, wanted=wanted, limit=PAGE_SIZE)
    names = stage_names(session, project_id=project_id, framework_id=project.framework)
    return {"items": items, "total": total, "wanted": wanted, "kinds": REVIEW_KINDS, "stage_names": names}


@router.get("/projects/{project_id}/review", response_class=HTMLResponse)
def project_review(
    request: Request, session: SessionDep, project: ProjectResearcher, wanted: Annotated[QueueFilter, Query()]
) -> Response:
    """Review the project's machine codes by keyboard, least certain first."""
    context = {"project": project, "source": None, **_context(session, project, wanted)}
    return templates.TemplateResponse(request, "review.html", context)


@router.get("/sources/{source_id}/review", response_class=HTMLResponse)
def source_review(
    request: Request, session: SessionDep, source: SourceResearcher, wanted: Annotated[QueueFilter, Query()]
) -> Response:
    """Review one transcript's or survey's machine codes by keyboard, least certain first."""
    wanted = wanted.model_copy(update={"source_id": source.id})
    project = get_project(session, source.project_id)
    context = {"project": project, "source": source, **_context(session, project, wanted)}
    return templates.TemplateResponse(request, "review.html", context)


@router.post("/projects/{project_id}/review/bulk-accept")
def bulk_accept_form(
    session: SessionDep, user: CurrentUser, project: ProjectResearcher, wanted: Annotated[QueueFilter, Form()]
) -> Response:
    """Accept every undecided code in the filtered set, then show the queue again."""
    service.bulk_accept(session, project_id=project.id or 0, user=user, wanted=wanted)
    back = f"/sources/{wanted.source_id}/review" if wanted.source_id else f"/projects/{project.id}/review"
    return RedirectResponse(back, status_code=303)
