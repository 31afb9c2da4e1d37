"""HTML pages: a project's participants and one participant with what they said."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.access import ParticipantViewer, ProjectViewer, role_in
from app.deps import SessionDep
from app.pagination import PageDep
from app.participants import service
from app.projects.service import get_project
from app.security import CurrentUser
from app.utterances.service import UtteranceFilter, list_utterances
from app.web import templates

router = APIRouter(include_in_schema=False)


@router.get("/projects/{project_id}/participants", response_class=HTMLResponse)
def participants_page(
    request: Request, session: SessionDep, project: ProjectViewer, paging: PageDep
) -> Response:
    """All participants of a project, paginated."""
    project_id = project.id or 0
    participants = service.list_participants(
        session, project_id=project_id, offset=paging.offset, limit=paging.page_size
    )
    total = service.count_participants(session, project_id=project_id)
    context = {"project": project, "participants": participants, "total": total, "paging": paging}
    return templates.TemplateResponse(request, "participants.html", context)


@router.get("/participants/{participant_id}", response_class=HTMLResponse)
def participant_page(
    request: Request, session: SessionDep, user: CurrentUser, participant: ParticipantViewer, paging: PageDep
) -> Response:
    """Who a participant is and everything they said."""
    project = get_project(session, participant.project_id)
    said = list_utterances(
        session,
        project_id=project.id or 0,
        filters=UtteranceFilter(participant_id=participant.id),
        page=paging.page,
        page_size=paging.page_size,
    )
    context = {
        "project": project,
        "participant": participant,
        "said": said,
        "role": role_in(session, user=user, project_id=project.id or 0),
    }
    return templates.TemplateResponse(request, "participant.html", context)
