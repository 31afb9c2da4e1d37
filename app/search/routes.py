"""JSON API for full-text search over a project's utterances."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.access import ProjectViewer
from app.deps import SessionDep
from app.pagination import PageDep
from app.search.service import SearchPage, search_utterances
from app.utterances.routes import RoleQuery

router = APIRouter(prefix="/api/projects/{project_id}", tags=["search"])


@router.get("/search", response_model=SearchPage)
def search(
    session: SessionDep,
    project: ProjectViewer,
    paging: PageDep,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    speaker_role: RoleQuery = None,
    substantive_only: bool = False,
) -> SearchPage:
    """Full-text search over a project's utterances: substantive ones first, best matches first."""
    return search_utterances(
        session,
        project_id=project.id or 0,
        query=q,
        page=paging.page,
        page_size=paging.page_size,
        speaker_role=speaker_role,
        substantive_only=substantive_only,
    )
