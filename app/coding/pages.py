"""HTML pages: a source with its codes (an interview as a transcript, a survey question by question),
with filters, and the forms that change a content class or queue a source (or those coded by older
models) for coding again."""

from __future__ import annotations

from itertools import groupby
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from app.access import ProjectResearcher, SourceResearcher, SourceViewer, role_in
from app.accounts.models import User
from app.coding.content import CONTENT_KIND
from app.coding.models import ResearcherCodeCreate
from app.coding.queue import queue_after_commit, submit_after_commit
from app.coding.service import add_researcher_code
from app.coding.stale import recode_stale, stale_coding
from app.coding.view import ABSTAIN_CHOICES, CONTENT_CHOICES, CodeFilter, coding_view
from app.coverage.service import links_by_utterance
from app.deps import SessionDep
from app.frameworks.service import stage_names
from app.pagination import PageDep
from app.participants.service import participant_names
from app.projects.service import get_project
from app.security import CurrentUser
from app.sources import service as sources
from app.sources.closed import ClosedChoice, chosen_by, closed_questions
from app.sources.duplicates import near_duplicate_of
from app.sources.models import Source, SourceKind
from app.utterances.service import page_of, source_utterance, source_utterances
from app.web import templates

router = APIRouter(include_in_schema=False)
_NAMES_SHOWN = 100
ContentQuery = Annotated[str | None, Query(pattern=f"^({'|'.join(CONTENT_CHOICES)})?$")]


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
    closed: str | None = None,
    choice: str | None = None,
    blank: bool = False,
) -> Response:
    """An interview as a transcript, or a survey question by question, with codes and filters."""
    wanted = CodeFilter(
        emotion=emotion or None, stage=stage or None, force=force or None, pain=pain or None, content=content
    )
    source_id = source.id or 0
    project = get_project(session, source.project_id)
    if source.kind == SourceKind.SURVEY:
        picked = choice is not None or blank
        chose = ClosedChoice(column=closed, choice=None if blank else choice) if closed and picked else None
        return _survey_page(
            request,
            session,
            source=source,
            question=question,
            paging=paging,
            content=content,
            user=user,
            chose=chose,
        )
    utterances = source_utterances(session, source_id=source_id)
    view = coding_view(session, source_id=source_id, wanted=wanted, utterances=utterances)
    turns = [list(group) for _, group in groupby(utterances, key=lambda u: u.turn)]
    if wanted.active:
        turns = [turn for turn in turns if any(u.id in view.hits for u in turn)]
    context = {
        "project": project,
        "source": source,
        "duplicate_of": near_duplicate_of(session, source=source),
        "turns": turns,
        "speakers": sources.list_speakers(session, source_id=source_id),
        "role": role_in(session, user=user, project_id=source.project_id),
        "coding": view,
        "stale": stale_coding(session, project_id=source.project_id, source_id=source_id),
        "wanted": wanted,
        "guide_links": links_by_utterance(session, source_id=source_id),
        "stage_names": stage_names(session, project_id=project.id or 0, framework_id=project.framework),
        "content_choices": CONTENT_CHOICES,
        "abstain_choices": ABSTAIN_CHOICES,
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
    chose: ClosedChoice | None,
) -> Response:
    source_id = source.id or 0
    questions = sources.list_questions(session, source_id=source_id)
    closed = closed_questions(session, source=source)
    who = chosen_by(closed, chose) if chose else None
    choosers = set(who) if who is not None else None  # a set: thousands of answers meet thousands of ids
    # The page opens on the first question: the parser puts the survey's own open questions before text
    # typed for an option ("Other (please specify)"), wherever such a column is in the file.
    first = questions[0] if questions else None
    selected = next((q for q in questions if q.id == question), first)
    utterances = source_utterances(session, source_id=source_id)
    wanted = CodeFilter(content=content or None)
    view = coding_view(session, source_id=source_id, wanted=wanted, utterances=utterances)
    answers = None
    if selected is not None:
        shown = [
            u
            for u in utterances
            if u.question_id == selected.id
            and (not content or u.id in view.hits)
            and (choosers is None or u.participant_id in choosers)
        ]
        answers = page_of(shown, page=paging.page, page_size=paging.page_size)
    project = get_project(session, source.project_id)
    context = {
        "project": project,
        "source": source,
        "duplicate_of": near_duplicate_of(session, source=source),
        "role": role_in(session, user=user, project_id=source.project_id),
        "coding": view,
        "stage_names": stage_names(session, project_id=source.project_id, framework_id=project.framework),
        "stale": stale_coding(session, project_id=source.project_id, source_id=source_id),
        "questions": questions,
        "selected": selected,
        "answers": answers,
        "content": content,
        "content_choices": CONTENT_CHOICES,
        "closed": closed,
        "chose": chose,
        "chosen": participant_names(session, ids=who)[:_NAMES_SHOWN] if who is not None else None,
        "chosen_total": len(who or []),
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


@router.post("/projects/{project_id}/recode-stale")
def recode_stale_form(
    request: Request, tasks: BackgroundTasks, session: SessionDep, project: ProjectResearcher
) -> Response:
    """Queue re-coding of the sources coded by older models, from the project page."""
    submit_after_commit(request, tasks, recode_stale(session, project_id=project.id or 0))
    return RedirectResponse(f"/projects/{project.id}", status_code=303)
