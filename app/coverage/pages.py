"""HTML pages for guide coverage: per question asked and answered; choosing an upload's guide."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.access import SourceResearcher, SourceViewer, role_in
from app.coverage import service
from app.coverage.deps import EncoderDep
from app.coverage.models import SourceGuide
from app.deps import QueueCodingDep, SessionDep
from app.errors import AppError
from app.frameworks.service import stage_names
from app.guides.service import list_project_guides, list_templates, resolve_version
from app.projects.service import get_project
from app.security import CurrentUser
from app.web import templates

router = APIRouter(include_in_schema=False)


@router.get("/sources/{source_id}/coverage", response_class=HTMLResponse)
def coverage_page(request: Request, session: SessionDep, user: CurrentUser, source: SourceViewer) -> Response:
    """Which guide questions the interview asked and answered; for uploads, a form to choose the guide."""
    linked = session.get(SourceGuide, source.id) is not None
    report = service.source_coverage(session, source=source) if linked else None
    ids = (
        [i for q in report.questions for i in q.asked_utterance_ids + q.answer_utterance_ids]
        if report
        else []
    )
    project = get_project(session, source.project_id)
    context = {
        "project": project,
        "stage_names": stage_names(session, project_id=source.project_id, framework_id=project.framework),
        "source": source,
        "role": role_in(session, user=user, project_id=source.project_id),
        "report": report,
        "said": service.utterance_texts(session, ids=ids),
        "guides": list_project_guides(session, project_id=source.project_id),
        "templates_": list_templates(),
        "error": request.query_params.get("error"),
    }
    return templates.TemplateResponse(request, "coverage.html", context)


@router.post("/sources/{source_id}/guide")
def match_form(
    session: SessionDep,
    queue_coding: QueueCodingDep,
    user: CurrentUser,
    source: SourceResearcher,
    encoder: EncoderDep,
    guide: Annotated[str, Form()] = "",
) -> Response:
    """Match the transcript to the chosen guide, re-code it with the guide's stages, show coverage."""
    kind, _, ref = guide.partition(":")
    try:
        with session.begin_nested():
            version = resolve_version(
                session,
                project_id=source.project_id,
                user=user,
                guide_id=int(ref) if kind == "guide" and ref.isdigit() else None,
                template_id=ref if kind == "template" and ref else None,
            )
            service.match_source(session, source=source, version=version, encoder=encoder)
    except AppError as err:
        return RedirectResponse(f"/sources/{source.id}/coverage?error={quote(err.message)}", status_code=303)
    queue_coding(session, source.id or 0)
    return RedirectResponse(f"/sources/{source.id}/coverage", status_code=303)
