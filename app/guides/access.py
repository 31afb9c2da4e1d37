"""Access to a project's guides by id: the same rules as every project row (app/access.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends

from app.access import authorize_row
from app.deps import SessionDep
from app.guides.models import Guide
from app.members.models import ProjectRole
from app.security import CurrentUser


def _guide(needed: ProjectRole) -> Callable[..., Guide]:
    def dependency(guide_id: int, session: SessionDep, user: CurrentUser) -> Guide:
        return authorize_row(session, user=user, model=Guide, row_id=guide_id, needed=needed)

    return dependency


GuideViewer = Annotated[Guide, Depends(_guide(ProjectRole.VIEWER))]
GuideResearcher = Annotated[Guide, Depends(_guide(ProjectRole.RESEARCHER))]
GuideOwner = Annotated[Guide, Depends(_guide(ProjectRole.OWNER))]
