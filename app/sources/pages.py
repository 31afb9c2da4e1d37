"""HTML pages: upload with per-file results, speaker roles, delete (the coded source: app/coding/pages.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.access import ProjectResearcher, SourceOwner, SourceResearcher
from app.deps import QueueCodingDep, SessionDep
from app.errors import AppError
from app.flash import forget_flash, read_flash, redirect_with_flash
from app.security import CurrentUser
from app.sources import service
from app.sources.deletion_note import deletion_note
from app.sources.models import SpeakerUpdate
from app.sources.upload_results import failed_result, fit_results, imported_result
from app.sources.uploads import ImportFormDep, import_upload
from app.web import templates
from nlp.types import SpeakerRole

router = APIRouter(include_in_schema=False)


@router.get("/projects/{project_id}/upload", response_class=HTMLResponse)
def upload_page(request: Request, project: ProjectResearcher) -> Response:
    """The upload form."""
    limit = request.app.state.settings.max_upload_mb
    flashed = read_flash(request)
    results = flashed if isinstance(flashed, list) else []
    response = templates.TemplateResponse(
        request, "upload.html", {"project": project, "results": results, "limit": limit}
    )
    return forget_flash(response, path=_upload_path(project.id)) if flashed is not None else response


def _upload_path(project_id: int | None) -> str:
    return f"/projects/{project_id}/upload"


@router.post("/projects/{project_id}/upload", response_class=HTMLResponse)
def upload_files(
    request: Request,
    session: SessionDep,
    queue_coding: QueueCodingDep,
    user: CurrentUser,
    project: ProjectResearcher,
    form: ImportFormDep,
    files: Annotated[list[UploadFile], File()],
) -> Response:
    """Import each file on its own: one bad file does not stop the others."""
    results = []
    for upload in files:
        name = upload.filename or "upload"
        try:
            imported = import_upload(request, session, project=project, upload=upload, form=form, actor=user)
            results.append(imported_result(name, imported))
            queue_coding(session, imported.source.id)
        except AppError as err:
            results.append(failed_result(name, err))
    path = _upload_path(project.id)
    return redirect_with_flash(request, path, fit_results(results), path=path)


@router.post("/sources/{source_id}/speakers/{speaker_id}")
def change_speaker_role(
    session: SessionDep, source: SourceResearcher, speaker_id: int, role: Annotated[SpeakerRole, Form()]
) -> Response:
    """Override one speaker's role from the transcript page."""
    service.update_speaker(
        session, source_id=source.id or 0, speaker_id=speaker_id, data=SpeakerUpdate(role=role)
    )
    return RedirectResponse(f"/sources/{source.id}", status_code=303)


@router.post("/sources/{source_id}/delete")
def delete_source_form(
    request: Request, session: SessionDep, user: CurrentUser, source: SourceOwner
) -> Response:
    """Delete a source and go back to its project, which says what went with it."""
    note = deletion_note(source, service.delete_source(session, source_id=source.id or 0, actor=user))
    path = f"/projects/{source.project_id}"
    return redirect_with_flash(request, path, {"deleted": note}, path=path)
