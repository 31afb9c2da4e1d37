"""Access to live interviews by id: the same rules as every project row (app/access.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends

from app.access import authorize_project
from app.deps import SessionDep
from app.errors import NotFound
from app.interviews.models import LiveInterview
from app.members.models import ProjectRole
from app.security import CurrentUser


def _interview(needed: ProjectRole) -> Callable[..., LiveInterview]:
    def dependency(interview_id: int, session: SessionDep, user: CurrentUser) -> LiveInterview:
        interview = session.get(LiveInterview, interview_id)
        missing = NotFound(f"Interview {interview_id} does not exist.")
        if interview is None:
            raise missing
        try:
            authorize_project(session, user=user, project_id=interview.project_id, needed=needed)
        except NotFound:
            raise missing from None
        return interview

    return dependency


InterviewViewer = Annotated[LiveInterview, Depends(_interview(ProjectRole.VIEWER))]
InterviewResearcher = Annotated[LiveInterview, Depends(_interview(ProjectRole.RESEARCHER))]
