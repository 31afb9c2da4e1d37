"""JSON API for participants (rosters: app/sources/routes.py, erasure: app/erasure/routes.py)."""

from __future__ import annotations

from fastapi import APIRouter, status

from app.access import (
    ParticipantResearcher,
    ParticipantViewer,
    ProjectResearcher,
    ProjectViewer,
)
from app.deps import SessionDep
from app.pagination import PageDep
from app.participants import service
from app.participants.models import ParticipantCreate, ParticipantPage, ParticipantRead, ParticipantUpdate

router = APIRouter(prefix="/api", tags=["participants"])


@router.get("/projects/{project_id}/participants", response_model=ParticipantPage)
def list_participants(session: SessionDep, project: ProjectViewer, paging: PageDep) -> ParticipantPage:
    """A page of a project's participants with utterance counts, most vocal first, and the total."""
    return service.participant_page(
        session, project_id=project.id or 0, page=paging.page, page_size=paging.page_size
    )


@router.post(
    "/projects/{project_id}/participants", response_model=ParticipantRead, status_code=status.HTTP_201_CREATED
)
def create_participant(
    session: SessionDep, project: ProjectResearcher, data: ParticipantCreate
) -> ParticipantRead:
    """Add a participant by hand."""
    created = service.create_participant(session, project_id=project.id or 0, data=data)
    return ParticipantRead.model_validate(created)


@router.get("/participants/{participant_id}", response_model=ParticipantRead)
def get_participant(session: SessionDep, participant: ParticipantViewer) -> ParticipantRead:
    """Read one participant, with their utterance count."""
    return service.participant_read(session, participant)


@router.patch("/participants/{participant_id}", response_model=ParticipantRead)
def update_participant(
    session: SessionDep, participant: ParticipantResearcher, data: ParticipantUpdate
) -> ParticipantRead:
    """Edit who a participant is (job title, company, committee role, consent, attributes...)."""
    updated = service.update_participant(session, participant_id=participant.id or 0, data=data)
    return service.participant_read(session, updated)
