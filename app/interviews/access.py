"""Access to live interviews by id: the same rules as every project row (app/access.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends

from app.access import authorize_row
from app.deps import SessionDep
from app.interviews.models import LiveInterview
from app.members.models import ProjectRole
from app.security import CurrentUser


def _interview(needed: ProjectRole) -> Callable[..., LiveInterview]:
    def dependency(interview_id: int, session: SessionDep, user: CurrentUser) -> LiveInterview:
        return authorize_row(
            session, user=user, model=LiveInterview, row_id=interview_id, needed=needed, label="Interview"
        )

    return dependency


InterviewViewer = Annotated[LiveInterview, Depends(_interview(ProjectRole.VIEWER))]
InterviewResearcher = Annotated[LiveInterview, Depends(_interview(ProjectRole.RESEARCHER))]
