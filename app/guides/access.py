"""Access to a project's guides by id: the same rules as every project row (app/access.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends

from app.access import authorize_project
from app.deps import SessionDep
from app.errors import NotFound
from app.guides.models import Guide
from app.members.models import ProjectRole
from app.security import CurrentUser


def _guide(needed: ProjectRole) -> Callable[..., Guide]:
    def dependency(guide_id: int, session: SessionDep, user: CurrentUser) -> Guide:
        guide = session.get(Guide, guide_id)
        missing = NotFound(f"Guide {guide_id} does not exist.")
        if guide is None:
            raise missing
        try:
            authorize_project(session, user=user, project_id=guide.project_id, needed=needed)
        except NotFound:
            raise missing from None
        return guide

    return dependency


GuideViewer = Annotated[Guide, Depends(_guide(ProjectRole.VIEWER))]
GuideResearcher = Annotated[Guide, Depends(_guide(ProjectRole.RESEARCHER))]
GuideOwner = Annotated[Guide, Depends(_guide(ProjectRole.OWNER))]
