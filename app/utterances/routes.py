"""JSON API for utterances and full-text search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.access import ProjectViewer
from app.deps import SessionDep
from app.pagination import PageDep
from app.search.service import SearchPage, search_utterances
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


@router.get("/search", response_model=SearchPage)
def search(
    session: SessionDep,
    project: ProjectViewer,
    paging: PageDep,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    speaker_role: RoleQuery = None,
) -> SearchPage:
    """Full-text search over a project's utterances, best matches first."""
    return search_utterances(
        session,
        project_id=project.id or 0,
        query=q,
        page=paging.page,
        page_size=paging.page_size,
        speaker_role=speaker_role,
    )
