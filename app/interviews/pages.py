"""HTML pages for live interviews: the list with a start form, the live page, finish, highlights."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, BackgroundTasks, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.access import ProjectResearcher, ProjectViewer, role_in
from app.coding.queue import queue_after_commit
from app.deps import SessionDep
from app.errors import AppError, EmptyInterview
from app.flash import forget_flash, read_flash, redirect_with_flash
from app.frameworks.service import stage_names
from app.guides.service import list_project_guides, list_templates
from app.interviews import service
from app.interviews.access import InterviewResearcher, InterviewViewer
from app.interviews.finish import finish_interview
from app.interviews.highlights import list_highlights
from app.interviews.models import InterviewStart, InterviewStatus
from app.pagination import PageDep
from app.participants.service import list_participants
from app.projects.service import get_project
from app.security import CurrentUser
from app.web import templates

router = APIRouter(include_in_schema=False)


@router.get("/projects/{project_id}/interviews", response_class=HTMLResponse)
def interviews_page(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    project: ProjectViewer,
    paging: PageDep,
    guide_id: int | None = None,
    template_id: str | None = None,
) -> Response:
    """Live interviews of the project (drafts to resume, finished ones), and a form to start one."""
    project_id = project.id or 0
    guides, built_in = list_project_guides(session, project_id=project_id), list_templates()
    default = service.default_guide(project, guides=guides, templates=built_in)
    context = {
        "project": project,
        "role": role_in(session, user=user, project_id=project_id),
        "interviews": service.list_interviews(
            session, project_id=project_id, status=None, page=paging.page, page_size=paging.page_size
        ),
        "participants": list_participants(session, project_id=project_id, limit=1000),
        "guides": guides,
        "templates_": built_in,
        "chosen": f"guide:{guide_id}" if guide_id else f"template:{template_id}" if template_id else default,
        "error": request.query_params.get("error"),
    }
    return templates.TemplateResponse(request, "interviews.html", context)


@router.post("/projects/{project_id}/interviews")
def start_form(
    session: SessionDep,
    user: CurrentUser,
    project: ProjectResearcher,
    guide: Annotated[str, Form()] = "",
    participant_id: Annotated[int | None, Form()] = None,
    participant_name: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
) -> Response:
    """Start an interview from the form and open the live page."""
    kind, _, ref = guide.partition(":")
    data = InterviewStart(
        participant_id=participant_id,
        participant_name=participant_name.strip() or None,
        guide_id=int(ref) if kind == "guide" and ref.isdigit() else None,
        template_id=ref if kind == "template" and ref else None,
        title=title.strip() or None,
    )
    try:
        with session.begin_nested():
            interview = service.start_interview(session, project=project, user=user, data=data)
    except AppError as err:
        # Back to the form with the reason (a redirect, so a reload does not post the form again).
        return RedirectResponse(
            f"/projects/{project.id}/interviews?error={quote(err.message)}", status_code=303
        )
    return RedirectResponse(f"/interviews/{interview.id}", status_code=303)


@router.get("/interviews/{interview_id}", response_class=HTMLResponse)
def live_page(
    request: Request, session: SessionDep, user: CurrentUser, interview: InterviewViewer
) -> Response:
    """The live interview: step through the guide, type answers and notes, mark quotes; autosaves."""
    role = role_in(session, user=user, project_id=interview.project_id)
    state = service.state(session, interview)
    project = get_project(session, interview.project_id)
    flashed = read_flash(request)  # why a finish just now was refused
    context = {
        "project": project,
        "stage_names": stage_names(session, project_id=interview.project_id, framework_id=project.framework),
        "role": role,
        "state": state,
        "editable": state.status == InterviewStatus.DRAFT and role in ("owner", "researcher"),
        "error": flashed.get("error") if isinstance(flashed, dict) else None,
    }
    response = templates.TemplateResponse(request, "live.html", context)
    return forget_flash(response, path=f"/interviews/{interview.id}") if flashed is not None else response


@router.post("/interviews/{interview_id}/finish")
def finish_form(
    request: Request,
    tasks: BackgroundTasks,
    session: SessionDep,
    user: CurrentUser,
    interview: InterviewResearcher,
) -> Response:
    """Finish from the live page: store the source, queue it for coding, open it."""
    try:
        done = finish_interview(session, interview=interview, user=user)
    except EmptyInterview as err:
        # Back to the draft with what to do (a flash, so a reload neither posts again nor repeats it).
        path = f"/interviews/{interview.id}"
        return redirect_with_flash(request, path, {"error": err.message}, path=path)
    queue_after_commit(request, tasks, session, source_id=done.source_id)
    return RedirectResponse(f"/sources/{done.source_id}", status_code=303)


@router.post("/interviews/{interview_id}/discard")
def discard_form(session: SessionDep, user: CurrentUser, interview: InterviewResearcher) -> Response:
    """Discard a draft and go back to the project's interviews."""
    project_id = interview.project_id
    service.discard(session, interview=interview, user=user)
    return RedirectResponse(f"/projects/{project_id}/interviews", status_code=303)


@router.get("/projects/{project_id}/highlights", response_class=HTMLResponse)
def highlights_page(
    request: Request, session: SessionDep, project: ProjectViewer, paging: PageDep
) -> Response:
    """Quotes marked in live interviews, each linked to where it was said."""
    found = list_highlights(session, project_id=project.id or 0, page=paging.page, page_size=paging.page_size)
    return templates.TemplateResponse(request, "highlights.html", {"project": project, "highlights": found})
