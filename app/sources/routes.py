"""JSON API for sources: upload, list, read, original file, speakers, questions, delete, rosters."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request, UploadFile, status
from fastapi.responses import Response

from app.access import ProjectResearcher, ProjectViewer, SourceOwner, SourceResearcher, SourceViewer
from app.audit.service import record_export
from app.deps import QueueCodingDep, SessionDep
from app.exports.filenames import content_disposition
from app.exports.render import csv_download
from app.pagination import PageDep
from app.security import CurrentUser
from app.sources import service
from app.sources.closed import DISTRIBUTION_COLUMNS, closed_questions, distribution_rows
from app.sources.models import (
    ClosedQuestionRead,
    ImportResult,
    SourcePage,
    SourceRead,
    SpeakerRead,
    SpeakerUpdate,
    SurveyQuestionRead,
)
from app.sources.roster import RosterResult, apply_roster
from app.sources.uploads import ImportFormDep, import_upload

router = APIRouter(prefix="/api", tags=["sources"])


@router.post(
    "/projects/{project_id}/sources",
    response_model=ImportResult,
    status_code=status.HTTP_201_CREATED,
    responses={400: {}, 409: {}, 413: {}, 415: {}},
)
def upload_source(
    request: Request,
    session: SessionDep,
    queue_coding: QueueCodingDep,
    user: CurrentUser,
    project: ProjectResearcher,
    file: UploadFile,
    form: ImportFormDep,
) -> ImportResult:
    """Import one transcript or survey export and queue it for coding; returns counts and warnings."""
    # A `def` route: reading and parsing run in the threadpool, never on the event loop.
    result = import_upload(request, session, project=project, upload=file, form=form, actor=user)
    queue_coding(session, result.source.id)
    return result


@router.get("/projects/{project_id}/sources", response_model=SourcePage)
def list_sources(session: SessionDep, project: ProjectViewer, paging: PageDep) -> SourcePage:
    """A page of a project's sources in import order, and the total."""
    return service.source_page(
        session, project_id=project.id or 0, page=paging.page, page_size=paging.page_size
    )


@router.get("/sources/{source_id}", response_model=SourceRead)
def get_source(source: SourceViewer) -> SourceRead:
    """Read one source."""
    return SourceRead.model_validate(source)


@router.get("/sources/{source_id}/file", response_class=Response)
def download_original(session: SessionDep, user: CurrentUser, source: SourceViewer) -> Response:
    """Download the original file, byte for byte (when the project keeps originals)."""
    content = service.original_bytes(session, source=source)
    record_export(
        session, actor=user, project_id=source.project_id, what="source", fmt="original", source_id=source.id
    )
    return Response(
        content,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": content_disposition(source.filename),
            "X-Content-SHA256": source.sha256,
        },
    )


@router.get("/sources/{source_id}/speakers", response_model=list[SpeakerRead])
def list_speakers(session: SessionDep, source: SourceViewer) -> list[SpeakerRead]:
    """List an interview's speakers with their inferred or overridden roles."""
    return [SpeakerRead.model_validate(s) for s in service.list_speakers(session, source_id=source.id or 0)]


@router.patch("/sources/{source_id}/speakers/{speaker_id}", response_model=SpeakerRead)
def update_speaker(
    session: SessionDep, source: SourceResearcher, speaker_id: int, data: SpeakerUpdate
) -> SpeakerRead:
    """Override a speaker's role or participant; their utterances follow."""
    speaker = service.update_speaker(session, source_id=source.id or 0, speaker_id=speaker_id, data=data)
    return SpeakerRead.model_validate(speaker)


@router.get("/sources/{source_id}/questions", response_model=list[SurveyQuestionRead])
def list_questions(session: SessionDep, source: SourceViewer) -> list[SurveyQuestionRead]:
    """List a survey's open questions with answer counts."""
    return service.list_questions(session, source_id=source.id or 0)


@router.get("/sources/{source_id}/closed-questions", response_model=list[ClosedQuestionRead])
def list_closed_questions(session: SessionDep, source: SourceViewer) -> list[ClosedQuestionRead]:
    """List a survey's closed questions with counts per option, blanks and, for 0-10 recommend, NPS."""
    return closed_questions(session, source=source)


@router.get("/sources/{source_id}/closed-questions.csv", response_class=Response)
def export_closed_questions(session: SessionDep, user: CurrentUser, source: SourceViewer) -> Response:
    """Download a survey's closed-question distributions as CSV (one row per option, blanks last)."""
    record_export(
        session,
        actor=user,
        project_id=source.project_id,
        what="source",
        fmt="csv",
        source_id=source.id,
        part="closed-questions",
    )
    rows = distribution_rows(closed_questions(session, source=source))
    return csv_download(
        rows, columns=DISTRIBUTION_COLUMNS, filename=f"{Path(source.filename).stem}-closed-questions.csv"
    )


@router.delete("/sources/{source_id}")
def delete_source(session: SessionDep, user: CurrentUser, source: SourceOwner) -> dict[str, int]:
    """Delete a source with its utterances, speakers, questions and the participants only it created."""
    return service.delete_source(session, source_id=source.id or 0, actor=user)


@router.post("/projects/{project_id}/participants/roster", response_model=RosterResult)
async def upload_roster(session: SessionDep, project: ProjectResearcher, file: UploadFile) -> RosterResult:
    """Apply a roster CSV (name, job_title, company, ..., speaker_label, source_file)."""
    data = await file.read()
    return apply_roster(
        session, project_id=project.id or 0, filename=file.filename or "roster.csv", data=data
    )
