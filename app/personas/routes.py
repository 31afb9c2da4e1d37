"""JSON API for personas: run the grouping, read canvases, edit fields, pictures, export."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, UploadFile, status
from fastapi.responses import Response

from app.access import ProjectResearcher, ProjectViewer
from app.analysis.models import AnalysisRunRead
from app.analysis.start import StartRun
from app.audit.service import record_export
from app.deps import SessionDep
from app.exports.render import ExportFormat
from app.personas import service, views
from app.personas.models import PersonaFieldEdit, PersonaRunCreate
from app.security import CurrentUser

router = APIRouter(prefix="/api", tags=["personas"])


@router.post(
    "/projects/{project_id}/personas/runs",
    response_model=AnalysisRunRead,
    status_code=status.HTTP_202_ACCEPTED,
)
def start_run(
    session: SessionDep,
    project: ProjectResearcher,
    user: CurrentUser,
    data: PersonaRunCreate,
    start: StartRun,
) -> AnalysisRunRead:
    """Group participants into personas in the background (k chosen from the data unless given)."""
    run = start.after_commit(views.queue(session, project=project, data=data, user_id=user.id))
    return AnalysisRunRead.model_validate(run)


@router.get("/projects/{project_id}/personas")
def list_personas(session: SessionDep, project: ProjectViewer) -> dict[str, Any]:
    """The latest personas with their canvases, and the run that made them."""
    done, pending, personas = views.current(session, project=project)
    return {
        "run": AnalysisRunRead.model_validate(done) if done else None,
        "pending": AnalysisRunRead.model_validate(pending) if pending else None,
        "personas": [views.full(session, persona=p) for p in personas],
    }


@router.get("/projects/{project_id}/personas/export")
def export_all(
    request: Request, session: SessionDep, user: CurrentUser, project: ProjectViewer, format: ExportFormat
) -> Response:
    """Download every persona canvas as JSON, Markdown, CSV or PDF."""
    record_export(session, actor=user, project_id=project.id, what="personas", fmt=format)
    _, _, personas = views.current(session, project=project)
    return views.export_personas(
        request, session, project=project, personas=personas, fmt=format, name=f"{project.name}-personas"
    )


@router.get("/projects/{project_id}/personas/{persona_id}")
def get_persona(session: SessionDep, project: ProjectViewer, persona_id: int) -> dict[str, Any]:
    """One persona's canvas: every field with its value, counts and quotes, and its members."""
    return views.full(session, persona=views.persona_in(session, project=project, persona_id=persona_id))


@router.get("/projects/{project_id}/personas/{persona_id}/export")
def export_one(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    project: ProjectViewer,
    persona_id: int,
    format: ExportFormat,
) -> Response:
    """Download one persona canvas as JSON, Markdown, CSV or PDF."""
    persona = views.persona_in(session, project=project, persona_id=persona_id)
    record_export(
        session, actor=user, project_id=project.id, what="personas", fmt=format, persona_id=persona.id
    )
    return views.export_personas(
        request, session, project=project, personas=[persona], fmt=format, name=f"persona-{persona.name}"
    )


@router.patch("/projects/{project_id}/personas/{persona_id}/fields/{key}")
def edit_field(
    session: SessionDep,
    project: ProjectResearcher,
    user: CurrentUser,
    persona_id: int,
    key: str,
    data: PersonaFieldEdit,
) -> dict[str, Any]:
    """Change a field's value, pin or remove quotes, or reset it to the machine's; marked as yours."""
    persona = views.persona_in(session, project=project, persona_id=persona_id)
    service.edit_field(session, persona=persona, key=key, data=data, user_email=user.email)
    return views.full(session, persona=persona)


@router.get("/projects/{project_id}/personas/{persona_id}/picture")
def picture(session: SessionDep, project: ProjectViewer, persona_id: int) -> Response:
    """The uploaded picture, or a generated initials avatar (SVG)."""
    return views.picture(views.persona_in(session, project=project, persona_id=persona_id))


@router.put("/projects/{project_id}/personas/{persona_id}/picture", status_code=status.HTTP_204_NO_CONTENT)
async def upload_picture(
    session: SessionDep, project: ProjectResearcher, persona_id: int, file: UploadFile
) -> None:
    """Upload a PNG or JPEG picture (at most 2 MB) for the persona."""
    persona = views.persona_in(session, project=project, persona_id=persona_id)
    service.set_image(persona, content=await file.read(service.MAX_IMAGE_BYTES + 1), session=session)
