"""HTML pages: upload with per-file results, transcript view, survey view, speaker roles, delete."""

from __future__ import annotations

from itertools import groupby
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from app.access import ProjectResearcher, SourceOwner, SourceResearcher, SourceViewer, role_in
from app.accounts.models import User
from app.coding.content import CONTENT_KIND
from app.coding.models import ResearcherCodeCreate
from app.coding.queue import queue_after_commit
from app.coding.service import add_researcher_code
from app.coding.view import CONTENT_CHOICES, CodeFilter, coding_view
from app.coverage.service import links_by_utterance
from app.deps import SessionDep
from app.errors import AppError
from app.flash import forget_flash, read_flash, redirect_with_flash
from app.pagination import PageDep
from app.projects.service import get_project
from app.security import CurrentUser
from app.sources import service
from app.sources.models import Source, SourceKind, SpeakerUpdate
from app.sources.upload_results import failed_result, fit_results, imported_result
from app.sources.uploads import ImportFormDep, import_upload
from app.utterances.service import page_of, source_utterance, source_utterances
from app.web import templates
from nlp.types import SpeakerRole

router = APIRouter(include_in_schema=False)
ContentQuery = Annotated[str | None, Query(pattern=f"^({'|'.join(CONTENT_CHOICES)})?$")]


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
    tasks: BackgroundTasks,
    session: SessionDep,
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
            queue_after_commit(request, tasks, session, source_id=imported.source.id)
        except AppError as err:
            results.append(failed_result(name, err))
    path = _upload_path(project.id)
    return redirect_with_flash(request, path, fit_results(results), path=path)


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    source: SourceViewer,
    paging: PageDep,
    question: int | None = None,
    emotion: str | None = None,
    stage: str | None = None,
    force: str | None = None,
    pain: str | None = None,
    content: ContentQuery = None,
) -> Response:
    """An interview as a transcript, or a survey question by question, with codes and filters."""
    wanted = CodeFilter(
        emotion=emotion or None, stage=stage or None, force=force or None, pain=pain or None, content=content
    )
    source_id = source.id or 0
    project = get_project(session, source.project_id)
    if source.kind == SourceKind.SURVEY:
        return _survey_page(
            request, session, source=source, question=question, paging=paging, content=content, user=user
        )
    utterances = source_utterances(session, source_id=source_id)
    view = coding_view(session, source_id=source_id, wanted=wanted, utterances=utterances)
    turns = [list(group) for _, group in groupby(utterances, key=lambda u: u.turn)]
    if wanted.active:
        turns = [turn for turn in turns if any(u.id in view.hits for u in turn)]
    context = {
        "project": project,
        "source": source,
        "turns": turns,
        "speakers": service.list_speakers(session, source_id=source_id),
        "role": role_in(session, user=user, project_id=source.project_id),
        "coding": view,
        "wanted": wanted,
        "guide_links": links_by_utterance(session, source_id=source_id),
        "content_choices": CONTENT_CHOICES,
    }
    return templates.TemplateResponse(request, "transcript.html", context)


def _survey_page(
    request: Request,
    session: Session,
    *,
    source: Source,
    question: int | None,
    paging: PageDep,
    content: str | None,
    user: User,
) -> Response:
    source_id = source.id or 0
    questions = service.list_questions(session, source_id=source_id)
    selected = next((q for q in questions if q.id == question), questions[0] if questions else None)
    utterances = source_utterances(session, source_id=source_id)
    wanted = CodeFilter(content=content or None)
    view = coding_view(session, source_id=source_id, wanted=wanted, utterances=utterances)
    answers = None
    if selected is not None:
        shown = [u for u in utterances if u.question_id == selected.id and (not content or u.id in view.hits)]
        answers = page_of(shown, page=paging.page, page_size=paging.page_size)
    context = {
        "project": get_project(session, source.project_id),
        "source": source,
        "role": role_in(session, user=user, project_id=source.project_id),
        "coding": view,
        "questions": questions,
        "selected": selected,
        "answers": answers,
        "content": content,
        "content_choices": CONTENT_CHOICES,
    }
    return templates.TemplateResponse(request, "survey.html", context)


@router.post("/sources/{source_id}/utterances/{utterance_id}/content")
def set_content_form(
    request: Request,
    tasks: BackgroundTasks,
    session: SessionDep,
    user: CurrentUser,
    source: SourceResearcher,
    utterance_id: int,
    label: Annotated[str, Form()],
    back: Annotated[str, Form()] = "",
) -> Response:
    """Override one utterance's content class from the page; the source is re-coded from stored features."""
    utterance = source_utterance(session, source_id=source.id or 0, utterance_id=utterance_id)
    data = ResearcherCodeCreate(kind=CONTENT_KIND, label=label)
    add_researcher_code(session, utterance=utterance, user=user, data=data)
    queue_after_commit(request, tasks, session, source_id=source.id or 0)
    query = back if back.startswith("?") else ""
    return RedirectResponse(f"/sources/{source.id}{query}#u-{utterance_id}", status_code=303)


@router.post("/sources/{source_id}/coding")
def recode_form(
    request: Request, tasks: BackgroundTasks, session: SessionDep, source: SourceResearcher
) -> Response:
    """Queue the source for coding again from its page."""
    queue_after_commit(request, tasks, session, source_id=source.id or 0)
    return RedirectResponse(f"/sources/{source.id}#coding", status_code=303)


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
def delete_source_form(session: SessionDep, user: CurrentUser, source: SourceOwner) -> Response:
    """Delete a source and go back to its project."""
    service.delete_source(session, source_id=source.id or 0, actor=user)
    return RedirectResponse(f"/projects/{source.project_id}", status_code=303)
