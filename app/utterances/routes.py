"""JSON API for utterances."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.access import ProjectViewer
from app.deps import SessionDep
from app.pagination import PageDep
from app.utterances.models import UtterancePage
from app.utterances.service import UtteranceFilter, list_utterances

router = APIRouter(prefix="/api/projects/{project_id}", tags=["utterances"])

RoleQuery = Annotated[str | None, Query(pattern="^(interviewer|respondent)$")]


@router.get("/utterances", response_model=UtterancePage)
def get_utterances(
    session: SessionDep,
    project: ProjectViewer,
    paging: PageDep,
    source_id: int | None = None,
    participant_id: int | None = None,
    question_id: int | None = None,
    speaker_role: RoleQuery = None,
) -> UtterancePage:
    """Page through a project's utterances, filtered by source, participant, question or speaker role."""
    filters = UtteranceFilter(
        source_id=source_id, participant_id=participant_id, speaker_role=speaker_role, question_id=question_id
    )
    return list_utterances(
        session, project_id=project.id or 0, filters=filters, page=paging.page, page_size=paging.page_size
    )
