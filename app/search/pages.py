"""HTML page: full-text search over a project's utterances."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.access import ProjectViewer
from app.deps import SessionDep
from app.pagination import PageDep
from app.search.service import search_utterances
from app.web import templates

router = APIRouter(include_in_schema=False)


@router.get("/projects/{project_id}/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    session: SessionDep,
    project: ProjectViewer,
    paging: PageDep,
    q: str = "",
    role: str = "",
    substantive: bool = False,
) -> Response:
    """Search what participants said; results link to their place in the transcript."""
    results = search_utterances(
        session,
        project_id=project.id or 0,
        query=q[:500],
        page=paging.page,
        page_size=paging.page_size,
        speaker_role=role if role in ("interviewer", "respondent") else None,
        substantive_only=substantive,
    )
    return templates.TemplateResponse(
        request,
        "search.html",
        {"project": project, "results": results, "q": q, "role": role, "substantive": substantive},
    )
