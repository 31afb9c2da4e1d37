"""JSON API for live interviews: start, resume, save answers, time sections, finish, highlights."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request, status

from app.access import ProjectResearcher, ProjectViewer
from app.coding.queue import queue_after_commit
from app.coding.service import latest_job
from app.deps import SessionDep
from app.interviews import service
from app.interviews.access import InterviewResearcher, InterviewViewer
from app.interviews.finish import finish_interview
from app.interviews.highlights import list_highlights
from app.interviews.models import (
    AnswerRead,
    AnswerSave,
    FinishResult,
    HighlightPage,
    InterviewPage,
    InterviewStart,
    InterviewState,
    InterviewStatus,
    SectionTimeRead,
    TimerChange,
)
from app.pagination import PageDep
from app.security import CurrentUser

router = APIRouter(prefix="/api", tags=["interviews"])


@router.post(
    "/projects/{project_id}/interviews", response_model=InterviewState, status_code=status.HTTP_201_CREATED
)
def start_interview(
    session: SessionDep, user: CurrentUser, project: ProjectResearcher, data: InterviewStart
) -> InterviewState:
    """Start a live interview with a participant from a guide (a project guide or a built-in one)."""
    interview = service.start_interview(session, project=project, user=user, data=data)
    return service.state(session, interview)


@router.get("/projects/{project_id}/interviews", response_model=InterviewPage)
def list_interviews(
    session: SessionDep, project: ProjectViewer, paging: PageDep, status: InterviewStatus | None = None
) -> InterviewPage:
    """The project's live interviews (drafts and finished; discarded ones only when asked), newest first."""
    return service.list_interviews(
        session, project_id=project.id or 0, status=status, page=paging.page, page_size=paging.page_size
    )


@router.get("/interviews/{interview_id}", response_model=InterviewState)
def get_interview(session: SessionDep, interview: InterviewViewer) -> InterviewState:
    """An interview with its guide, every saved answer and the section timers (to resume a draft)."""
    return service.state(session, interview)


@router.put("/interviews/{interview_id}/answers/{question_id}", response_model=AnswerRead)
def save_answer(
    session: SessionDep, interview: InterviewResearcher, question_id: str, data: AnswerSave
) -> AnswerRead:
    """Save one question's answer, notes and quotes; an older revision never overwrites a newer one."""
    return service.save_answer(session, interview=interview, question_id=question_id, data=data)


@router.put("/interviews/{interview_id}/sections/{section_id}/timer", response_model=list[SectionTimeRead])
def set_timer(
    session: SessionDep, interview: InterviewResearcher, section_id: str, data: TimerChange
) -> list[SectionTimeRead]:
    """Start (stopping any other) or stop a section's timer; returns every section's time."""
    return service.set_timer(session, interview=interview, section_id=section_id, running=data.running)


@router.post("/interviews/{interview_id}/finish", response_model=FinishResult)
def finish(
    request: Request,
    tasks: BackgroundTasks,
    session: SessionDep,
    user: CurrentUser,
    interview: InterviewResearcher,
) -> FinishResult:
    """Turn the interview into a source (utterances linked to questions and stages); queue coding."""
    done = finish_interview(session, interview=interview, user=user)
    queue_after_commit(request, tasks, session, source_id=done.source_id)
    job = latest_job(session, source_id=done.source_id)
    return FinishResult(
        interview_id=interview.id or 0,
        source_id=done.source_id,
        utterances=done.utterances,
        highlights=done.highlights,
        coding_job_id=job.id if job else None,
    )


@router.delete("/interviews/{interview_id}")
def discard(session: SessionDep, user: CurrentUser, interview: InterviewResearcher) -> dict[str, int]:
    """Discard a draft: what was typed is deleted (a finished interview is deleted with its source)."""
    interview_id = interview.id or 0
    service.discard(session, interview=interview, user=user)
    return {"deleted": interview_id}


@router.get("/projects/{project_id}/highlights", response_model=HighlightPage)
def highlights(session: SessionDep, project: ProjectViewer, paging: PageDep) -> HighlightPage:
    """Quotes marked in live interviews, newest first."""
    return list_highlights(session, project_id=project.id or 0, page=paging.page, page_size=paging.page_size)
