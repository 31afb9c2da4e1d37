"""HTML pages for personas: the list, one canvas with its edit forms, and the picture upload."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.access import ProjectResearcher, ProjectViewer, role_in
from app.analysis.start import StartRun, optional_count
from app.deps import SessionDep
from app.personas import service, views
from app.personas.models import PersonaFieldEdit, PersonaRunCreate, Population
from app.security import CurrentUser
from app.web import templates

router = APIRouter(include_in_schema=False)


@router.get("/projects/{project_id}/personas", response_class=HTMLResponse)
def personas_page(
    request: Request, session: SessionDep, user: CurrentUser, project: ProjectViewer
) -> Response:
    """The project's personas as cards, and the form to (re)build them."""
    done, pending, personas = views.current(session, project=project)
    context = {
        "project": project,
        "role": role_in(session, user=user, project_id=project.id or 0),
        "run": done,
        "pending": pending,
        "personas": [views.full(session, persona=p) for p in personas],
    }
    return templates.TemplateResponse(request, "personas.html", context)


@router.post("/projects/{project_id}/personas/run")
def run_form(
    session: SessionDep,
    user: CurrentUser,
    project: ProjectResearcher,
    start: StartRun,
    k: Annotated[str, Form()] = "",
    population: Annotated[Population, Form()] = "all",
) -> Response:
    """Start a personas run; an empty number lets the data choose."""
    data = PersonaRunCreate(k=optional_count(k), population=population)
    start.after_commit(views.queue(session, project=project, data=data, user_id=user.id))
    return RedirectResponse(f"/projects/{project.id}/personas", status_code=303)


@router.get("/projects/{project_id}/personas/{persona_id}", response_class=HTMLResponse)
def persona_page(
    request: Request, session: SessionDep, user: CurrentUser, project: ProjectViewer, persona_id: int
) -> Response:
    """One persona canvas: 11 sections, each with its evidence."""
    persona = views.persona_in(session, project=project, persona_id=persona_id)
    context = {
        "project": project,
        "role": role_in(session, user=user, project_id=project.id or 0),
        "persona": views.full(session, persona=persona),
    }
    return templates.TemplateResponse(request, "persona.html", context)


@router.post("/projects/{project_id}/personas/{persona_id}/fields/{key}")
def edit_form(
    session: SessionDep,
    user: CurrentUser,
    project: ProjectResearcher,
    persona_id: int,
    key: str,
    action: Annotated[str, Form()],
    value: Annotated[str, Form()] = "",
    utterance_id: Annotated[int | None, Form()] = None,
) -> Response:
    """Edit a field: save a value, pin or remove a quote, or reset to the machine's version."""
    persona = views.persona_in(session, project=project, persona_id=persona_id)
    current = persona.edits.get(key, {})
    if action == "value":
        data = PersonaFieldEdit(value=value)
    elif action == "pin" and utterance_id is not None:
        data = PersonaFieldEdit(pinned=[*current.get("pinned", []), utterance_id][-5:])
    elif action == "remove" and utterance_id is not None:
        data = PersonaFieldEdit(
            removed=[*current.get("removed", []), utterance_id],
            pinned=[u for u in current.get("pinned", []) if u != utterance_id],
        )
    else:
        data = PersonaFieldEdit(reset=True)
    service.edit_field(session, persona=persona, key=key, data=data, user_email=user.email)
    return RedirectResponse(f"/projects/{project.id}/personas/{persona_id}#field-{key}", status_code=303)


@router.post("/projects/{project_id}/personas/{persona_id}/picture")
async def picture_form(
    session: SessionDep, project: ProjectResearcher, persona_id: int, file: UploadFile
) -> Response:
    """Upload a picture for the persona."""
    persona = views.persona_in(session, project=project, persona_id=persona_id)
    service.set_image(persona, content=await file.read(service.MAX_IMAGE_BYTES + 1), session=session)
    return RedirectResponse(f"/projects/{project.id}/personas/{persona_id}", status_code=303)
