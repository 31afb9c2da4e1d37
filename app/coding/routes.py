"""JSON API for coding: job progress, re-running a job, sources coded by older models, codes on utterances."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request, status

from app.access import (
    ProjectResearcher,
    ProjectViewer,
    SourceResearcher,
    SourceViewer,
    UtteranceResearcher,
    UtteranceViewer,
)
from app.coding import service, stale
from app.coding.content import CONTENT_KIND
from app.coding.jobs import queue_job
from app.coding.models import CodeRead, CodingJobRead, RecodeQueued, ResearcherCodeCreate, StaleCodingRead
from app.coding.queue import queue_after_commit, submit_after_commit
from app.deps import SessionDep
from app.errors import NotFound
from app.security import CurrentUser

router = APIRouter(prefix="/api", tags=["coding"])


@router.get("/sources/{source_id}/coding", response_model=CodingJobRead)
def coding_progress(session: SessionDep, source: SourceViewer) -> CodingJobRead:
    """The source's latest coding job: status, progress and any error."""
    job = service.latest_job(session, source_id=source.id or 0)
    if job is None:
        raise NotFound(f"Source {source.id} has not been queued for coding.")
    return CodingJobRead.model_validate(job)


@router.post(
    "/sources/{source_id}/coding", response_model=CodingJobRead, status_code=status.HTTP_202_ACCEPTED
)
def recode(
    request: Request, session: SessionDep, source: SourceResearcher, tasks: BackgroundTasks
) -> CodingJobRead:
    """Queue the source for coding again (after a failure, or with new models); codes are replaced."""
    job = queue_job(session, source=source)
    tasks.add_task(request.app.state.runner.submit, job.id)
    return CodingJobRead.model_validate(job)


@router.get("/projects/{project_id}/stale-coding", response_model=StaleCodingRead)
def stale_coding(session: SessionDep, project: ProjectViewer) -> StaleCodingRead:
    """Sources whose machine codes were made by older models than those that code now."""
    return stale.stale_coding(session, project_id=project.id or 0)


@router.post(
    "/projects/{project_id}/recode-stale", response_model=RecodeQueued, status_code=status.HTTP_202_ACCEPTED
)
def recode_stale(
    request: Request, session: SessionDep, project: ProjectResearcher, tasks: BackgroundTasks
) -> RecodeQueued:
    """Queue re-coding of the sources coded by older models; researcher codes are kept."""
    job_ids = stale.recode_stale(session, project_id=project.id or 0)
    submit_after_commit(request, tasks, job_ids)
    return RecodeQueued(job_ids=job_ids)


@router.get("/utterances/{utterance_id}/codes", response_model=list[CodeRead])
def utterance_codes(session: SessionDep, utterance: UtteranceViewer) -> list[CodeRead]:
    """Every code on an utterance, machine and researcher."""
    return [CodeRead.model_validate(c) for c in service.codes_of(session, utterance_id=utterance.id or 0)]


@router.post("/utterances/{utterance_id}/codes", response_model=CodeRead, status_code=status.HTTP_201_CREATED)
def add_code(
    request: Request,
    tasks: BackgroundTasks,
    session: SessionDep,
    user: CurrentUser,
    utterance: UtteranceResearcher,
    data: ResearcherCodeCreate,
) -> CodeRead:
    """Add a researcher's code to an utterance; it is kept when the machine re-codes.

    A "content" code (label: substantive, backchannel, courtesy, procedural or marker) overrides the
    content class and re-codes the source from its stored features.
    """
    code = service.add_researcher_code(session, utterance=utterance, user=user, data=data)
    if data.kind == CONTENT_KIND:
        queue_after_commit(request, tasks, session, source_id=utterance.source_id)
    return CodeRead.model_validate(code)
