"""HTML pages: erase a participant, then see what was removed."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.access import ParticipantOwner, ProjectOwner
from app.deps import SessionDep
from app.erasure.service import ErasureReport, erase_participant
from app.flash import forget_flash, read_flash, redirect_with_flash
from app.security import CurrentUser
from app.web import templates

router = APIRouter(include_in_schema=False)


@router.post("/participants/{participant_id}/erase")
def erase_form(
    request: Request, session: SessionDep, user: CurrentUser, participant: ParticipantOwner
) -> Response:
    """Erase a participant, then show what was removed (after a redirect: a reload erases nothing)."""
    report = erase_participant(session, participant=participant, actor=user)
    path = f"/projects/{participant.project_id}/erased"
    return redirect_with_flash(request, path, report.model_dump(mode="json"), path=path)


@router.get("/projects/{project_id}/erased", response_class=HTMLResponse)
def erased_page(request: Request, project: ProjectOwner) -> Response:
    """What the last erasure removed, shown once; afterwards the audit log keeps the record."""
    flashed = read_flash(request)
    if not isinstance(flashed, dict):
        return RedirectResponse(f"/projects/{project.id}/audit", status_code=303)
    report = ErasureReport.model_validate(flashed)
    response = templates.TemplateResponse(request, "erased.html", {"project": project, "report": report})
    return forget_flash(response, path=f"/projects/{project.id}/erased")
