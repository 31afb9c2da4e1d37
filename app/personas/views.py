"""What persona pages, the API and exports show."""

from __future__ import annotations

import hashlib
from html import escape
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from app.analysis.jobs import queue_analysis, shown_and_pending
from app.analysis.models import AnalysisKind, AnalysisRun, AnalysisRunRead
from app.errors import NotFound
from app.exports.render import ExportFormat, export
from app.personas import service
from app.personas.models import Persona, PersonaRunCreate
from app.projects.models import Project
from app.quotes import attribute_quotes
from nlp.aggregate.quotes import shown_text

CSV_COLUMNS = (
    "persona",
    "field",
    "value",
    "participants",
    "utterances",
    "edited",
    "low_support",
    "quote",
    "utterance_id",
)
PALETTE = ("#2f6f73", "#7a4e9c", "#b5542c", "#3b6db3", "#5d7d2b", "#a23b63", "#6b5b3e", "#1f7a5a")


def queue(session: Session, *, project: Project, data: PersonaRunCreate, user_id: int | None) -> AnalysisRun:
    settings = {"max_k": data.max_k, "population": data.population, **({"k": data.k} if data.k else {})}
    return queue_analysis(
        session, project_id=project.id or 0, kind=AnalysisKind.PERSONAS, settings=settings, user_id=user_id
    )


def current(
    session: Session, *, project: Project
) -> tuple[AnalysisRun | None, AnalysisRunRead | None, list[Persona]]:
    """(run shown, newer run still going or failed, its personas)."""
    done, pending = shown_and_pending(session, project_id=project.id or 0, kind=AnalysisKind.PERSONAS)
    return done, pending, service.run_personas(session, run_id=done.id or 0) if done else []


def persona_in(session: Session, *, project: Project, persona_id: int) -> Persona:
    persona = service.get_persona(session, persona_id=persona_id)
    if persona.project_id != project.id:
        raise NotFound(f"Persona {persona_id} does not exist in this project.")
    return persona


def full(session: Session, *, persona: Persona) -> dict[str, Any]:
    shown = service.view(session, persona=persona)
    shown["members"] = [
        {"id": p.id, "name": p.display_name, "job_title": p.job_title, "company": p.company}
        for p in service.members(session, persona=persona)
    ]
    return attribute_quotes(session, shown)


def avatar_svg(persona: Persona) -> str:
    """A generated picture: the persona's initials on a colour picked from its name."""
    colour = PALETTE[int(hashlib.sha1(persona.name.encode()).hexdigest(), 16) % len(PALETTE)]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160" role="img" '
        f'aria-label="Generated avatar {escape(persona.initials)}"><rect width="160" height="160" rx="80" '
        f'fill="{colour}"/><text x="80" y="96" font-family="Helvetica, Arial, sans-serif" font-size="56" '
        f'fill="#fff" text-anchor="middle">{escape(persona.initials)}</text></svg>'
    )


def picture(persona: Persona) -> Response:
    if persona.image is not None:
        return Response(persona.image, media_type=persona.image_type or "application/octet-stream")
    return Response(avatar_svg(persona), media_type="image/svg+xml")


def rows_of(shown: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "persona": shown["name"],
            "field": f["title"],
            "value": f["value"] or f.get("empty") or "",
            "participants": f["participants"],
            "utterances": f["utterances"],
            "edited": f["edited"],
            "low_support": bool(f.get("low_support")) and not f["edited"],
            "quote": shown_text(q["text"], q.get("before")) if q else "",
            "utterance_id": q["utterance_id"] if q else "",
        }
        for f in shown["fields"]
        for q in (f["quotes"] or [None])
    ]


def export_personas(
    request: Request,
    session: Session,
    *,
    project: Project,
    personas: list[Persona],
    fmt: ExportFormat,
    name: str,
) -> Response:
    shown = [full(session, persona=p) for p in personas]
    for item, persona in zip(shown, personas, strict=True):
        item["avatar_svg"] = avatar_svg(persona) if persona.image is None else None
    data = {"project": project.name, "personas": shown}
    rows = [row for item in shown for row in rows_of(item)]
    return export(
        request,
        fmt=fmt,
        name=name,
        data=data,
        template="personas",
        context={"project": project, "personas": shown},
        rows=rows,
        columns=CSV_COLUMNS,
    )
