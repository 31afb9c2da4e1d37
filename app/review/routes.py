"""JSON API for review mode: the queue, decisions, undo and bulk accept."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from app.access import ProjectResearcher
from app.deps import SessionDep
from app.review import service
from app.review.models import BulkResult, DecisionCreate, DecisionRead, QueueFilter, QueueItem, Undo
from app.review.queue import queue_items
from app.security import CurrentUser

router = APIRouter(prefix="/api/projects/{project_id}/review", tags=["review"])


@router.get("/queue", response_model=list[QueueItem])
def review_queue(
    session: SessionDep,
    project: ProjectResearcher,
    wanted: Annotated[QueueFilter, Query()],
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[QueueItem]:
    """Machine codes awaiting review, least certain (score nearest the coder's threshold) first."""
    return queue_items(session, project_id=project.id or 0, wanted=wanted, limit=limit)


@router.post("/decisions", response_model=DecisionRead, status_code=status.HTTP_201_CREATED)
def decide(
    session: SessionDep, user: CurrentUser, project: ProjectResearcher, data: DecisionCreate
) -> DecisionRead:
    """Accept, reject or change a machine code; stored as researcher codes with who and when."""
    return service.decide(session, project_id=project.id or 0, user=user, data=data)


@router.post("/undo")
def undo(session: SessionDep, user: CurrentUser, project: ProjectResearcher, data: Undo) -> dict[str, int]:
    """Remove the researcher codes a decision stored (your own only)."""
    return {"removed": service.undo(session, project_id=project.id or 0, user=user, code_ids=data.code_ids)}


@router.post("/bulk-accept", response_model=BulkResult)
def bulk_accept(
    session: SessionDep, user: CurrentUser, project: ProjectResearcher, wanted: QueueFilter
) -> BulkResult:
    """Accept every undecided machine code matching the filter (kind, label, score range, source)."""
    return BulkResult(
        accepted=service.bulk_accept(session, project_id=project.id or 0, user=user, wanted=wanted)
    )
