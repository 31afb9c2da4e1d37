"""CSV downloads of coded sentences: every utterance of a project or of one source, with its codes."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from app.access import ProjectViewer, SourceViewer
from app.audit.service import record_export
from app.deps import SessionDep
from app.exports.render import csv_download, safe_filename
from app.security import CurrentUser
from app.sentences.service import COLUMNS, sentence_rows

router = APIRouter(prefix="/api", tags=["exports"])


@router.get("/projects/{project_id}/utterances.csv", response_class=Response)
def project_sentences(session: SessionDep, user: CurrentUser, project: ProjectViewer) -> Response:
    """Every utterance of the project with its codes as CSV, in reading order."""
    record_export(session, actor=user, project_id=project.id, what="sentences", fmt="csv")
    rows = sentence_rows(session, project_id=project.id or 0)
    return csv_download(rows, columns=COLUMNS, filename=f"{safe_filename(project.name)}-sentences.csv")


@router.get("/sources/{source_id}/utterances.csv", response_class=Response)
def source_sentences(session: SessionDep, user: CurrentUser, source: SourceViewer) -> Response:
    """Every utterance of one source with its codes as CSV, in reading order."""
    record_export(
        session, actor=user, project_id=source.project_id, what="sentences", fmt="csv", source_id=source.id
    )
    rows = sentence_rows(session, project_id=source.project_id, source_ids=[source.id or 0])
    name = safe_filename(source.filename.rsplit(".", 1)[0])
    return csv_download(rows, columns=COLUMNS, filename=f"{name}-sentences.csv")
