"""JSON API for erasing a participant."""

from __future__ import annotations

from fastapi import APIRouter

from app.access import ParticipantOwner
from app.deps import SessionDep
from app.erasure.service import ErasureReport, erase_participant
from app.security import CurrentUser

router = APIRouter(prefix="/api", tags=["participants"])


@router.delete("/participants/{participant_id}", response_model=ErasureReport)
def erase(session: SessionDep, user: CurrentUser, participant: ParticipantOwner) -> ErasureReport:
    """Erase a participant and everything they said or that was derived from it (owners)."""
    return erase_participant(session, participant=participant, actor=user)
