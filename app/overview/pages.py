"""HTML pages: your projects, and a project's overview (its sources with coding progress, participants)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.access import ProjectViewer, role_in
from app.coding.progress import coding_badges
from app.coding.service import substantive_counts
from app.coding.stale import stale_coding
from app.deps import SessionDep
from app.flash import forget_flash, read_flash
from app.overview.service import list_projects, summarize
from app.pagination import PageDep
from app.participants.service import count_participants, list_participants
from app.security import CurrentUser
from app.sources.service import list_sources, source_filenames
from app.web import templates
from nlp.frameworks import list_frameworks, load_framework

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def projects_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """Your projects, with a form to start one."""
    projects = list_projects(session, user=user)
    frameworks = [load_framework(fid) for fid in list_frameworks()]
    return templates.TemplateResponse(
        request, "projects.html", {"projects": projects, "frameworks": frameworks}
    )


@router.get("/projects/{project_id}", response_class=HTMLResponse)
def project_page(
    request: Request, session: SessionDep, user: CurrentUser, project: ProjectViewer, paging: PageDep
) -> Response:
    """A project's sources (a page of them), participants and search box."""
    project_id = project.id or 0
    sources = list_sources(session, project_id=project_id, offset=paging.offset, limit=paging.page_size)
    flashed = read_flash(request)  # what a source deleted just now took with it
    context = {
        "project": summarize(session, [project])[0],
        "role": role_in(session, user=user, project_id=project_id),
        "sources": sources,
        "paging": paging,
        # The earlier source a row repeats may sit on another page.
        "earlier_names": source_filenames(
            session, ids=[s.duplicate_of_id for s in sources if s.duplicate_of_id]
        ),
        "coding_badges": coding_badges(session, source_ids=[s.id or 0 for s in sources]),
        "participants": list_participants(session, project_id=project_id, limit=12),
        "participant_total": count_participants(session, project_id=project_id),
        "substantive": substantive_counts(session, project_id=project_id),
        "stale": stale_coding(session, project_id=project_id),
        "deleted": flashed.get("deleted") if isinstance(flashed, dict) else None,
    }
    response = templates.TemplateResponse(request, "project.html", context)
    return forget_flash(response, path=f"/projects/{project_id}") if flashed is not None else response
